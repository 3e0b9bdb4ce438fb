import { describe, expect, it } from 'vitest';
import { upgradeLink } from '../../../lib/push/upgrade-link';

describe('upgrade notice links (204)', () => {
  const server = 'http://127.0.0.1:7700';
  it.each([
    ['the configured server', 'http://127.0.0.1:7700/download', true],
    ['the official site', 'https://wxpusher.zjiecode.com/docs/#/?id=download', true],
    ['another port of the server host', 'http://127.0.0.1:8080/x', false],
    ['another site', 'https://evil.example/update.crx', false],
    ['a look-alike host', 'https://wxpusher.zjiecode.com.evil.example/', false],
    ['http to the official host', 'http://wxpusher.zjiecode.com/', false],
    ['nothing', '', false],
    ['not a URL', 'download here', false],
  ])('%s', (_name, url, kept) => {
    expect(upgradeLink(url, server)).toBe(kept ? url : '');
  });

  it('follows the configured server', () => {
    expect(upgradeLink('https://push.example.com/app', 'https://push.example.com/wx')).toBe(
      'https://push.example.com/app',
    );
  });
});
