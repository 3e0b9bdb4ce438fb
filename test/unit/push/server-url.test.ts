import { describe, expect, it } from 'vitest';
import { OFFICIAL_SERVER, resolveServer } from '../../../lib/push/server-url';

describe('resolveServer', () => {
  it.each([
    [undefined, OFFICIAL_SERVER, 'wss://wxpusher.zjiecode.com', 'https://wxpusher.zjiecode.com/*'],
    ['', OFFICIAL_SERVER, 'wss://wxpusher.zjiecode.com', 'https://wxpusher.zjiecode.com/*'],
    [
      'http://127.0.0.1:7700/',
      'http://127.0.0.1:7700',
      'ws://127.0.0.1:7700',
      'http://127.0.0.1/*',
    ],
    [
      'https://push.example.com/wx//',
      'https://push.example.com/wx',
      'wss://push.example.com/wx',
      'https://push.example.com/*',
    ],
  ])('%s', (input, baseUrl, wsUrl, hostPermission) => {
    expect(resolveServer(input)).toEqual({ baseUrl, wsUrl, hostPermission });
  });

  it.each([
    'ftp://x.com',
    'not a url',
    'http://u:p@x.com',
    'http://x.com/?a=1',
    'javascript:alert(1)',
  ])('rejects %s with a readable error', (input) => {
    expect(() => resolveServer(input)).toThrow(/server address/i);
  });
});
