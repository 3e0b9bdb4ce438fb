import { createAccounts } from './accounts';
import { createCodes } from './codes';
import { createDevices } from './devices';
import { createMessages } from './messages';
import { REPLAY_WINDOW_MS, sweepExpired } from './retention';
import { openDatabase } from './schema';

/** Every query the server runs, grouped by concern, over one SQLite connection. */
export function createStore(path: string) {
  const db = openDatabase(path);
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    accounts: createAccounts(db),
    devices: createDevices(db),
    codes: createCodes(db),
    messages: createMessages(db),
    /** Runs `fn` in one transaction (one fsync for a whole send). */
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    sweep: (now: number) => sweepExpired(db, now),
    /**
     * Counters for monitoring and tests: bound devices, stored messages, stored push tokens,
     * and device deliveries still inside the replay window.
     */
    counts: (now: number) => ({
      devices: count('SELECT COUNT(*) AS n FROM devices WHERE device_token IS NOT NULL'),
      messages: count('SELECT COUNT(*) AS n FROM messages'),
      pushTokens: count('SELECT COUNT(*) AS n FROM push_tokens'),
      pendingReplays: (
        db
          .prepare(
            `SELECT COUNT(*) AS n FROM device_messages dm JOIN messages m ON m.id = dm.message_id
             WHERE dm.pushed = 0 AND dm.is_deleted = 0 AND m.create_time >= ?`,
          )
          .get(now - REPLAY_WINDOW_MS) as { n: number }
      ).n,
    }),
    close: () => db.close(),
  };
}

/** The store object. */
export type Store = ReturnType<typeof createStore>;
