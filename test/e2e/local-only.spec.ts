import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';

test('the tests’ browser resolves no host name but this machine’s (scripts/extension-runner.ts)', async ({
  extPage,
}) => {
  // A page that answers every request, on this machine only.
  const hits: string[] = [];
  const host = createServer((req, res) => {
    hits.push(req.headers.host ?? '');
    res.end('ok');
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const { port } = host.address() as AddressInfo;
  // A fetch that reaches a server gives an (opaque) answer; a name that does not resolve
  // rejects. "*.localhost" is loopback to Chromium without any lookup, so only the launch's
  // rule makes it fail.
  const reaches = (url: string) =>
    extPage.evaluate(
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
    expect(await reaches(`http://probe.localhost:${port}/c`)).toBe(false);
    expect(await reaches('https://example.com/')).toBe(false);
    expect(hits).toEqual([`127.0.0.1:${port}`, `localhost:${port}`]);
  } finally {
    host.close();
  }
});
