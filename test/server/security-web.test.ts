/**
 * Attacks by a web page on another origin (README, Security): reading answers, confirming a
 * code, opening a socket, rebinding its DNS name, and all of it chained. Each runs against the
 * real server and is shown to fail.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebPage, rawRequest, wsOpen } from './attacker';
import { bindDevice, sendToDefault, startServer, WsClient, type TestServer } from './helpers';

const EVIL = 'https://evil.example';

describe('a web page on another origin', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    await server.dispose();
  });

  it('cannot read device-API answers: no CORS grant for web origins, "null" or none', async () => {
    const device = await bindDevice(server);
    const path = '/api/need-login/device/get-user-device-info';

    const evil = await rawRequest(server.url, 'GET', path, { Origin: EVIL, ...device.headers });
    const sandboxed = await rawRequest(server.url, 'GET', path, { Origin: 'null' });
    const preflight = await rawRequest(server.url, 'OPTIONS', path, {
      Origin: EVIL,
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'devicetoken',
    });
    const program = await rawRequest(server.url, 'GET', path, device.headers);
    const extension = await rawRequest(server.url, 'GET', path, {
      Origin: 'moz-extension://0a1b2c3d-4e5f-6789-abcd-ef0123456789',
      ...device.headers,
    });

    for (const res of [evil, sandboxed, preflight]) {
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.status).toBe(403);
      expect(res.body).not.toContain(server.credentials.spt);
    }
    expect(JSON.parse(evil.body)).toMatchObject({ code: 1001, success: false });
    expect(JSON.parse(evil.body).msg).toMatch(/does not serve web pages/);
    expect(program.headers['access-control-allow-origin']).toBeUndefined();
    expect(JSON.parse(program.body).data.spt).toBe(server.credentials.spt);
    expect(extension.headers['access-control-allow-origin']).toBe(
      'moz-extension://0a1b2c3d-4e5f-6789-abcd-ef0123456789',
    );
    await device.client.close();
  });

  it('cannot confirm a login code by a cross-site post, with or without an Origin', async () => {
    const qr = await server.call<{ code: string }>('GET', '/api/device/create-login-qrcode');
    const scan = `/scan/${qr.data.code}`;

    const textPlain = await rawRequest(
      server.url,
      'POST',
      scan,
      { Origin: EVIL, 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'text/plain' },
      '{}',
    );
    const noOrigin = await rawRequest(
      server.url,
      'POST',
      scan,
      { 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/x-www-form-urlencoded' },
      '',
    );
    const plainNoOrigin = await rawRequest(
      server.url,
      'POST',
      scan,
      { 'Content-Type': 'text/plain' },
      '{}',
    );
    const formWithoutToken = await rawRequest(
      server.url,
      'POST',
      scan,
      { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      '',
    );
    const { client, pushToken } = await WsClient.open(server);
    const poll = await server.call('POST', '/api/device/register-device', {
      code: qr.data.code,
      pushToken,
    });

    expect(textPlain.status).toBe(403);
    expect(noOrigin.status).toBe(403);
    expect(JSON.parse(plainNoOrigin.body).code).toBe(1008);
    expect(formWithoutToken.status).toBe(403);
    expect(formWithoutToken.body).toContain('expired or was already used');
    expect(poll.code).toBe(10000); // still waiting: nobody confirmed
    await client.close();
  });

  it('confirm page: its own form works once with its one-time token', async () => {
    const qr = await server.call<{ code: string }>('GET', '/api/device/create-login-qrcode');
    const page = await rawRequest(server.url, 'GET', `/scan/${qr.data.code}`, {});
    const token = /name="token" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const post = () =>
      rawRequest(
        server.url,
        'POST',
        `/scan/${qr.data.code}`,
        {
          Origin: server.url,
          'Sec-Fetch-Site': 'same-origin',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        new URLSearchParams({ token }).toString(),
      );

    const first = await post();
    const replayed = await post();

    expect(token).toMatch(/^[A-Za-z0-9]{32}$/);
    // Under no-referrer a browser would post the form with "Origin: null", refused as a web page.
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(first.status).toBe(200);
    expect(first.body).toContain('Browser bound');
    expect(replayed.status).toBe(403);
  });

  it('cannot open /ws: a web Origin is refused, extensions and programs are served', async () => {
    const evil = await wsOpen(server.wsUrl, { Origin: EVIL });
    const extension = await wsOpen(server.wsUrl, { Origin: 'chrome-extension://abcdefghijklmnop' });
    const program = await wsOpen(server.wsUrl, {});

    expect(evil).toEqual({ refused: expect.stringMatching(/403/) });
    expect(extension).toMatchObject({ pushToken: expect.stringMatching(/^PT_/) });
    expect(program).toMatchObject({ pushToken: expect.stringMatching(/^PT_/) });
  });

  it('cannot rebind its DNS name to the server: a foreign Host is refused, clearly', async () => {
    const port = new URL(server.url).port;
    const rebound = await rawRequest(server.url, 'GET', '/api/device/create-login-qrcode', {
      Host: `attacker.example:${port}`,
    });
    const page = await rawRequest(server.url, 'GET', '/scan/LGN_x', {
      Host: `attacker.example:${port}`,
    });
    const socket = await wsOpen(server.wsUrl, { Host: `attacker.example:${port}` });
    const loopbackNames = await Promise.all(
      [`localhost:${port}`, `127.0.0.1:${port}`, `app.localhost:${port}`].map((host) =>
        rawRequest(server.url, 'GET', '/api/device/version-update', { Host: host }),
      ),
    );

    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).msg).toMatch(/Host "attacker.example" is not this server/);
    expect(rebound.body).not.toContain('LGN_');
    expect(page.status).toBe(403);
    expect(page.headers['content-type']).toContain('text/html');
    expect(socket).toEqual({ refused: expect.stringMatching(/403/) });
    expect(loopbackNames.map((r) => JSON.parse(r.body).code)).toEqual([1000, 1000, 1000]);
  });

  it('cannot chain code → socket → confirm → register → read messages and the SPT', async () => {
    await sendToDefault(server, 'secret message');
    const page = createWebPage(EVIL, server);

    const outcome = await page.stealMessages();

    expect(outcome.stolen).toBeUndefined();
    expect(outcome.stoppedAt).toBe('create a login code');
    expect(outcome.reason).toMatch(/CORS|403/);
    const stats = await server.call<Record<string, number>>('GET', '/__test/stats');
    expect(stats.data.devices).toBe(0);
  });
});

describe('a public URL behind a proxy', () => {
  it('accepts its host name and origin too', async () => {
    const server = await startServer({ publicUrl: 'https://push.example.com' });
    try {
      const res = await rawRequest(server.url, 'GET', '/api/device/version-update', {
        Host: 'push.example.com',
        Origin: 'https://push.example.com',
      });
      expect(JSON.parse(res.body).code).toBe(1000);
    } finally {
      await server.dispose();
    }
  });
});
