import { describe, expect, it } from 'vitest';
import { createWorkerClient } from '../../../lib/ui/worker-client';
import { useLocale } from './helpers';

/** A runtime that answers every call with `result` and notes what was sent. */
function runtime(result: unknown) {
  const sent: unknown[] = [];
  return {
    sent,
    sendMessage: (message: unknown) => {
      sent.push(message);
      return Promise.resolve({ ok: true, result });
    },
  };
}

describe("the worker client and the boot script's status (lib/ui/early-reads.ts)", () => {
  it('answers the first getStatus with the early answer, and asks the worker after it', async () => {
    const worker = runtime('asked');
    const client = createWorkerClient(worker, Promise.resolve({ ok: true, result: 'early' }));
    expect(await client.call('reconnect')).toBe('asked');
    expect(await client.call('getStatus')).toBe('early');
    expect(await client.call('getStatus')).toBe('asked');
    expect(worker.sent).toEqual([
      { wxp: 1, type: 'reconnect', data: undefined },
      { wxp: 1, type: 'getStatus', data: undefined },
    ]);
  });

  it('asks the worker when there is no early answer to take', async () => {
    const worker = runtime('asked');
    const client = createWorkerClient(worker, Promise.resolve(null));
    expect(await client.call('getStatus')).toBe('asked');
    expect(worker.sent).toHaveLength(1);
  });

  it("fails as the call would have with an early refusal, in the page's words", async () => {
    useLocale('en');
    const worker = runtime('asked');
    const refusal = { ok: false, error: 'no', problem: { key: 'errWorkerNoAnswer' } };
    const client = createWorkerClient(worker, Promise.resolve(refusal));
    const direct = await createWorkerClient({
      sendMessage: () => Promise.resolve(refusal),
    })
      .call('getStatus')
      .catch((e: Error) => e.message);
    await expect(client.call('getStatus')).rejects.toThrow(direct as string);
    expect(worker.sent).toEqual([]);
  });
});
