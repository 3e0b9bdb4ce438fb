import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bindDevice,
  isMessage,
  sendToDefault,
  startServer,
  type BoundDevice,
  type TestServer,
} from './helpers';

interface Item {
  messageId: number;
  qid: string;
  name: string;
  title: string;
  summary: string;
  content: string;
  contentType: number;
  url: string;
  sourceUrl: string;
  read: boolean;
  createTime: number;
}

const LIST = '/api/need-login/device/message';

describe('device message API (docs/protocol.md §4)', () => {
  let server: TestServer;
  let a: BoundDevice;
  let b: BoundDevice;
  beforeEach(async () => {
    server = await startServer();
    a = await bindDevice(server);
    b = await bindDevice(server);
  });
  afterEach(async () => {
    await a.client.close();
    await b.client.close();
    await server.dispose();
  });

  const list = (device: BoundDevice, query = '') =>
    server.call<Item[]>('GET', `${LIST}/list-v2?${query}`, undefined, device.headers);

  it('pages newest first, 30 at a time, with the full item shape', async () => {
    for (let i = 1; i <= 35; i++)
      await sendToDefault(server, `message ${i}`, { url: 'https://example.com/src' });

    const first = await list(a, 'messageId=9007199254740991&scene=1');
    const cursor = first.data.at(-1)?.messageId;
    const second = await list(a, `messageId=${cursor}&scene=5`);

    expect(first.data).toHaveLength(30);
    expect(first.data[0]).toMatchObject({
      content: 'message 35',
      summary: 'message 35',
      title: 'message 35',
      name: 'Local WxPusher',
      contentType: 1,
      sourceUrl: 'https://example.com/src',
      read: false,
    });
    expect(first.data[0]?.url).toBe(`${server.url}/api/message/${first.data[0]?.qid}`);
    expect(second.data.map((m) => m.content)).toEqual([
      'message 5',
      'message 4',
      'message 3',
      'message 2',
      'message 1',
    ]);
    const ids = [...first.data, ...second.data].map((m) => m.messageId);
    expect([...ids].sort((x, y) => y - x)).toEqual(ids);
  });

  it('searches title, summary, content and app name', async () => {
    await sendToDefault(server, 'the quick brown fox');
    await sendToDefault(server, 'lazy dog', { summary: 'canine news' });
    await sendToDefault(server, '100% off_sale');

    expect((await list(a, 'key=brown&scene=4')).data.map((m) => m.content)).toEqual([
      'the quick brown fox',
    ]);
    expect((await list(a, 'key=canine')).data.map((m) => m.content)).toEqual(['lazy dog']);
    expect((await list(a, 'key=Local%20WxPusher')).data).toHaveLength(3);
    expect((await list(a, `key=${encodeURIComponent('0% off_')}`)).data).toHaveLength(1);
    expect((await list(a, 'key=%25')).data).toHaveLength(1); // % is literal, not a wildcard
  });

  it('keeps read and delete state per device', async () => {
    const m1 = (await sendToDefault(server, 'one')).data[0]?.messageId;
    const m2 = (await sendToDefault(server, 'two')).data[0]?.messageId;

    const marked = await server.call(
      'PUT',
      `${LIST}/read-mark?messageIds=${m1},${m2}&read=true`,
      undefined,
      a.headers,
    );
    const deleted = await server.call(
      'DELETE',
      `${LIST}/delete?messageIds=${m1}`,
      undefined,
      a.headers,
    );

    expect(marked).toMatchObject({ code: 1000, data: 2 });
    expect(deleted).toMatchObject({ code: 1000, data: 1 });
    expect((await list(a)).data.map((m) => [m.messageId, m.read])).toEqual([[m2, true]]);
    expect((await list(b)).data.map((m) => [m.messageId, m.read])).toEqual([
      [m2, false],
      [m1, false],
    ]);
    await server.call('PUT', `${LIST}/read-mark?messageIds=${m2}&read=false`, undefined, a.headers);
    expect((await list(a)).data[0]?.read).toBe(false);
  });

  it('deletes all for one device only', async () => {
    await sendToDefault(server, 'one');
    await sendToDefault(server, 'two');

    const res = await server.call('DELETE', `${LIST}/delete-all`, undefined, a.headers);

    expect(res.code).toBe(1000);
    expect((await list(a)).data).toHaveLength(0);
    expect((await list(b)).data).toHaveLength(2);
    await sendToDefault(server, 'three');
    expect((await list(a)).data.map((m) => m.content)).toEqual(['three']);
  });

  it("ignores ids of other users' messages and validates id lists", async () => {
    const other = await server.call<{ uid: string }>('POST', '/__test/create-user', {});
    const foreign = (
      await server.call<{ messageId: number }[]>('POST', '/api/send/message', {
        appToken: server.credentials.appToken,
        content: 'not yours',
        uids: [other.data.uid],
      })
    ).data[0]?.messageId;

    const res = await server.call(
      'PUT',
      `${LIST}/read-mark?messageIds=${foreign}&read=true`,
      undefined,
      a.headers,
    );

    expect(res).toMatchObject({ code: 1000, data: 0 });
    const tooMany = Array.from({ length: 201 }, (_, i) => i + 1).join(',');
    expect(
      (await server.call('PUT', `${LIST}/read-mark?messageIds=${tooMany}`, undefined, a.headers))
        .code,
    ).toBe(1008);
    expect(
      (await server.call('DELETE', `${LIST}/delete?messageIds=${tooMany}`, undefined, a.headers))
        .code,
    ).toBe(1008);
    expect(
      (await server.call('DELETE', `${LIST}/delete?messageIds=abc`, undefined, a.headers)).code,
    ).toBe(1008);
    expect((await server.call('DELETE', `${LIST}/delete`, undefined, a.headers)).code).toBe(1008);
  });

  it('sends a test message to the bound user', async () => {
    const res = await server.call('POST', `${LIST}/send-test`, undefined, a.headers);

    expect(res.code).toBe(1000);
    const frameA = await a.client.next(isMessage);
    const frameB = await b.client.next(isMessage);
    expect(frameA.name).toBe('WxPusher');
    expect(frameB.mid).toBe(frameA.mid);
  });

  it('answers device calls 503 while the test gate refuses them, and as before once it stops', async () => {
    // Arrange
    await sendToDefault(server, 'behind the cut');
    const listStatus = async () =>
      (await fetch(`${server.url}${LIST}/list-v2`, { headers: a.headers })).status;

    // Act: refusing upgrades only, then calls too, then nothing.
    await server.call('POST', '/__test/refuse', { on: true });
    const upgradesOnly = await listStatus();
    await server.call('POST', '/__test/refuse', { on: true, calls: true });
    const cut = await listStatus();
    const loginCode = await server.call('GET', '/api/device/create-login-qrcode');
    const stats = await server.call<Record<string, number>>('GET', '/__test/stats');
    await server.call('POST', '/__test/refuse', { on: false });
    const after = await list(a);

    // Assert: only logged-in device calls are cut, and each refusal is counted.
    expect(upgradesOnly).toBe(200);
    expect(cut).toBe(503);
    expect(loginCode.code).toBe(1000);
    expect(stats.data).toMatchObject({ refusedDeviceCalls: 1 });
    expect(after.data.map((m) => m.content)).toEqual(['behind the cut']);
  });
});
