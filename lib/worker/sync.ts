import type { Clock } from '../clock';
import type { Binding, BindingTarget } from '../push/binding';
import { SCENE, catchUp, type CatchUpCursor } from '../push/catch-up';
import { LEGACY_ACCOUNT } from '../storage/db';
import type { LocalArea } from './browser';
import type { Ingest } from './ingest';
import { createPushCoverage } from './push-coverage';

/** Periodic catch-up while connected, in case a push was lost on the way. */
export const CATCH_UP_EVERY_MS = 5 * 60_000;
/** Where the cursor is kept: `{account, since, gap}` (see CatchUpCursor). */
export const CATCH_UP_KEY = 'catchUp';
/** Where a worker before accounts kept `since` (the legacy account's). */
const LEGACY_SINCE_KEY = 'catchUpSince';
/** A run stopped at its page limit is followed at once by at most this many more. */
export const MAX_FOLLOW_UP_RUNS = 10;

/**
 * Catch-up over list-v2 and its cursor (docs/protocol.md §4, docs/architecture.md §5): one run
 * at a time for the bound account, the outbox flushed first; the cursor kept in storage so a
 * stopped worker's successor knows where to start. Stored pushes move it too (push-coverage).
 */
export function createSync(deps: {
  binding: Pick<Binding, 'target' | 'isBound' | 'expireIfUnauthorized' | 'pushTokenRegistered'>;
  /** Sends what the target's account owes (run before each catch-up). */
  flush: (target: BindingTarget) => Promise<void>;
  ingest: Pick<Ingest, 'add'>;
  area: LocalArea;
  clock: Pick<Clock, 'now' | 'setTimeout'>;
  /** The server's time now (estimated). */
  serverNow: () => number;
}) {
  const { clock } = deps;
  let lastRunAt = 0;
  let account: number | null = null;
  let cursor: CatchUpCursor = { since: 0 };
  let running: Promise<void> | null = null;

  async function save(): Promise<void> {
    if (account === null) return;
    await deps.area.set({ [CATCH_UP_KEY]: { account, ...cursor } });
  }

  /** The cursor is the bound account's: another account starts from nothing. */
  function cursorFor(target: BindingTarget): CatchUpCursor {
    if (account !== target.account) {
      account = target.account;
      cursor = { since: 0 };
    }
    return cursor;
  }

  const coverage = createPushCoverage({
    extend(pushAccount, createTime, mid) {
      if (pushAccount !== account) return;
      if (createTime <= cursor.since && mid <= (cursor.sinceId ?? 0)) return;
      const since = Math.max(cursor.since, createTime);
      cursor = { ...cursor, since, sinceId: Math.max(cursor.sinceId ?? 0, mid) };
      void save();
    },
  });

  async function runOnce(target: BindingTarget, scene: number, notify: boolean) {
    await deps.flush(target);
    const run = coverage.runStarted(target.account, deps.binding.pushTokenRegistered());
    const result = await catchUp({
      api: target.api,
      now: deps.serverNow,
      scene,
      ingest: async (page) => ({
        added: (await deps.ingest.add(target.account, page, notify)).added.length,
      }),
      cursor: cursorFor(target),
    });
    lastRunAt = clock.now();
    if (account !== target.account) return false;
    if (result.complete) {
      const pushed = run.complete();
      cursor = {
        since: Math.max(result.next.since, pushed.createTime),
        sinceId: Math.max(result.next.sinceId ?? 0, pushed.mid),
      };
    } else {
      cursor = result.next;
    }
    await save();
    return !result.complete && result.pages > 0;
  }

  /** Catches up unless unbound; a run already going is shared. */
  function run(scene: number, notify: boolean): Promise<void> {
    const target = deps.binding.target();
    if (!target) return Promise.resolve();
    running ??= (async () => {
      try {
        // A run stopped at its page limit goes on at once from where it stopped.
        for (let i = 0; i <= MAX_FOLLOW_UP_RUNS; i++) {
          if (!(await runOnce(target, scene, notify))) break;
        }
      } catch (error) {
        // A failed write or call leaves the cursor as it was: the next run reads it all again.
        await deps.binding.expireIfUnauthorized(error, target);
      } finally {
        running = null;
      }
    })();
    return running;
  }

  return {
    run,
    coverage,

    /** Reads the cursor a previous worker kept. */
    async load(): Promise<void> {
      const kept = await deps.area.get([CATCH_UP_KEY, LEGACY_SINCE_KEY]);
      const legacy = kept[LEGACY_SINCE_KEY];
      const stored = (kept[CATCH_UP_KEY] ??
        (typeof legacy === 'number' ? { account: LEGACY_ACCOUNT, since: legacy } : undefined)) as
        (CatchUpCursor & { account?: unknown }) | undefined;
      if (!stored || typeof stored.account !== 'number' || !Number.isFinite(stored.since)) return;
      account = stored.account;
      const gap = stored.gap;
      const sinceId = Number.isSafeInteger(stored.sinceId) ? stored.sinceId : 0;
      cursor =
        gap && Number.isFinite(gap.below) && Number.isFinite(gap.downTo)
          ? { since: stored.since, sinceId, gap: { below: gap.below, downTo: gap.downTo } }
          : { since: stored.since, sinceId };
    },

    /** The periodic catch-up, once the last one is CATCH_UP_EVERY_MS old. */
    async runIfDue(): Promise<void> {
      if (clock.now() - lastRunAt >= CATCH_UP_EVERY_MS) await run(SCENE.AUTO, true);
    },

    /** Forgets the cursor (another server: its messages are another account's). */
    async forget(): Promise<void> {
      account = null;
      cursor = { since: 0 };
      await deps.area.remove(CATCH_UP_KEY);
      await deps.area.remove(LEGACY_SINCE_KEY);
    },
  };
}

export type Sync = ReturnType<typeof createSync>;
