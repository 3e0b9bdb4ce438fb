import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '../e2e/fixtures';
import { startServer } from '../e2e/server-process';
import { openFirefox } from './harness';

test('the tests’ Firefox reaches this machine only (scripts/firefox-runner.ts)', async () => {
  test.setTimeout(120_000);
  // A page that answers every request, on this machine only.
  const hits: string[] = [];
  const host = createServer((req, res) => {
    hits.push(req.headers.host ?? '');
    res.end('ok');
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const { port } = host.address() as AddressInfo;
  const server = await startServer();
  // "probe.test" is this machine to Firefox's own resolver (the pref), so only the launch's
  // proxy rule can keep a request for it from the server.
  const ext = await openFirefox(server, { prefs: { 'network.dns.localDomains': 'probe.test' } });
  // A fetch that reaches a server gives an (opaque) answer; one that cannot rejects.
  const reaches = (url: string) =>
    ext.page.evaluate(
      (target) =>
        fetch(target, { mode: 'no-cors', cache: 'no-store' }).then(
          () => true,
          () => false,
        ),
      url,
    );
  try {
    expect(await reaches(`http://127.0.0.1:${port}/a`)).toBe(true);
    expect(await reaches(`http://localhost:${port}/b`)).toBe(true);
    expect(await reaches(`http://probe.test:${port}/c`)).toBe(false);
    expect(await reaches('https://example.com/')).toBe(false);
    expect(hits).toEqual([`127.0.0.1:${port}`, `localhost:${port}`]);
  } finally {
    await ext.close();
    await server.stop();
    host.close();
  }
});
