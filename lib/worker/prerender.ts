/**
 * Long HTML and markdown messages rendered as they arrive (docs/architecture.md §8), where the
 * browser gives the worker a document to render in (lib/platform/offscreen-render.ts): the full
 * view then parses the rendered parts kept in the row, and neither sanitises nor lexes on opening.
 * Best effort: a message not rendered (the worker stopped, the document failed) renders on opening
 * as before, so nothing waits for this and nothing is lost without it.
 */
import type { RenderedBody, StoredMessage } from '../message';
import { renderedParts, rendersOnArrival } from '../render/rendered-body';
import type { RenderInput } from '../render/types';

/** At most this many messages wait to be rendered; those past it render on opening. */
export const PRERENDER_QUEUE_MAX = 100;

export function createPrerender(deps: {
  render: (input: RenderInput) => Promise<RenderedBody>;
  store: {
    get(account: number, mid: number): Promise<StoredMessage | undefined>;
    setRendered(account: number, mid: number, body: RenderedBody): Promise<boolean>;
  };
  onError: (error: unknown) => void;
}) {
  /** [account, mid] of the messages to render, in arrival order; the content is read then. */
  const queue: [number, number][] = [];
  let running: Promise<void> | null = null;

  async function drain(): Promise<void> {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [account, mid] = next;
      try {
        // Read again: it may be gone (deleted, pruned) or rendered by an earlier worker.
        const row = await deps.store.get(account, mid);
        if (!row || !rendersOnArrival(row) || renderedParts(row)) continue;
        const body = await deps.render({ content: row.content, contentType: row.contentType });
        await deps.store.setRendered(account, mid, body);
      } catch (error) {
        deps.onError(error);
      }
    }
  }

  /** Drains the queue, and again if a message came while the last drain ended. */
  function start(): void {
    if (running || queue.length === 0) return;
    running = drain().finally(() => {
      running = null;
      start();
    });
  }

  return {
    /** Queues the messages among `added` (just stored) that render on arrival. */
    add(account: number, added: readonly StoredMessage[]): void {
      for (const message of added) {
        if (rendersOnArrival(message) && queue.length < PRERENDER_QUEUE_MAX) {
          queue.push([account, message.mid]);
        }
      }
      start();
    },
    /** Settles once every queued message is rendered or given up. */
    idle: (): Promise<void> => running ?? Promise.resolve(),
  };
}

export type Prerender = ReturnType<typeof createPrerender>;
