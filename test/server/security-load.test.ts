/**
 * Attacks on the server's availability (README, Security): trickled requests, too many
 * connections, floods of pages and login codes, anonymous sockets, and hostile markdown.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { wsOpen } from './attacker';
import { bindDevice, isMessage, sendToDefault, sleep, startServer, WsClient } from './helpers';

describe('a slow or greedy client', () => {
  it('cannot hold a socket by trickling a body or its headers', async () => {
    const server = await startServer({ requestTimeoutMs: 1000 });
    const port = Number(new URL(server.url).port);
    const trickle = (head: string) =>
      new Promise<number>((resolve) => {
        const started = Date.now();
        const socket = connect(port, '127.0.0.1', () => socket.write(head));
        const drip = setInterval(() => socket.write('a'), 200);
        socket.on('error', () => undefined);
        socket.on('close', () => {
          clearInterval(drip);
          resolve(Date.now() - started);
        });
        // Bounded: a socket still open after 20 s fails the test below.
        setTimeout(() => socket.destroy(), 20_000).unref();
      });
    try {
      const [body, headers] = await Promise.all([
        trickle(
          `POST /api/send/message HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
            'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n',
        ),
        trickle(`GET /api/device/version-update HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-a: `),
      ]);
      console.log(`trickled body closed after ${body} ms, trickled headers after ${headers} ms`);
      expect(body).toBeLessThan(20_000);
      expect(headers).toBeLessThan(20_000);
    } finally {
      await server.dispose();
    }
  });

  it('cannot open more connections than the cap', async () => {
    const server = await startServer({ maxConnections: 3 });
    try {
      const open = await Promise.all([0, 1, 2].map(() => WsClient.open(server)));
      const fourth = await wsOpen(server.wsUrl, {});
      await open[0]?.client.close();
      await sleep(100);
      const again = await WsClient.open(server);

      expect(fourth).toEqual({ refused: expect.any(String) });
      expect(again.pushToken).toMatch(/^PT_/);
      await Promise.all([...open.slice(1), again].map((c) => c.client.close()));
    } finally {
      await server.dispose();
    }
  });

  it('is limited per address on page routes and login codes, with a clear answer', async () => {
    const server = await startServer({
      rateLimit: true,
      addressLimits: {
        page: { max: 3, windowMs: 60_000 },
        'login-code': { max: 2, windowMs: 60_000 },
      },
    });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++) {
        codes.push(await server.call('GET', '/api/device/create-login-qrcode'));
      }
      const pages = [];
      for (let i = 0; i < 4; i++) pages.push(await fetch(`${server.url}/api/message/none`));

      expect(codes.map((c) => c.code)).toEqual([1000, 1000, 1001]);
      expect(codes[2]?.msg).toMatch(/too many login codes from this address/);
      expect(pages.map((p) => p.status)).toEqual([404, 404, 404, 429]);
      expect(await pages[3]?.text()).toContain('too many requests from this address');
    } finally {
      await server.dispose();
    }
  });

  it('leaves no stored push token behind for sockets that never bound', async () => {
    const server = await startServer();
    try {
      const sockets = [];
      for (let i = 0; i < 200; i++) sockets.push(await WsClient.open(server));
      await Promise.all(sockets.map((s) => s.client.close()));
      const anonymous = await server.call<Record<string, number>>('GET', '/__test/stats');
      const again = await WsClient.open(server, sockets[0]?.pushToken);
      const device = await bindDevice(server);
      const bound = await server.call<Record<string, number>>('GET', '/__test/stats');

      expect(anonymous.data.pushTokens).toBe(0);
      expect(anonymous.data.pendingPushTokens).toBe(200);
      expect(again.pushToken).toBe(sockets[0]?.pushToken); // a reconnect keeps its token
      expect(bound.data.pushTokens).toBe(1);
      await Promise.all([again.client.close(), device.client.close()]);
    } finally {
      await server.dispose();
    }
  });
});

describe('a hostile sender', () => {
  it('cannot stall the server with markdown: rendered once, off the event loop', async () => {
    const server = await startServer({ renderBudgetMs: 1000 });
    const latency = async () => {
      const started = performance.now();
      await server.call('GET', '/api/device/version-update');
      return performance.now() - started;
    };
    try {
      const device = await bindDevice(server);
      await sendToDefault(server, '**warm**', { contentType: 3 });
      await device.client.next(isMessage);
      const idle = Math.min(await latency(), await latency(), await latency());

      // Act: the hostile send (no summary), and an unrelated request right behind it.
      let unrelatedDone = 0;
      let hostileDone = 0;
      const hostile = sendToDefault(server, '_a'.repeat(19_995), { contentType: 3 }).then((r) => {
        hostileDone = performance.now();
        return r;
      });
      const during = await latency().then((ms) => {
        unrelatedDone = performance.now();
        return ms;
      });
      const sent = await hostile;
      const frame = await device.client.next(isMessage, 10_000);
      const before = await server.call<Record<string, number>>('GET', '/__test/stats');
      const started = performance.now();
      const views = Promise.all(Array.from({ length: 6 }, () => fetch(String(frame.url))));
      const duringViews = await latency();
      const pages = await Promise.all((await views).map((r) => r.text()));
      const viewsMs = performance.now() - started;
      const after = await server.call<Record<string, number>>('GET', '/__test/stats');

      console.log(
        `idle ${idle.toFixed(1)} ms; beside the hostile send ${during.toFixed(1)} ms ` +
          `(×${(during / idle).toFixed(1)}); beside six detail views ${duringViews.toFixed(1)} ms ` +
          `(×${(duringViews / idle).toFixed(1)}); six views took ${viewsMs.toFixed(0)} ms`,
      );
      expect(sent.code).toBe(1000);
      expect(unrelatedDone).toBeLessThan(hostileDone); // the send did not hold the event loop
      expect(String(frame.summary)).toMatch(/^_?a/); // a summary was made once, at send time
      expect(pages.every((html) => html.includes('data-testid="content"'))).toBe(true);
      // Six page views rendered nothing: the HTML was stored at send time.
      const work = (r: typeof after) => (r.data.rendered ?? 0) + (r.data.fallbacks ?? 0);
      expect(work(after)).toBe(work(before));
      expect(duringViews / idle).toBeLessThan(500); // generous: views do no markdown work
      await device.client.close();
    } finally {
      await server.dispose();
    }
  });

  it('gets a plain-text fallback when a body overruns the render budget', async () => {
    const server = await startServer({ renderBudgetMs: 300 });
    try {
      const device = await bindDevice(server);
      await sendToDefault(server, '**warm**', { contentType: 3 });
      await device.client.next(isMessage);
      const res = await sendToDefault(server, `<b>x</b>${'_a'.repeat(19_995)}`, {
        contentType: 3,
      });
      const frame = await device.client.next(isMessage, 10_000);
      const page = await (await fetch(String(frame.url))).text();
      const stats = await server.call<Record<string, number>>('GET', '/__test/stats');

      expect(res.code).toBe(1000);
      expect(stats.data.fallbacks).toBeGreaterThanOrEqual(1);
      expect(stats.data.workerRestarts).toBe(1);
      expect(String(frame.summary)).toMatch(/^<b>x<\/b>_a_a/); // the raw start, as text
      expect(page).toContain('&lt;b&gt;x&lt;/b&gt;_a_a'); // escaped, never parsed
      // The worker was replaced and renders the next body normally.
      await sendToDefault(server, '**next**', { contentType: 3 });
      const next = await device.client.next(isMessage, 10_000);
      expect(await (await fetch(String(next.url))).text()).toContain('<strong>next</strong>');
      await device.client.close();
    } finally {
      await server.dispose();
    }
  });
});
