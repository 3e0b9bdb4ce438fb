import { reaches, startAnsweringHost } from '../e2e/answering-host';
import { expect, test } from '../e2e/fixtures';
import { startServer } from '../e2e/server-process';
import { openFirefox } from './harness';

test('the tests’ Firefox reaches this machine only (scripts/firefox-runner.ts)', async () => {
  test.setTimeout(120_000);
  const host = await startAnsweringHost();
  const { port } = host;
  const server = await startServer();
  // "probe.test" is this machine to Firefox's own resolver (the pref), so only the launch's
  // proxy rule can keep a request for it from the server.
  const ext = await openFirefox(server, { prefs: { 'network.dns.localDomains': 'probe.test' } });
  try {
    expect(await reaches(ext.page, `http://127.0.0.1:${port}/a`)).toBe(true);
    expect(await reaches(ext.page, `http://localhost:${port}/b`)).toBe(true);
    expect(await reaches(ext.page, `http://probe.test:${port}/c`)).toBe(false);
    expect(await reaches(ext.page, 'https://example.com/')).toBe(false);
    expect(host.hits).toEqual([`127.0.0.1:${port}`, `localhost:${port}`]);
  } finally {
    await ext.close();
    await server.stop();
    host.close();
  }
});
