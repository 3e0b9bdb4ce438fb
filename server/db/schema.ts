import Database from 'better-sqlite3';

/**
 * Cumulative migrations, applied in order by `PRAGMA user_version`: entry n upgrades a
 * database at version n to n + 1. Append, never edit, once a version has shipped.
 *
 * Message storage design (see also messages.ts). Every id below is AUTOINCREMENT (migration 2):
 * a receiver keeps the ids it has seen, so one must never be issued twice.
 * - `contents`: one row per send call (`messageContentId`), the body shared by every recipient.
 * - `send_records`: one row per uid or topic entry of a send call (`sendRecordId`).
 * - `messages`: one row per (content, recipient user): `messageId` (= WebSocket `mid`) and the
 *   public `qid` of the detail page.
 * - `device_messages`: per (message, device) state: `pushed` (written to a socket of that
 *   device; drives the 24 h replay), `is_read`, `is_deleted`. A row is created at send time for
 *   every device then bound to the user, and upserted on read-mark/delete for devices bound
 *   later, so read and delete are per device while the list is per user.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE apps (
    id INTEGER PRIMARY KEY, app_token TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    callback_url TEXT, create_time INTEGER NOT NULL);
  CREATE TABLE users (
    id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, spt TEXT NOT NULL UNIQUE,
    nick_name TEXT NOT NULL, create_time INTEGER NOT NULL);
  CREATE TABLE topics (
    id INTEGER PRIMARY KEY, app_id INTEGER NOT NULL, name TEXT NOT NULL,
    create_time INTEGER NOT NULL);
  CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY, uid TEXT NOT NULL, type INTEGER NOT NULL, target_id INTEGER NOT NULL,
    app_id INTEGER NOT NULL, reject INTEGER NOT NULL DEFAULT 0, extra TEXT,
    create_time INTEGER NOT NULL, UNIQUE (type, target_id, uid));
  CREATE INDEX subscriptions_app ON subscriptions (app_id, id);
  CREATE TABLE push_tokens (
    push_token TEXT PRIMARY KEY, create_time INTEGER NOT NULL, last_seen INTEGER NOT NULL);
  CREATE TABLE devices (
    device_uuid TEXT PRIMARY KEY, device_token TEXT UNIQUE, uid TEXT, push_token TEXT,
    device_name TEXT NOT NULL, platform TEXT NOT NULL,
    create_time INTEGER NOT NULL, update_time INTEGER NOT NULL);
  CREATE INDEX devices_uid ON devices (uid);
  CREATE INDEX devices_push_token ON devices (push_token);
  CREATE TABLE login_codes (
    code TEXT PRIMARY KEY, expires INTEGER NOT NULL, uid TEXT, device_uuid TEXT,
    create_time INTEGER NOT NULL);
  CREATE TABLE param_codes (
    code TEXT PRIMARY KEY, app_id INTEGER NOT NULL, extra TEXT NOT NULL, expires INTEGER NOT NULL,
    scan_uid TEXT, scan_time INTEGER, create_time INTEGER NOT NULL);
  CREATE TABLE contents (
    id INTEGER PRIMARY KEY, app_id INTEGER, title TEXT NOT NULL, summary TEXT NOT NULL,
    content TEXT NOT NULL, content_type INTEGER NOT NULL, source_url TEXT NOT NULL,
    create_time INTEGER NOT NULL);
  CREATE INDEX contents_time ON contents (create_time);
  CREATE TABLE send_records (
    id INTEGER PRIMARY KEY, content_id INTEGER NOT NULL, uid TEXT, topic_id INTEGER,
    code INTEGER NOT NULL, status TEXT NOT NULL, recipients INTEGER NOT NULL,
    create_time INTEGER NOT NULL);
  CREATE INDEX send_records_time ON send_records (create_time);
  CREATE TABLE messages (
    id INTEGER PRIMARY KEY, qid TEXT NOT NULL UNIQUE, content_id INTEGER NOT NULL,
    send_record_id INTEGER NOT NULL, uid TEXT NOT NULL, topic_id INTEGER, name TEXT NOT NULL,
    create_time INTEGER NOT NULL);
  CREATE INDEX messages_uid ON messages (uid, id);
  CREATE INDEX messages_content ON messages (content_id);
  CREATE INDEX messages_time ON messages (create_time);
  CREATE TABLE device_messages (
    message_id INTEGER NOT NULL, device_uuid TEXT NOT NULL,
    pushed INTEGER NOT NULL DEFAULT 0, is_read INTEGER NOT NULL DEFAULT 0,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (message_id, device_uuid)) WITHOUT ROWID;
  CREATE INDEX device_messages_pending ON device_messages (device_uuid, pushed);
  CREATE TABLE daily_counts (
    uid TEXT NOT NULL, day INTEGER NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (uid, day)) WITHOUT ROWID;
  `,
  // 2: ids of contents, send records and messages never repeat (AUTOINCREMENT). Without it
  // SQLite hands out the largest id + 1, so withdrawing the newest message or a sweep that
  // empties a table issued an id again, which a receiver already holds. A file that was in
  // use may have issued, and since lost, higher ids than any left in it: its ids restart
  // above the current time in ms, more than a server of this kind issues in centuries.
  `
  ${rebuildWithAutoincrement(
    'contents',
    `app_id INTEGER, title TEXT NOT NULL, summary TEXT NOT NULL,
    content TEXT NOT NULL, content_type INTEGER NOT NULL, source_url TEXT NOT NULL,
    create_time INTEGER NOT NULL`,
  )}
  CREATE INDEX contents_time ON contents (create_time);
  ${rebuildWithAutoincrement(
    'send_records',
    `content_id INTEGER NOT NULL, uid TEXT,
    topic_id INTEGER, code INTEGER NOT NULL, status TEXT NOT NULL, recipients INTEGER NOT NULL,
    create_time INTEGER NOT NULL`,
  )}
  CREATE INDEX send_records_time ON send_records (create_time);
  ${rebuildWithAutoincrement(
    'messages',
    `qid TEXT NOT NULL UNIQUE, content_id INTEGER NOT NULL,
    send_record_id INTEGER NOT NULL, uid TEXT NOT NULL, topic_id INTEGER, name TEXT NOT NULL,
    create_time INTEGER NOT NULL`,
  )}
  CREATE INDEX messages_uid ON messages (uid, id);
  CREATE INDEX messages_content ON messages (content_id);
  CREATE INDEX messages_time ON messages (create_time);
  `,
];

/**
 * SQL that rebuilds `table` with `id INTEGER PRIMARY KEY AUTOINCREMENT` and the same other
 * columns (in the same order), keeping its rows, and starts its sequence above what the file
 * may have issued before (see migration 2). Its indexes are created again by the caller.
 */
function rebuildWithAutoincrement(table: string, columns: string): string {
  const floor = `CASE WHEN EXISTS (SELECT 1 FROM users)
    THEN CAST(strftime('%s', 'now') AS INTEGER) * 1000 ELSE 0 END`;
  return `
  CREATE TABLE ${table}_next (id INTEGER PRIMARY KEY AUTOINCREMENT, ${columns});
  INSERT INTO ${table}_next SELECT * FROM ${table};
  DROP TABLE ${table};
  ALTER TABLE ${table}_next RENAME TO ${table};
  INSERT INTO sqlite_sequence (name, seq) SELECT '${table}', 0
    WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '${table}');
  UPDATE sqlite_sequence SET seq = MAX(seq, ${floor}) WHERE name = '${table}';`;
}

/** Opens (creating if needed) the SQLite file and brings its schema up to date. */
export function openDatabase(path: string): Database.Database {
  const db = new Database(path);
  // WAL keeps readers and the single writer out of each other's way; NORMAL is durable enough
  // for a local server and much faster per send.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}
