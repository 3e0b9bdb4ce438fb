import type { ConnectionView } from '../../lib/protocol';
import { startCutRelay, type CutRelay } from './cut-relay';
import { buildExtension, launchExtension } from './extension';
import { bind, expect, send, status, test as base } from './fixtures';
import { storedMids } from './worker-inspect';

/** The extension reaches the server through a relay the test cuts: the network going away. */
const test = base.extend<{ relay: CutRelay }>({
  relay: async ({ server }, use) => {
    const relay = await startCutRelay(server.port);
    await use(relay);
    await relay.close();
  },
  ext: async ({ relay }, use) => {
    const ext = await launchExtension(await buildExtension(relay.url));
    await use(ext);
    await ext.close();
  },
});

test('the network comes back: the worker redials at once, not at the end of its backoff step', async ({
  server,
  relay,
  ext,
  extPage,
}) => {
  await bind(extPage, server);
  relay.cut();
  // Cut long enough for the steps to grow past the 2 s the network watch takes to look again.
  await expect
    .poll(async () => (await status(extPage)).connection, { timeout: 60_000, intervals: [250] })
    .toMatchObject({ kind: 'retrying', attempt: 5 });
  const { messageId } = await send(server, { content: 'sent during the cut' });
  const waiting = (await status(extPage)).connection as Extract<
    ConnectionView,
    { kind: 'retrying' }
  >;

  relay.restore();
  await expect
    .poll(async () => (await status(extPage)).connection.kind, { timeout: 30_000 })
    .toBe('connected');
  // Connected before the redial the 15 s step had scheduled: the watch noticed the network.
  expect(Date.now()).toBeLessThan(waiting.retryAt);
  await expect.poll(() => storedMids(ext.worker)).toEqual([messageId]);
});
