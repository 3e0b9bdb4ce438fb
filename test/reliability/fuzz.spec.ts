import { checkDelivery } from './checks';
import { expect, hook, probeAndBind, report, send, status, test } from './fixtures';

/** A small seeded PRNG (mulberry32), so a failing run can be repeated exactly. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 1 000 frames the worker must reject (lib/frames.ts): not JSON, JSON that is not an object,
 * no integer msgType, a 20001 without a usable mid, a 202 without a usable pushToken.
 * Unknown msgTypes are left out: those are ignored by design, not rejected.
 */
function hostileFrames(count: number, random: () => number): string[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const noise = (n: number) =>
    Array.from({ length: n }, () => String.fromCharCode(1 + Math.floor(random() * 0xfffe))).join(
      '',
    );
  const valid = JSON.stringify({
    msgType: 20001,
    mid: 42,
    qid: 'q',
    title: 't',
    content: 'c',
    createTime: 1,
  });
  const kinds: (() => string)[] = [
    () => `<${noise(1 + Math.floor(random() * 200))}`,
    () => valid.slice(0, 1 + Math.floor(random() * (valid.length - 1))),
    () =>
      JSON.stringify(pick<unknown>([random() * 1e6, noise(20), [1, 2, 3], null, true, 'hello'])),
    () =>
      JSON.stringify(
        pick<object>([
          {},
          { msgType: '20001' },
          { msgType: 1.5 },
          { msgType: null },
          { type: 20001 },
        ]),
      ),
    () =>
      JSON.stringify({
        msgType: 20001,
        mid: pick<unknown>([undefined, 0, -5, 1.5, 'abc', '', {}, [], 2 ** 60, true, null]),
        title: noise(10),
        content: noise(50),
      }),
    () =>
      JSON.stringify({ msgType: 202, pushToken: pick<unknown>(['', 5, null, 'x'.repeat(300)]) }),
  ];
  return Array.from({ length: count }, () => pick(kinds)());
}

test('1 000 random and malformed frames mixed into a stream: rejected and counted, the stream intact', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(120_000);
  const started = Date.now();
  await probeAndBind(extPage, ext.worker, server);
  const frames = hostileFrames(1000, prng(6));
  const before = (await status(extPage)).counters;
  const sent: number[] = [];

  // Act: after every 20 hostile frames, one real message.
  for (let i = 0; i < frames.length; i++) {
    const written = await hook<{ sockets: number }>(server, 'raw-frame', { frame: frames[i] });
    expect(written.sockets).toBe(1);
    if (i % 20 === 19) sent.push((await send(server, { content: `valid ${i}` })).messageId);
  }

  // Assert
  const result = await checkDelivery(extPage, ext.worker, sent);
  const after = await status(extPage);
  expect(after.counters.framesRejected - before.framesRejected).toBe(1000);
  expect(after.connection.kind).toBe('connected');
  expect(after.counters.messagesStored - before.messagesStored).toBe(sent.length);
  report('fuzz', {
    hostileFrames: frames.length,
    rejected: after.counters.framesRejected - before.framesRejected,
    valid: sent.length,
    badge: result.badge,
    seconds: (Date.now() - started) / 1000,
  });
});
