import { storedRows } from '../e2e/worker-inspect';
import { checkDelivery } from './checks';
import { expect, hook, probeAndBind, report, send, test } from './fixtures';

const DAY = 24 * 60 * 60_000;

test('the server withdraws its newest message and sweeps its tables empty: every later message is new to the worker', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(120_000);
  const started = Date.now();
  await probeAndBind(extPage, ext.worker, server);
  const contents = new Map<number, string>();
  const sent: number[] = [];
  async function sendBatch(label: string) {
    const batch: { messageId: number; messageContentId: number }[] = [];
    for (let i = 0; i < 10; i++) {
      const content = `${label} ${i}`;
      const entry = await send(server, { content });
      contents.set(entry.messageId, content);
      sent.push(entry.messageId);
      batch.push(entry);
    }
    return batch;
  }

  // Arrange: 10 messages stored; the sender withdraws the newest (the worker keeps it).
  const first = await sendBatch('first');
  await checkDelivery(extPage, ext.worker, sent);
  const withdrawn = await fetch(
    `${server.url}/api/send/message?messageContentId=${first.at(-1)!.messageContentId}&appToken=${server.appToken}`,
    { method: 'DELETE' },
  );
  expect(((await withdrawn.json()) as { code: number }).code).toBe(1000);

  // Act: 10 more; then a week passes on the server, its sweep empties the tables, 10 more.
  await sendBatch('after withdrawal');
  await hook(server, 'clock', { offsetMs: 8 * DAY });
  await hook(server, 'sweep');
  await hook(server, 'clock', { offsetMs: 0 });
  await sendBatch('after sweep');

  // Assert: 30 distinct ids, each stored once with its own text, notified at most once.
  expect(new Set(sent).size).toBe(sent.length);
  const result = await checkDelivery(extPage, ext.worker, sent);
  const rows = await storedRows(ext.worker);
  expect(rows.map((r) => [r.mid, r.content])).toEqual(sent.map((m) => [m, contents.get(m)]));
  report('ids never reused', {
    messages: sent.length,
    distinctIds: new Set(sent).size,
    notificationCreates: result.creates,
    seconds: (Date.now() - started) / 1000,
  });
});
