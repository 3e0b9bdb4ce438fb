import type { Connection } from '../push/connection';
import type { Sync } from './sync';

/** Alarm names and periods. Unpacked extensions may go below 30 s; packed ones get 30 s. */
export const ALARMS = {
  watchdog: { name: 'wxp-watchdog', periodInMinutes: 0.5 },
  prune: { name: 'wxp-prune', periodInMinutes: 60 },
} as const;

/** How long after its start a worker prunes (the hourly alarm aside): a relaunch's backlog is stored first. */
export const STARTUP_PRUNE_DELAY_MS = 10_000;

/** The part of `browser.alarms` used here. */
export interface AlarmsApi {
  get(name: string): Promise<unknown>;
  create(name: string, info: { periodInMinutes: number }): Promise<void> | void;
}

/**
 * Creates the alarms that are missing. The watchdog revives a worker Chrome stopped and redials
 * a dropped connection; re-creating an existing alarm would restart its period on every wake-up.
 */
export async function ensureAlarms(alarms: AlarmsApi): Promise<void> {
  await Promise.all(
    Object.values(ALARMS).map(async ({ name, periodInMinutes }) => {
      if (!(await alarms.get(name))) await alarms.create(name, { periodInMinutes });
    }),
  );
}

/** The watchdog's periodic work (docs/architecture.md §3). */
export async function watchdogTick(parts: {
  connection: Pick<Connection, 'start'>;
  /** Sends what the bound account owes (deletes held for undo come due meanwhile too). */
  flush: () => Promise<void>;
  sync: Pick<Sync, 'runIfDue'>;
}): Promise<void> {
  // start(), not reconnectNow(): a connection waiting out its backoff keeps its schedule
  // (a watchdog every 30 s must not turn a 120 s backoff into 30 s); a fresh worker dials.
  parts.connection.start();
  await parts.flush();
  await parts.sync.runIfDue();
}
