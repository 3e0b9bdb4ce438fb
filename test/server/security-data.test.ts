/**
 * What the server keeps and tells (README, Security): replay after re-binding, the status
 * query, the confirm body's uid, file permissions, the --host warning, and compatibility
 * with the official client found while testing it.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exposureWarning } from '../../server/cli/serve';
import { parseServerArgs } from '../../server/cli/server-options';
import { createStore } from '../../server/db';
import { rawRequest } from './attacker';
import {
  bindDevice,
  isMessage,
  sendToDefault,
  startServer,
  WsClient,
  type TestServer,
} from './helpers';

describe('data', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    await server.dispose();
  });

  it("never replays a user's messages to the device after it is bound to another user", async () => {
    const a = await bindDevice(server);
    await a.client.close();
    await sendToDefault(server, 'private to user A');
    const pendingBefore = await server.call<Record<string, number>>('GET', '/__test/stats');
    await server.call('POST', '/api/need-login/device/logout', undefined, a.headers);
    const pendingAfter = await server.call<Record<string, number>>('GET', '/__test/stats');
    const userB = await server.call<{ uid: string }>('POST', '/__test/create-user', {});

    const { client, pushToken } = await WsClient.open(server);
    const qr = await server.call<{ code: string }>('GET', '/api/device/create-login-qrcode');
    await server.call('POST', `/scan/${qr.data.code}`, { uid: userB.data.uid });
    const rebound = await server.call<{ deviceUuid: string; deviceToken: string }>(
      'POST',
      '/api/device/register-device',
      { code: qr.data.code, pushToken, deviceUuid: a.deviceUuid },
    );
    await server.call(
      'PUT',
      '/api/need-login/device/update-device-info',
      { pushToken, deviceUuid: a.deviceUuid },
      { deviceToken: rebound.data.deviceToken },
    );
    const reconnect = await WsClient.open(server, pushToken);

    expect(rebound.data.deviceUuid).toBe(a.deviceUuid);
    expect(pendingBefore.data.pendingReplays).toBe(1);
    expect(pendingAfter.data.pendingReplays).toBe(0);
    await expect(client.next(isMessage, 500)).rejects.toThrow();
    await expect(reconnect.client.next(isMessage, 500)).rejects.toThrow();
    await Promise.all([client.close(), reconnect.client.close()]);
  });

  it('keeps the status query compatible but shows the uid only to its sender', async () => {
    const { appToken, uid, spt } = server.credentials;
    const sent = await sendToDefault(server, 'x');
    const pushed = await server.call<{ sendRecordId: number }[]>(
      'POST',
      '/api/send/message/simple-push',
      { content: 'y', spt },
    );
    const status = (query: string) =>
      server.call<{ uid: string | null; code: number }>('GET', `/api/send/query/status?${query}`);

    const anonymous = await status(`sendRecordId=${sent.data[0]?.sendRecordId}`);
    const otherApp = await status(`sendRecordId=${sent.data[0]?.sendRecordId}&appToken=AT_x`);
    const owner = await status(`sendRecordId=${sent.data[0]?.sendRecordId}&appToken=${appToken}`);
    const bySpt = await status(`sendRecordId=${pushed.data[0]?.sendRecordId}&spt=${spt}`);
    const sptAnonymous = await status(`sendRecordId=${pushed.data[0]?.sendRecordId}`);

    expect(anonymous.data).toMatchObject({ uid: null, code: 1000 });
    expect(otherApp.data.uid).toBeNull();
    expect(owner.data.uid).toBe(uid);
    expect(bySpt.data.uid).toBe(uid);
    expect(sptAnonymous.data.uid).toBeNull();
  });

  it('honours a confirm body uid only on a server started to (the test server)', async () => {
    const { createServer } = await import('../../server/app');
    const production = await createServer({ dbPath: `${server.dir}/prod.db`, port: 0 });
    try {
      const qr = await rawJson(production.url, 'GET', '/api/device/create-login-qrcode');
      const named = await rawJson(production.url, 'POST', `/scan/${qr.data.code}`, {
        uid: 'UID_someone_else',
      });
      const plain = await rawJson(production.url, 'POST', `/scan/${qr.data.code}`, {});

      expect(named.code).toBe(1008);
      expect(named.msg).toMatch(/uid is not accepted/);
      expect(plain).toMatchObject({ code: 1000, data: { uid: production.credentials.uid } });
    } finally {
      await production.close();
    }
  });
});

describe('the data file', () => {
  it('is created in a 0700 folder as a 0600 file, and an existing file is narrowed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxp-perm-'));
    try {
      const dbPath = join(dir, 'nested', 'wxpusher.db');
      createStore(dbPath).close();

      expect(statSync(join(dir, 'nested')).mode & 0o777).toBe(0o700);
      expect(statSync(dbPath).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('listening beyond loopback', () => {
  it('prints a warning naming the risk, and only then', () => {
    expect(exposureWarning('0.0.0.0')).toMatch(/WARNING: --host 0.0.0.0 .*other machines/);
    expect(exposureWarning('192.168.1.5')).toMatch(/unencrypted/);
    expect(exposureWarning('127.0.0.1')).toBeNull();
    expect(exposureWarning('localhost')).toBeNull();
    expect(exposureWarning('::1')).toBeNull();
    expect(() => parseServerArgs(['--public-url', 'push.example.com'])).toThrow(
      /--public-url must be an http/,
    );
  });
});

describe('compatibility with the official client', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    await server.dispose();
  });

  it('answers a register-device poll with an empty pushToken by the code state', async () => {
    const qr = await server.call<{ code: string }>('GET', '/api/device/create-login-qrcode');
    const poll = () =>
      server.call('POST', '/api/device/register-device', { code: qr.data.code, pushToken: '' });

    const waiting = await poll();
    await server.call('POST', `/scan/${qr.data.code}`, {});
    const confirmed = await poll();
    const { client, pushToken } = await WsClient.open(server);
    const bound = await server.call('POST', '/api/device/register-device', {
      code: qr.data.code,
      pushToken,
    });

    expect(waiting.code).toBe(10000);
    expect(confirmed.code).toBe(10000);
    expect(bound.code).toBe(1000);
    await client.close();
  });

  it('serves the QR image with the type its name says', async () => {
    const qr = await server.call<{ code: string }>('GET', '/api/device/create-login-qrcode');
    const jpg = await fetch(`${server.url}/api/qrcode/${qr.data.code}.jpg`);
    const png = await fetch(`${server.url}/api/qrcode/${qr.data.code}.png`);

    expect(jpg.headers.get('content-type')).toBe('image/jpeg');
    expect([...new Uint8Array(await jpg.arrayBuffer()).slice(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await png.arrayBuffer()).slice(0, 4)]).toEqual([
      0x89, 0x50, 0x4e, 0x47,
    ]);
  });
});

/** An envelope from a server without test helpers. */
async function rawJson(base: string, method: string, path: string, body?: unknown) {
  const res = await rawRequest(
    base,
    method,
    path,
    { 'Content-Type': 'application/json' },
    body === undefined ? undefined : JSON.stringify(body),
  );
  return JSON.parse(res.body) as {
    code: number;
    msg: string;
    data: { code: string; uid?: string };
  };
}
