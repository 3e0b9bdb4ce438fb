import { reaches, startAnsweringHost } from './answering-host';
import { expect, test } from './fixtures';

test('the tests’ browser resolves no host name but this machine’s (scripts/extension-runner.ts)', async ({
  extPage,
}) => {
  const host = await startAnsweringHost();
  const { port } = host;
  try {
    expect(await reaches(extPage, `http://127.0.0.1:${port}/a`)).toBe(true);
    expect(await reaches(extPage, `http://localhost:${port}/b`)).toBe(true);
    // "*.localhost" is loopback to Chromium without any lookup: only the launch's rule stops it.
    expect(await reaches(extPage, `http://probe.localhost:${port}/c`)).toBe(false);
    expect(await reaches(extPage, 'https://example.com/')).toBe(false);
    expect(host.hits).toEqual([`127.0.0.1:${port}`, `localhost:${port}`]);
  } finally {
    host.close();
  }
});
