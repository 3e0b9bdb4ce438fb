import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../../server/app';
import { startServer, type TestServer } from './helpers';

describe('HTTP conventions', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    await server.dispose();
  });

  it('answers CORS preflights for the extension origin', async () => {
    const res = await fetch(`${server.url}/api/need-login/device/message/list-v2`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://abcdefghijklmnop',
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'devicetoken,platform,version,content-type',
      },
    });

    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(
      'chrome-extension://abcdefghijklmnop',
    );
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, DELETE, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toBe(
      'platform, version, devicetoken, content-type',
    );
  });

  it('adds the CORS origin to ordinary answers', async () => {
    const res = await fetch(`${server.url}/api/device/version-update`, {
      headers: { Origin: 'chrome-extension://x' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('chrome-extension://x');
  });

  it('answers unknown API routes with 1004 over HTTP 200, other paths with 404', async () => {
    expect(await server.call('GET', '/api/nothing/here')).toMatchObject({
      code: 1004,
      success: false,
    });
    expect((await server.call('PATCH', '/api/send/message')).code).toBe(1004);
    expect((await fetch(`${server.url}/nothing`)).status).toBe(404);
  });

  it('answers malformed and oversized bodies with a clear 1008', async () => {
    const malformed = await server.call('POST', '/api/send/message', '{"appToken": ');
    expect(malformed.code).toBe(1008);
    expect(malformed.msg).toMatch(/malformed JSON/);
    expect((await server.call('POST', '/api/send/message', '[1,2]')).msg).toMatch(/JSON object/);
    expect((await server.call('POST', '/api/send/message', '42')).code).toBe(1008);
    const huge = await server.call(
      'POST',
      '/api/send/message',
      JSON.stringify({ content: 'x'.repeat(1_100_000) }),
    );
    expect(huge.code).toBe(1008);
    expect(huge.msg).toMatch(/too large/);
    expect((await server.call('GET', '/api/send/message/SPT_x/%E0%A4%A')).code).toBe(1008);
  });

  it('survives a burst of junk input and keeps answering', async () => {
    const junk: [string, string, unknown][] = [
      ['POST', '/api/send/message', { appToken: 5, content: {}, uids: [null] }],
      [
        'POST',
        '/api/send/message',
        { appToken: server.credentials.appToken, content: 'x', uids: [{}] },
      ],
      ['POST', '/api/send/message/simple-push', { spt: ['a'], content: 1 }],
      ['POST', '/api/device/register-device', { code: 7, pushToken: [] }],
      ['POST', '/api/fun/create/qrcode', { appToken: null, validTime: 'soon' }],
      ['GET', '/api/fun/wxuser/v2?appToken=x&page=-1', undefined],
      ['GET', '/api/send/query/status?sendRecordId=1e999', undefined],
      ['POST', '/scan/%00%ff', { uid: 12 }],
      ['POST', '/__test/clock', { offsetMs: 'x' }],
    ];
    for (const [method, path, body] of junk) {
      const res = await server.call(method, path, body);
      expect(res.code, `${method} ${path}`).not.toBe(1000);
      expect(res.code).not.toBe(1005);
    }
    expect((await server.call('GET', '/api/device/version-update')).code).toBe(1000);
  });

  it('listens on 127.0.0.1 by default', () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
  });
});

describe('test hooks', () => {
  it('are not in the production server, where /__test/… is an unknown address like any other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxp-server-'));
    const server = await createServer({ dbPath: join(dir, 'wxpusher.db'), port: 0 });
    try {
      for (const [method, path] of [
        ['POST', '/__test/clock'],
        ['POST', '/__test/revoke-device'],
        ['POST', '/__test/raw-frame'],
        ['POST', '/__test/refuse'],
        ['POST', '/__test/create-user'],
        ['POST', '/__test/sweep'],
        ['GET', '/__test/stats'],
      ] as const) {
        const res = await fetch(server.url + path, {
          method,
          body: method === 'GET' ? null : '{}',
        });
        expect(res.status, path).toBe(404);
        expect(await res.text()).toContain('There is nothing at this address.');
      }
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('move the server clock', async () => {
    const server = await startServer({ now: () => 1_000 });
    try {
      const res = await server.call<{ now: number }>('POST', '/__test/clock', { offsetMs: 5_000 });
      expect(res.data.now).toBe(6_000);
      const qr = await server.call<{ expires: number }>('GET', '/api/device/create-login-qrcode');
      expect(qr.data.expires).toBe(6_000 + 5 * 60_000);
    } finally {
      await server.dispose();
    }
  });
});
