import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindDevice, startServer, WsClient, type TestServer } from './helpers';

describe('WebSocket (docs/protocol.md §3)', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    await server.dispose();
  });

  it('sends 202 with a new PT_ token, reuses a known one and replaces an unknown one', async () => {
    const first = await WsClient.open(server);
    const again = await WsClient.open(server, first.pushToken);
    const unknown = await WsClient.open(server, 'PT_never_issued');

    expect(first.pushToken).toMatch(/^PT_[A-Za-z0-9]{32}$/);
    expect(again.pushToken).toBe(first.pushToken);
    expect(unknown.pushToken).not.toBe('PT_never_issued');
    await Promise.all([first.client.close(), again.client.close(), unknown.client.close()]);
  });

  it('answers a 101 heartbeat with 201 and ignores unknown msgTypes', async () => {
    const { client } = await WsClient.open(server);

    client.send({ msgType: 999, createTime: Date.now() });
    client.send({ msgType: 101, createTime: Date.now() });

    const reply = await client.next();
    expect(reply.msgType).toBe(201);
    expect(reply.createTime).toEqual(expect.any(Number));
    await client.close();
  });

  it.each([
    ['a non-JSON frame', 'not json', /JSON/],
    ['a frame without msgType', '{"createTime":1}', /msgType/],
    ['a JSON array', '[1,2]', /msgType/],
    ['an oversized frame', JSON.stringify({ msgType: 101, pad: 'x'.repeat(70_000) }), /too large/],
  ])('answers %s with 203 and closes', async (_name, frame, msg) => {
    const { client } = await WsClient.open(server);

    client.send(frame);

    const error = await client.next();
    expect(error.msgType).toBe(203);
    expect(String(error.msg)).toMatch(msg);
    expect(await client.closed).toBe(1008);
  });

  it('answers a binary frame with 203 and closes', async () => {
    const { client } = await WsClient.open(server);
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await client.next()).msgType).toBe(203);
    await client.closed;
  });

  it('refuses upgrades on other paths', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/elsewhere`);
    const error = await new Promise<Error>((resolve) => ws.on('error', resolve));
    expect(error.message).toMatch(/404/);
  });

  it('writes raw frames to bound devices through the test hook and counts connections', async () => {
    const device = await bindDevice(server);

    const res = await server.call<{ sockets: number }>('POST', '/__test/raw-frame', {
      frame: '{"msgType":20001,"mid":"bad"}',
    });
    const stats = await server.call<Record<string, number>>('GET', '/__test/stats');

    expect(res.data.sockets).toBe(1);
    expect(await device.client.next((f) => f.msgType === 20001)).toEqual({
      msgType: 20001,
      mid: 'bad',
    });
    expect(stats.data).toMatchObject({
      connections: 1,
      devices: 1,
      messages: 0,
      pendingReplays: 0,
    });
    await device.client.close();
  });
});

describe('the refuse test hook (a cut network path, as the reliability suite uses it)', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    await server.dispose();
  });

  it('answers /ws upgrades 503 while on, counts attempts, accepts again, and drops sockets on request', async () => {
    // Arrange: one socket open before the cut.
    const before = await WsClient.open(server);

    // Act: refuse, try twice, restore, try again.
    const on = await server.call('POST', '/__test/refuse', { on: true });
    const errors: string[] = [];
    for (let i = 0; i < 2; i++) {
      const ws = new WebSocket(`${server.wsUrl}?version=1&platform=Chrome-Linux`);
      errors.push((await new Promise<Error>((resolve) => ws.on('error', resolve))).message);
    }
    const during = await server.call<Record<string, number>>('GET', '/__test/stats');
    await server.call('POST', '/__test/refuse', { on: false });
    const after = await WsClient.open(server);
    const stats = await server.call<Record<string, number>>('GET', '/__test/stats');
    const bad = await server.call('POST', '/__test/refuse', {});
    await server.call('POST', '/__test/refuse', { on: false, drop: true });
    const dropped = await Promise.all([before.client.closed, after.client.closed]);

    // Assert
    expect(on.code).toBe(1000);
    expect(errors).toEqual([expect.stringMatching(/503/), expect.stringMatching(/503/)]);
    expect(during.data).toMatchObject({ connections: 1, upgradeAttempts: 3, refusedUpgrades: 2 });
    expect(after.pushToken).toMatch(/^PT_/);
    expect(stats.data).toMatchObject({ connections: 2, upgradeAttempts: 4, refusedUpgrades: 2 });
    expect(bad.code).toBe(1008);
    expect(dropped).toEqual([1006, 1006]);
  });
});

describe('WebSocket idle timeout', () => {
  it('drops a silent socket after the idle timeout, but not one that sends heartbeats', async () => {
    const server = await startServer({ idleTimeoutMs: 300 });
    try {
      const silent = await WsClient.open(server);
      const chatty = await WsClient.open(server);
      const beat = setInterval(
        () => chatty.client.send({ msgType: 101, createTime: Date.now() }),
        100,
      );

      const code = await silent.client.closed;

      expect(code).toBe(4000);
      expect(chatty.client.ws.readyState).toBe(WebSocket.OPEN);
      clearInterval(beat);
      await chatty.client.close();
    } finally {
      await server.dispose();
    }
  });
});
