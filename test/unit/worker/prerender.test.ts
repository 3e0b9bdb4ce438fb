import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RenderedBody } from '../../../lib/message';
import { PROGRESSIVE_MIN } from '../../../lib/render/parts';
import { RENDERED_VERSION } from '../../../lib/render/rendered-body';
import type { RenderInput } from '../../../lib/render/types';
import { openWxpDB } from '../../../lib/storage/db';
import { createMessageStore, type MessageStore } from '../../../lib/storage/message-store';
import { PRERENDER_QUEUE_MAX, createPrerender } from '../../../lib/worker/prerender';
import { incoming } from '../helpers';

const NOW = 1_700_000_100_000;
const A = 1;
const LONG = 'x'.repeat(PROGRESSIVE_MIN);

const bodyOf = ({ content }: RenderInput): RenderedBody => ({
  v: RENDERED_VERSION,
  length: content.length,
  parts: [`<p>${content.length}</p>`],
});

let store: MessageStore;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = createMessageStore(await openWxpDB());
});

/** Stores `messages` for A and queues what was added, as the worker does after a write. */
async function arrive(
  prerender: ReturnType<typeof createPrerender>,
  ...messages: Parameters<typeof incoming>[]
) {
  const { added } = await store.putMany(
    A,
    messages.map((args) => incoming(...args)),
    NOW,
  );
  prerender.add(A, added);
}

describe('rendering on arrival', () => {
  it('renders long HTML and markdown and keeps the body in the row; not text or short content', async () => {
    const render = vi.fn(async (input: RenderInput) => bodyOf(input));
    const onError = vi.fn();
    const prerender = createPrerender({ render, store, onError });

    await arrive(
      prerender,
      [1, { content: LONG, contentType: 3 }],
      [2, { content: LONG, contentType: 2 }],
      [3, { content: LONG, contentType: 1 }],
      [4, { content: 'short', contentType: 3 }],
    );
    await prerender.idle();

    expect(render.mock.calls.map(([input]) => input.contentType)).toEqual([3, 2]);
    expect((await store.get(A, 1))?.rendered).toEqual(bodyOf({ content: LONG, contentType: 3 }));
    expect((await store.get(A, 2))?.rendered?.parts).toHaveLength(1);
    expect((await store.get(A, 3))?.rendered).toBeUndefined();
    expect(onError).not.toHaveBeenCalled();
  });

  it('goes on after a failure, which loses nothing: that message renders on opening', async () => {
    const render = vi
      .fn(async (input: RenderInput) => bodyOf(input))
      .mockRejectedValueOnce(new Error('no document'));
    const onError = vi.fn();
    const prerender = createPrerender({ render, store, onError });

    await arrive(
      prerender,
      [1, { content: LONG, contentType: 3 }],
      [2, { content: LONG, contentType: 3 }],
    );
    await prerender.idle();

    expect(onError).toHaveBeenCalledOnce();
    expect((await store.get(A, 1))?.rendered).toBeUndefined();
    expect((await store.get(A, 1))?.content).toBe(LONG);
    expect((await store.get(A, 2))?.rendered).toBeDefined();
  });

  it('keeps no body for a message deleted while it rendered', async () => {
    let release!: () => void;
    const render = vi.fn(
      (input: RenderInput) =>
        new Promise<RenderedBody>((resolve) => (release = () => resolve(bodyOf(input)))),
    );
    const prerender = createPrerender({ render, store, onError: vi.fn() });
    await arrive(prerender, [1, { content: LONG, contentType: 3 }]);
    await vi.waitFor(() => expect(render).toHaveBeenCalledOnce());

    await store.remove(A, [1], NOW);
    release();
    await prerender.idle();

    expect(await store.get(A, 1)).toBeUndefined();
    expect(await store.count()).toBe(0);
  });

  it('takes messages that come while it renders, and at most PRERENDER_QUEUE_MAX waiting', async () => {
    const render = vi.fn(async (input: RenderInput) => bodyOf(input));
    const prerender = createPrerender({ render, store, onError: vi.fn() });
    const many = Array.from(
      { length: PRERENDER_QUEUE_MAX + 20 },
      (_, i) => [i + 1, { content: LONG, contentType: 3 }] as Parameters<typeof incoming>,
    );

    await arrive(prerender, ...many.slice(0, 1));
    await arrive(prerender, ...many.slice(1));
    await prerender.idle();

    // The first started at once; of the rest, the queue held PRERENDER_QUEUE_MAX.
    expect(render).toHaveBeenCalledTimes(PRERENDER_QUEUE_MAX + 1);
    expect((await store.get(A, many.length))?.rendered).toBeUndefined();
  });
});
