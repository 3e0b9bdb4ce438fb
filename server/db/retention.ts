import type Database from 'better-sqlite3';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A reconnecting device gets what it missed within this window (docs/protocol.md §3). */
export const REPLAY_WINDOW_MS = DAY;

/** Messages, contents and send records are kept this long: 7 days (docs/protocol.md §6). */
export const RETENTION_MS = 7 * DAY;

/**
 * Deletes everything past its retention at `now`: messages and their per-device state, contents
 * and send records older than 7 days; login codes an hour past expiry; parameter codes a day past
 * expiry (so a late `scan-qrcode-uid` poll still answers); old daily counters; and push tokens
 * unseen for 7 days that no device uses. Returns the number of messages removed.
 */
export function sweepExpired(db: Database.Database, now: number): number {
  const cutoff = now - RETENTION_MS;
  return db.transaction(() => {
    db.prepare(
      `DELETE FROM device_messages WHERE message_id IN
       (SELECT id FROM messages WHERE create_time < ?)`,
    ).run(cutoff);
    const removed = db.prepare('DELETE FROM messages WHERE create_time < ?').run(cutoff).changes;
    db.prepare('DELETE FROM contents WHERE create_time < ?').run(cutoff);
    db.prepare('DELETE FROM send_records WHERE create_time < ?').run(cutoff);
    db.prepare('DELETE FROM login_codes WHERE expires < ?').run(now - HOUR);
    db.prepare('DELETE FROM param_codes WHERE expires < ?').run(now - DAY);
    db.prepare('DELETE FROM daily_counts WHERE day < ?').run(Math.floor(now / DAY) - 2);
    db.prepare(
      `DELETE FROM push_tokens WHERE last_seen < ? AND push_token NOT IN
       (SELECT push_token FROM devices WHERE push_token IS NOT NULL)`,
    ).run(cutoff);
    return removed;
  })();
}
