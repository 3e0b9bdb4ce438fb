import { describe, expect, it } from 'vitest';
import { createRequestPolicy, isLoopbackName } from '../../server/http/request-policy';

describe('request policy (README, Security)', () => {
  const local = createRequestPolicy({ host: '127.0.0.1' });

  it.each([
    ['127.0.0.1:7700', true],
    ['localhost:7700', true],
    ['LOCALHOST', true],
    ['app.localhost:7700', true],
    ['[::1]:7700', true],
    ['127.8.9.10', true],
    ['attacker.example:7700', false],
    ['localhost.attacker.example', false],
    ['127.0.0.1.attacker.example', false],
    ['192.168.1.5:7700', false],
    ['bad host', false],
    [undefined, false],
  ])('Host %s is served: %s', (host, served) => {
    expect(local.hostProblem(host) === null).toBe(served);
  });

  it('accepts the listen address, the public URL host, and machine addresses on a wildcard', () => {
    const lan = createRequestPolicy({ host: '192.168.1.5' });
    const proxied = createRequestPolicy({
      host: '127.0.0.1',
      publicUrl: 'https://push.example.com',
    });
    const all = createRequestPolicy({ host: '0.0.0.0', localAddresses: () => ['10.0.0.7'] });

    expect(lan.hostProblem('192.168.1.5:7700')).toBeNull();
    expect(proxied.hostProblem('push.example.com')).toBeNull();
    expect(all.hostProblem('10.0.0.7:7700')).toBeNull();
    expect(all.hostProblem('0.0.0.0:7700')).toMatch(/not this server's name/);
    expect(all.hostProblem('evil.example')).toMatch(/--public-url/);
  });

  it('tells programs, extensions, its own pages and web pages apart by Origin', () => {
    const proxied = createRequestPolicy({
      host: '127.0.0.1',
      publicUrl: 'https://push.example.com',
    });
    const host = '127.0.0.1:7700';

    expect(local.originKind(undefined, host)).toBe('none');
    expect(local.originKind('chrome-extension://abcdefghijklmnop', host)).toBe('extension');
    expect(local.originKind('moz-extension://0a1b2c3d-4e5f', host)).toBe('extension');
    expect(local.originKind('http://127.0.0.1:7700', host)).toBe('same-origin');
    expect(local.originKind('http://127.0.0.1:7701', host)).toBe('web');
    expect(local.originKind('https://127.0.0.1:7700', host)).toBe('web');
    expect(local.originKind('null', host)).toBe('web');
    expect(local.originKind('https://evil.example', host)).toBe('web');
    expect(local.originKind('chrome-extension://x/../evil', host)).toBe('web');
    expect(proxied.originKind('https://push.example.com', 'push.example.com')).toBe('same-origin');
  });

  it('knows loopback names', () => {
    expect(['localhost', 'a.localhost.', '127.0.0.1', '::1', '[::1]'].map(isLoopbackName)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['0.0.0.0', '::', '128.0.0.1', 'localhost.evil'].some(isLoopbackName)).toBe(false);
  });
});
