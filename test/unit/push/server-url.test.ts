import { describe, expect, it } from 'vitest';
import {
  InsecureServerError,
  OFFICIAL_SERVER,
  isLoopbackHost,
  resolveServer,
} from '../../../lib/push/server-url';

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
    'https://u:p@x.com',
    'https://x.com/?a=1',
    'javascript:alert(1)',
  ])('rejects %s with a readable error', (input) => {
    expect(() => resolveServer(input)).toThrow(/server address/i);
  });
});

describe('plain http', () => {
  it.each([
    'http://localhost:7700',
    'http://app.localhost',
    'http://127.0.0.1:7700',
    'http://127.1.2.3',
    'http://[::1]:7700',
  ])('is allowed to this computer: %s', (input) => {
    expect(resolveServer(input).baseUrl).toBe(input);
  });

  it.each([
    'http://192.168.1.5:7700',
    'http://push.example.com',
    'http://localhost.example.com',
    'http://127.0.0.1.example.com',
    'http://[::2]',
  ])('is refused to anything else, naming the rule: %s', (input) => {
    expect(() => resolveServer(input)).toThrow(InsecureServerError);
    expect(() => resolveServer(input)).toThrow(/must use https:\/\/ unless it is this computer/);
    expect(resolveServer(input.replace('http:', 'https:')).wsUrl).toMatch(/^wss:\/\//);
  });

  it('knows loopback names', () => {
    expect(isLoopbackHost('LOCALHOST.')).toBe(true);
    expect(isLoopbackHost('127.0.0.255')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });
});
