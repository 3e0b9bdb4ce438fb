import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers';

interface QrData {
  code: string;
  url: string;
  shortUrl: string;
  expires: number;
  extra: string;
}

interface SubPage {
  total: number;
  page: number;
  pageSize: number;
  records: {
    uid: string;
    appOrTopicId: number;
    reject: boolean;
    id: number;
    type: number;
    target: string;
    payEndTime: number;
  }[];
}

/** A callback receiver that records JSON bodies. */
async function startReceiver(): Promise<{
  url: string;
  bodies: unknown[];
  waitForOne(): Promise<unknown>;
  close(): Promise<void>;
}> {
  const bodies: unknown[] = [];
  let notify: (() => void) | undefined;
  const http: Server = createHttpServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.end('ok');
      notify?.();
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    bodies,
    waitForOne: () =>
      new Promise((resolve, reject) => {
        if (bodies.length) return resolve(bodies[0]);
        const timer = setTimeout(() => reject(new Error('no callback')), 3000);
        notify = () => {
          clearTimeout(timer);
          resolve(bodies[0]);
        };
      }),
    close: () => new Promise((r) => http.close(() => r())),
  };
}

describe('parameter QR codes and subscribers (/api/fun)', () => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeEach(async () => {
    receiver = await startReceiver();
    server = await startServer({ callbackUrl: receiver.url });
  });
  afterEach(async () => {
    await server.dispose();
    await receiver.close();
  });

  it('creates a parameter QR code, confirms it on the page and reports the scanner', async () => {
    const { appToken, uid } = server.credentials;
    const created = await server.call<QrData>('POST', '/api/fun/create/qrcode', {
      appToken,
      extra: 'order-42',
      validTime: 60,
    });
    expect(created.code).toBe(1000);
    expect(created.data.code).toMatch(/^QR_/);
    expect(created.data.shortUrl).toBe(`${server.url}/scan/${created.data.code}`);
    expect(created.data.url).toBe(`${server.url}/api/qrcode/${created.data.code}.jpg`);
    expect(created.data.extra).toBe('order-42');
    const before = await server.call('GET', `/api/fun/scan-qrcode-uid?code=${created.data.code}`);
    expect(before.data).toBeNull();
    const page = await (await fetch(created.data.shortUrl)).text();
    expect(page).toContain('Follow Local WxPusher?');

    const confirmed = await server.call('POST', `/scan/${created.data.code}`, {});

    expect(confirmed.code).toBe(1000);
    const after = await server.call('GET', `/api/fun/scan-qrcode-uid?code=${created.data.code}`);
    expect(after.data).toBe(uid);
    expect(await receiver.waitForOne()).toMatchObject({
      action: 'app_subscribe',
      data: {
        appName: 'Local WxPusher',
        source: 'scan',
        uid,
        extra: 'order-42',
        appId: expect.any(Number),
        time: expect.any(Number),
      },
    });
  });

  it('subscribes a new user who confirms a parameter code', async () => {
    const { appToken } = server.credentials;
    const user = await server.call<{ uid: string }>('POST', '/__test/create-user', {
      followApp: false,
    });
    const qr = await server.call<QrData>('POST', '/api/fun/create/qrcode', { appToken });
    expect(
      (
        await server.call('POST', '/api/send/message', {
          appToken,
          content: 'x',
          uids: [user.data.uid],
        })
      ).msg,
    ).toMatch(/does not follow/);

    await server.call('POST', `/scan/${qr.data.code}`, { uid: user.data.uid });

    const subs = await server.call<SubPage>(
      'GET',
      `/api/fun/wxuser/v2?appToken=${appToken}&uid=${user.data.uid}`,
    );
    expect(subs.data.total).toBe(1);
    expect(
      (
        await server.call('POST', '/api/send/message', {
          appToken,
          content: 'x',
          uids: [user.data.uid],
        })
      ).code,
    ).toBe(1000);
  });

  it('validates qrcode input and rejects unknown or expired codes', async () => {
    const { appToken } = server.credentials;
    expect((await server.call('POST', '/api/fun/create/qrcode', { appToken: 'AT_no' })).code).toBe(
      1001,
    );
    expect(
      (await server.call('POST', '/api/fun/create/qrcode', { appToken, extra: 'e'.repeat(65) }))
        .code,
    ).toBe(1008);
    expect(
      (await server.call('POST', '/api/fun/create/qrcode', { appToken, validTime: 31 * 86400 }))
        .code,
    ).toBe(1008);
    expect((await server.call('GET', '/api/fun/scan-qrcode-uid?code=QR_nope')).code).toBe(1001);
    const qr = await server.call<QrData>('POST', '/api/fun/create/qrcode', {
      appToken,
      validTime: 1,
    });
    await server.call('POST', '/__test/clock', { offsetMs: 2000 });
    expect((await server.call('POST', `/scan/${qr.data.code}`)).msg).toMatch(/expired/);
  });

  it('lists, pages, filters, blocks and removes subscribers', async () => {
    const { appToken, uid } = server.credentials;
    for (let i = 0; i < 3; i++) await server.call('POST', '/__test/create-user', {});

    const all = await server.call<SubPage>(
      'GET',
      `/api/fun/wxuser/v2?appToken=${appToken}&page=1&pageSize=2`,
    );
    const topics = await server.call<SubPage>(
      'GET',
      `/api/fun/wxuser/v2?appToken=${appToken}&type=1`,
    );

    expect(all.data).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(all.data.records).toHaveLength(2);
    expect(all.data.records[0]).toMatchObject({
      uid,
      type: 0,
      reject: false,
      payEndTime: 0,
      target: 'Local WxPusher',
    });
    expect(topics.data.records).toEqual([
      expect.objectContaining({
        uid,
        type: 1,
        target: 'Default topic',
        appOrTopicId: server.credentials.topicId,
      }),
    ]);
    const id = all.data.records[0]?.id;
    expect(
      (await server.call('PUT', `/api/fun/reject?appToken=${appToken}&id=${id}&reject=true`)).code,
    ).toBe(1000);
    const blocked = await server.call<SubPage>(
      'GET',
      `/api/fun/wxuser/v2?appToken=${appToken}&isBlock=true`,
    );
    expect(blocked.data.records.map((r) => r.id)).toEqual([id]);
    expect(
      (await server.call('DELETE', `/api/fun/remove?appToken=${appToken}&id=${id}`)).code,
    ).toBe(1000);
    expect(
      (await server.call('DELETE', `/api/fun/remove?appToken=${appToken}&id=${id}`)).code,
    ).toBe(1001);
    expect(
      (await server.call('GET', `/api/fun/wxuser/v2?appToken=${appToken}&pageSize=101`)).code,
    ).toBe(1008);
    expect((await server.call('PUT', `/api/fun/reject?appToken=${appToken}&id=${id}`)).code).toBe(
      1001,
    );
  });
});
