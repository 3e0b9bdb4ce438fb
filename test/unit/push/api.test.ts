import { describe, expect, it } from 'vitest';
import {
  ApiError,
  MAX_ANSWER_BYTES,
  MAX_LIST_BYTES,
  MAX_LIST_ITEMS,
  createApi,
} from '../../../lib/push/api';

/** An API over a fetch that answers `body` (a string, or a stream of `chunks`). */
function apiAnswering(answer: () => Response) {
  return createApi({
    baseUrl: () => 'https://push.example.com',
    fetch: (async () => answer()) as unknown as typeof fetch,
    headers: () => ({ platform: 'Chrome-Other', version: '1.0.0', deviceToken: 'DT' }),
  });
}

const envelope = (data: unknown) => JSON.stringify({ code: 1000, msg: 'ok', data });

/** A body streamed in 64 KiB chunks without a Content-Length, as a hostile server may. */
function streamed(text: string): Response {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 65_536));
      offset += 65_536;
    },
  });
  return new Response(stream);
}

describe('device API answer caps', () => {
  it('reads a list-v2 page up to its cap, and refuses a larger one as a network failure', async () => {
    const item = { messageId: 1, content: 'x'.repeat(40_000) };
    const fits = envelope(Array.from({ length: 30 }, (_, i) => ({ ...item, messageId: i + 1 })));
    const huge = envelope([{ messageId: 1, content: 'y'.repeat(MAX_LIST_BYTES) }]);

    const page = await apiAnswering(() => streamed(fits)).listMessages(1, 2);
    const refused = await apiAnswering(() => streamed(huge))
      .listMessages(1, 2)
      .catch((e: unknown) => e);

    expect(page).toHaveLength(30);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe(0); // transient: catch-up retries later
    expect((refused as ApiError).message).toMatch(/too large/);
    // What the user is shown names the cap (KiB), in the page's language.
    expect((refused as ApiError).problem).toEqual({
      key: 'errAnswerTooLarge',
      params: [String(MAX_LIST_BYTES / 1024)],
    });
  });

  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    const response = new Response('{}', { headers: { 'content-length': String(1e9) } });
    const refused = await apiAnswering(() => response)
      .listMessages(1, 2)
      .catch((e: unknown) => e);
    expect((refused as ApiError).message).toMatch(/too large/);
    expect(response.bodyUsed).toBe(false);
  });

  it('caps other answers lower, and looks at no more than MAX_LIST_ITEMS items', async () => {
    const big = envelope({ padding: 'z'.repeat(MAX_ANSWER_BYTES) });
    const many = envelope(Array.from({ length: 5000 }, (_, i) => ({ messageId: i + 1 })));

    const refused = await apiAnswering(() => streamed(big))
      .createLoginCode()
      .catch((e: unknown) => e);
    const page = await apiAnswering(() => new Response(many)).listMessages(1, 2);

    expect((refused as ApiError).message).toMatch(/too large/);
    expect(page).toHaveLength(MAX_LIST_ITEMS);
  });

  it('reads records pages and treats odd data as empty', async () => {
    const records = await apiAnswering(
      () => new Response(envelope({ records: [{ messageId: 3 }] })),
    ).listMessages(1, 2);
    const odd = await apiAnswering(() => new Response(envelope({ records: 'nope' }))).listMessages(
      1,
      2,
    );
    const nullAnswer = await apiAnswering(() => new Response('null'))
      .listMessages(1, 2)
      .catch((e: unknown) => e);

    expect(records).toEqual([{ messageId: 3 }]);
    expect(odd).toEqual([]);
    expect((nullAnswer as ApiError).code).toBe(0);
  });
});
