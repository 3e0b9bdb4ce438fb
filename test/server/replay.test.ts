import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bindDevice,
  isMessage,
  sendToDefault,
  startServer,
  WsClient,
  type TestServer,
} from './helpers';

const HOUR = 3_600_000;

describe('offline replay (docs/protocol.md §3) and retention (docs/protocol.md §6)', () => {
  let now: number;
  let server: TestServer;
  beforeEach(async () => {
    now = 1_700_000_000_000;
    server = await startServer({ now: () => now });
  });
  afterEach(async () => {
    await server.dispose();
  });

  it('replays messages sent while offline when the device reconnects with its pushToken', async () => {
    const device = await bindDevice(server);
    await device.client.close();
    const a = await sendToDefault(server, 'missed 1');
    const b = await sendToDefault(server, 'missed 2');
    expect(
      (await server.call<{ pendingReplays: number }>('GET', '/__test/stats')).data.pendingReplays,
    ).toBe(2);

    const back = await WsClient.open(server, device.pushToken);

    expect(back.pushToken).toBe(device.pushToken);
    const frames = [await back.client.next(isMessage), await back.client.next(isMessage)];
    expect(frames.map((f) => f.mid)).toEqual([a.data[0]?.messageId, b.data[0]?.messageId]);
    expect(
      (await server.call<{ pendingReplays: number }>('GET', '/__test/stats')).data.pendingReplays,
    ).toBe(0);
    await back.client.close();
  });

  it('never pushes the same message to a device twice', async () => {
    const device = await bindDevice(server);
    await sendToDefault(server, 'live');
    expect((await device.client.next(isMessage)).content).toBe('live');
    await device.client.close();
    await sendToDefault(server, 'offline');

    const first = await WsClient.open(server, device.pushToken);
    expect((await first.client.next(isMessage)).content).toBe('offline');
    await first.client.close();
    const second = await WsClient.open(server, device.pushToken);

    await expect(second.client.next(isMessage, 300)).rejects.toThrow();
    await second.client.close();
  });

  it('does not replay messages older than 24 hours', async () => {
    const device = await bindDevice(server);
    await device.client.close();
    await sendToDefault(server, 'old');
    now += 23 * HOUR;
    await sendToDefault(server, 'recent');
    now += 2 * HOUR; // 'old' is now 25 h old, 'recent' 2 h

    const back = await WsClient.open(server, device.pushToken);

    expect((await back.client.next(isMessage)).content).toBe('recent');
    await expect(back.client.next(isMessage, 300)).rejects.toThrow();
    await back.client.close();
  });

  it('replays to a new pushToken once update-device-info binds it', async () => {
    const device = await bindDevice(server);
    await device.client.close();
    await sendToDefault(server, 'waiting');
    const fresh = await WsClient.open(server);
    await expect(fresh.client.next(isMessage, 200)).rejects.toThrow();

    await server.call(
      'PUT',
      '/api/need-login/device/update-device-info',
      { pushToken: fresh.pushToken, deviceUuid: device.deviceUuid, platform: 'Chrome-Linux' },
      device.headers,
    );

    expect((await fresh.client.next(isMessage)).content).toBe('waiting');
    await fresh.client.close();
  });

  it('does not replay messages the device deleted while offline', async () => {
    const device = await bindDevice(server);
    await device.client.close();
    const sent = await sendToDefault(server, 'deleted before reconnect');
    await server.call(
      'DELETE',
      `/api/need-login/device/message/delete?messageIds=${sent.data[0]?.messageId}`,
      undefined,
      device.headers,
    );

    const back = await WsClient.open(server, device.pushToken);

    await expect(back.client.next(isMessage, 300)).rejects.toThrow();
    await back.client.close();
  });

  it('deletes messages older than 7 days', async () => {
    const device = await bindDevice(server);
    const old = await sendToDefault(server, 'a week ago');
    const qid = String((await device.client.next(isMessage)).qid);
    now += 6 * 24 * HOUR;
    await sendToDefault(server, 'yesterday');
    now += 1 * 24 * HOUR + 1;

    const swept = await server.call<{ removedMessages: number }>('POST', '/__test/sweep');

    expect(swept.data.removedMessages).toBe(1);
    const list = await server.call<{ content: string }[]>(
      'GET',
      '/api/need-login/device/message/list-v2',
      undefined,
      device.headers,
    );
    expect(list.data.map((m) => m.content)).toEqual(['yesterday']);
    expect((await fetch(`${server.url}/api/message/${qid}`)).status).toBe(404);
    const status = await server.call(
      'GET',
      `/api/send/query/status?sendRecordId=${old.data[0]?.sendRecordId}`,
    );
    expect(status.code).toBe(1001);
    await device.client.close();
  });
});
