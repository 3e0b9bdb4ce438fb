import type { Clock } from '../clock';
import type { Api } from '../push/api';
import type { Binding } from '../push/binding';
import { SCENE, catchUp } from '../push/catch-up';
import type { Outbox } from '../storage/outbox';
import type { LocalArea } from './browser';
import type { Ingest } from './ingest';

/** Periodic catch-up while connected, in case a push was lost on the way. */
export const CATCH_UP_EVERY_MS = 5 * 60_000;
/** createTime up to which every message is stored: the newest listed by the last complete catch-up. */
export const CATCH_UP_SINCE_KEY = 'catchUpSince';
/** A catch-up pages back this far past the last complete one (sends straddling it). */
export const CATCH_UP_OVERLAP_MS = 60_000;

/**
 * Catch-up over list-v2 and its cursor (docs/protocol.md §4, docs/architecture.md §5): one run
 * at a time, the outbox flushed first, and `since` kept in storage so a stopped worker's
 * successor pages back past its gap too.
 */
export function createSync(deps: {
  api: Api;
  binding: Pick<Binding, 'isBound' | 'expireIfUnauthorized'>;
  outbox: Pick<Outbox, 'flush'>;
  ingest: Pick<Ingest, 'add'>;
  area: LocalArea;
  clock: Pick<Clock, 'now'>;
}) {
  const { clock } = deps;
  let lastRunAt = 0;
  /** See CATCH_UP_SINCE_KEY; 0 until a catch-up completed (then it pages back 24 h). */
  let since = 0;
  let running: Promise<void> | null = null;

  /** Catches up unless unbound; a run already going is shared. */
  function run(scene: number, notify: boolean): Promise<void> {
    if (!deps.binding.isBound()) return Promise.resolve();
    running ??= (async () => {
      try {
        await deps.outbox.flush();
        const result = await catchUp({
          api: deps.api,
          now: () => clock.now(),
          scene,
          ingest: async (page) => ({ added: (await deps.ingest.add(page, notify)).added.length }),
          since: since > 0 ? since - CATCH_UP_OVERLAP_MS : 0,
        });
        lastRunAt = clock.now();
        if (result.newest !== undefined && result.newest > since) {
          since = result.newest;
          await deps.area.set({ [CATCH_UP_SINCE_KEY]: since });
        }
      } catch (error) {
        await deps.binding.expireIfUnauthorized(error);
      } finally {
        running = null;
      }
    })();
    return running;
  }

  return {
    run,

    /** Reads the cursor a previous worker kept. */
    async load(): Promise<void> {
      const stored = (await deps.area.get(CATCH_UP_SINCE_KEY))[CATCH_UP_SINCE_KEY];
      if (typeof stored === 'number' && Number.isFinite(stored)) since = stored;
    },

    /** The periodic catch-up, once the last one is CATCH_UP_EVERY_MS old. */
    async runIfDue(): Promise<void> {
      if (clock.now() - lastRunAt >= CATCH_UP_EVERY_MS) await run(SCENE.AUTO, true);
    },

    /** Forgets the cursor (another server: its messages are another account's). */
    async forget(): Promise<void> {
      since = 0;
      await deps.area.remove(CATCH_UP_SINCE_KEY);
    },
  };
}

export type Sync = ReturnType<typeof createSync>;
