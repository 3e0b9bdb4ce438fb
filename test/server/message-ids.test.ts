import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/db/schema';
import { sendToDefault, startServer, type TestServer } from './helpers';

const DAY = 24 * 60 * 60_000;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

/** Sends one message to the default user; returns its ids. */
async function sendOne(s: TestServer, content: string) {
  const reply = await sendToDefault(s, content);
  expect(reply.code).toBe(1000);
  return reply.data[0]!;
}

/** Withdraws a content the way a sender does (`DELETE /api/send/message`). */
async function withdraw(s: TestServer, messageContentId: number) {
  const reply = await s.call(
    'DELETE',
    `/api/send/message?messageContentId=${messageContentId}&appToken=${s.credentials.appToken}`,
  );
  expect(reply.code).toBe(1000);
}

// A receiver keeps every id it has seen (stored, or deleted as a tombstone): an id issued
// twice is a message it never stores nor notifies (docs/protocol.md §3, Replay and dedupe).
describe('message ids never repeat', () => {
  it('after the newest message is withdrawn', async () => {
    server = await startServer();
    const first = await sendOne(server, 'first');
    await withdraw(server, first.messageContentId);

    const second = await sendOne(server, 'second');

    expect(second.messageId).toBeGreaterThan(first.messageId);
    expect(second.messageContentId).toBeGreaterThan(first.messageContentId);
  });

  it('after the retention sweep emptied the tables', async () => {
    server = await startServer();
    const old = await sendOne(server, 'a week ago');
    server.clock.setOffset(8 * DAY);
    expect(server.sweep()).toBe(1);

    const next = await sendOne(server, 'now');

    expect(next.messageId).toBeGreaterThan(old.messageId);
    expect(next.messageContentId).toBeGreaterThan(old.messageContentId);
    expect(next.sendRecordId).toBeGreaterThan(old.sendRecordId);
  });

  it('across a restart after a withdrawal', async () => {
    server = await startServer();
    const sent = [await sendOne(server, 'one'), await sendOne(server, 'two')];
    await withdraw(server, sent[1]!.messageContentId);
    await server.close();
    server = await startServer({ dir: server.dir });

    const next = await sendOne(server, 'three');

    expect(next.messageId).toBeGreaterThan(sent[1]!.messageId);
  });

  it('in a data file from before the fix, upgraded in place', async () => {
    // Arrange: a file at schema version 1 that issued ids 1–5 and has since lost 4 and 5 (a
    // withdrawal): nothing in it remembers them.
    server = await startServer();
    const { dir, dbPath } = server;
    await server.close();
    const legacy = new Database(dbPath);
    legacy.exec('DROP TABLE messages; DROP TABLE contents; DROP TABLE send_records;');
    legacy.exec(
      MIGRATIONS[0]!
        .split(';')
        .filter((sql) =>
          /TABLE (messages|contents|send_records) |ON (messages|contents|send_records) /.test(sql),
        )
        .join(';'),
    );
    legacy.pragma('user_version = 1');
    const now = Date.now();
    for (let id = 1; id <= 5; id++) {
      legacy
        .prepare(
          `INSERT INTO contents (id, title, summary, content, content_type, source_url, create_time)
           VALUES (?, 't', 's', 'c', 1, '', ?)`,
        )
        .run(id, now);
      legacy
        .prepare(
          `INSERT INTO messages (id, qid, content_id, send_record_id, uid, name, create_time)
           VALUES (?, ?, ?, 1, 'UID_gone', 'app', ?)`,
        )
        .run(id, `legacy${id}`, id, now);
    }
    legacy.exec('DELETE FROM messages WHERE id > 3; DELETE FROM contents WHERE id > 3;');
    legacy.close();

    // Act
    server = await startServer({ dir });
    const next = await sendOne(server, 'after the upgrade');

    // Assert: new ids start above any the old file could have issued; old rows are kept.
    expect(next.messageId).toBeGreaterThan(5);
    expect(next.messageContentId).toBeGreaterThan(5);
    const check = new Database(dbPath, { readonly: true });
    try {
      const ids = check.prepare("SELECT id FROM messages WHERE uid = 'UID_gone' ORDER BY id").all();
      expect(ids).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
      expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    } finally {
      check.close();
    }
  });
});
