import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bindDevice,
  isMessage,
  sendToDefault,
  startServer,
  WsClient,
  type TestServer,
} from './helpers';

describe('device binding (docs/protocol.md §2)', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    await server.dispose();
  });

  it('binds end to end and then receives a pushed message over the socket', async () => {
    // Arrange: the extension's flow, step by step.
    const { client, pushToken } = await WsClient.open(server);
    expect(pushToken).toMatch(/^PT_/);
    const qr = await server.call<{ code: string; expires: number }>(
      'GET',
      '/api/device/create-login-qrcode',
    );
    expect(qr.code).toBe(1000);
    expect(qr.data.expires).toBeGreaterThan(Date.now() + 4 * 60_000);
    const body = { code: qr.data.code, pushToken, deviceName: 'Chrome-Linux-x86-64' };
    expect((await server.call('POST', '/api/device/register-device', body)).code).toBe(10000);
    const page = await fetch(`${server.url}/scan/${qr.data.code}`);
    expect(await page.text()).toContain('Bind this browser?');
    expect((await server.call('POST', `/scan/${qr.data.code}`)).code).toBe(1000);
    const bound = await server.call<{ deviceUuid: string; deviceToken: string }>(
      'POST',
      '/api/device/register-device',
      body,
    );
    expect(bound.code).toBe(1000);

    // Act
    const sent = await sendToDefault(server, 'hello over the socket');

    // Assert
    const frame = await client.next(isMessage);
    expect(frame).toMatchObject({
      msgType: 20001,
      mid: sent.data[0]?.messageId,
      content: 'hello over the socket',
      contentType: 1,
      name: 'Local WxPusher',
      summary: 'hello over the socket',
    });
    expect(String(frame.url)).toBe(`${server.url}/api/message/${String(frame.qid)}`);
    const info = await server.call<Record<string, string>>(
      'GET',
      '/api/need-login/device/get-user-device-info',
      undefined,
      { deviceToken: bound.data.deviceToken },
    );
    expect(info.data).toMatchObject({
      uid: server.credentials.uid,
      spt: server.credentials.spt,
      deviceUuid: bound.data.deviceUuid,
    });
    await client.close();
  });

  it('confirms through the HTML form too, answering an HTML page', async () => {
    const qr = await server.call<{ code: string }>('GET', '/api/device/create-login-qrcode');
    const page = await (await fetch(`${server.url}/scan/${qr.data.code}`)).text();
    const token = /name="token" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const res = await fetch(`${server.url}/scan/${qr.data.code}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('Browser bound');
    const { client, pushToken } = await WsClient.open(server);
    const bound = await server.call('POST', '/api/device/register-device', {
      code: qr.data.code,
      pushToken,
    });
    expect(bound.code).toBe(1000);
    await client.close();
  });

  it('rejects an expired login code with a clear non-10000 code', async () => {
    const qr = await server.call<{ code: string }>('GET', '/api/device/create-login-qrcode');
    await server.call('POST', '/__test/clock', { offsetMs: 6 * 60_000 });
    const res = await server.call('POST', '/api/device/register-device', {
      code: qr.data.code,
      pushToken: 'PT_x',
    });
    expect(res.code).not.toBe(1000);
    expect(res.code).not.toBe(10000);
    expect(res.msg).toMatch(/expired/);
    const page = await fetch(`${server.url}/scan/${qr.data.code}`);
    expect(page.status).toBe(410);
  });

  it('rejects unknown codes, a missing pushToken and a missing code', async () => {
    expect(
      (
        await server.call('POST', '/api/device/register-device', {
          code: 'LGN_nope',
          pushToken: 'PT_x',
        })
      ).code,
    ).toBe(1001);
    const qr = await server.call<{ code: string }>('GET', '/api/device/create-login-qrcode');
    expect(
      (await server.call('POST', '/api/device/register-device', { code: qr.data.code })).code,
    ).toBe(1008);
    expect(
      (await server.call('POST', '/api/device/register-device', { pushToken: 'PT_x' })).code,
    ).toBe(1008);
    expect((await server.call('POST', `/scan/${qr.data.code}`, { uid: 'UID_unknown' })).code).toBe(
      1001,
    );
    expect((await fetch(`${server.url}/scan/LGN_unknown`)).status).toBe(404);
  });

  it('answers a repeated final poll with the same binding and refuses reuse for another browser', async () => {
    const { client, pushToken } = await WsClient.open(server);
    const qr = await server.call<{ code: string }>('GET', '/api/device/create-login-qrcode');
    await server.call('POST', `/scan/${qr.data.code}`);
    const body = { code: qr.data.code, pushToken };
    const first = await server.call('POST', '/api/device/register-device', body);
    const again = await server.call('POST', '/api/device/register-device', body);
    expect(again.data).toEqual(first.data);
    const other = await server.call('POST', '/api/device/register-device', {
      code: qr.data.code,
      pushToken: 'PT_other',
    });
    expect(other.code).toBe(1001);
    await client.close();
  });

  it('pushes one message to both devices of a user', async () => {
    const a = await bindDevice(server);
    const b = await bindDevice(server);
    expect(a.deviceUuid).not.toBe(b.deviceUuid);

    const sent = await sendToDefault(server, 'to both');

    const mid = sent.data[0]?.messageId;
    expect((await a.client.next(isMessage)).mid).toBe(mid);
    expect((await b.client.next(isMessage)).mid).toBe(mid);
    await a.client.close();
    await b.client.close();
  });

  it('moves delivery to a new pushToken via update-device-info and the Chrome re-post', async () => {
    const device = await bindDevice(server);
    await device.client.close();
    const second = await WsClient.open(server);
    expect(second.pushToken).not.toBe(device.pushToken); // a fresh PT when none is presented

    const updated = await server.call(
      'PUT',
      '/api/need-login/device/update-device-info',
      {
        pushToken: second.pushToken,
        deviceUuid: device.deviceUuid,
        platform: 'Chrome-Linux',
      },
      device.headers,
    );
    expect(updated.code).toBe(1000);
    await sendToDefault(server, 'after update');
    expect((await second.client.next(isMessage)).content).toBe('after update');

    const third = await WsClient.open(server);
    const reposted = await server.call(
      'POST',
      '/api/device/register-device',
      {
        pushToken: third.pushToken,
        deviceUuid: device.deviceUuid,
      },
      device.headers,
    );
    expect(reposted.data).toEqual({
      deviceUuid: device.deviceUuid,
      deviceToken: device.deviceToken,
    });
    await sendToDefault(server, 'after re-post');
    expect((await third.client.next(isMessage)).content).toBe('after re-post');

    const mismatch = await server.call(
      'PUT',
      '/api/need-login/device/update-device-info',
      {
        pushToken: third.pushToken,
        deviceUuid: 'not-this-device',
      },
      device.headers,
    );
    expect(mismatch.code).toBe(1001);
    await second.client.close();
    await third.client.close();
  });

  it('logs out: the token stops working (1002) and the device stops receiving', async () => {
    const device = await bindDevice(server);

    const out = await server.call(
      'POST',
      '/api/need-login/device/logout',
      undefined,
      device.headers,
    );
    await sendToDefault(server, 'after logout');

    expect(out.code).toBe(1000);
    const info = await server.call(
      'GET',
      '/api/need-login/device/get-user-device-info',
      undefined,
      device.headers,
    );
    expect(info.code).toBe(1002);
    await expect(device.client.next(isMessage, 300)).rejects.toThrow();
    await device.client.close();
  });

  it('answers 1002 for a missing or unknown deviceToken on every need-login route', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/need-login/device/get-user-device-info'],
      ['PUT', '/api/need-login/device/update-device-info'],
      ['POST', '/api/need-login/device/logout'],
      ['GET', '/api/need-login/device/message/list-v2'],
      ['PUT', '/api/need-login/device/message/read-mark?messageIds=1'],
      ['DELETE', '/api/need-login/device/message/delete?messageIds=1'],
      ['DELETE', '/api/need-login/device/message/delete-all'],
      ['POST', '/api/need-login/device/message/send-test'],
    ];
    for (const [method, path] of routes) {
      expect((await server.call(method, path)).code, `${method} ${path}`).toBe(1002);
      expect((await server.call(method, path, undefined, { deviceToken: 'DT_bogus' })).code).toBe(
        1002,
      );
    }
  });

  it('revokes device tokens through the test hook', async () => {
    const device = await bindDevice(server);

    const revoked = await server.call<{ revoked: number }>('POST', '/__test/revoke-device', {
      deviceUuid: device.deviceUuid,
    });

    expect(revoked.data.revoked).toBe(1);
    const info = await server.call(
      'GET',
      '/api/need-login/device/get-user-device-info',
      undefined,
      device.headers,
    );
    expect(info.code).toBe(1002);
    await device.client.close();
  });

  it('answers version-update with 1000 and null data when no upgrade is configured', async () => {
    const res = await server.call('GET', '/api/device/version-update');
    expect(res).toEqual({ code: 1000, msg: 'no upgrade', data: null, success: true });
  });
});

describe('version-update with an offer', () => {
  it('answers 1007 with the offer', async () => {
    const offer = {
      title: 'New',
      content: 'Better',
      version: '2.0.0',
      must: false,
      url: 'https://example.com',
    };
    const server = await startServer({ versionUpdate: offer });
    try {
      const res = await server.call('GET', '/api/device/version-update');
      expect(res.code).toBe(1007);
      expect(res.data).toEqual(offer);
    } finally {
      await server.dispose();
    }
  });
});
