import { createServer, type Server } from 'node:http';
import QRCode from 'qrcode';
import { bind, callWorker, expect, send, test } from './desktop-fixtures';
import type { NotificationDaemon, ShownNotification } from './notification-daemon';

/** An image host on 127.0.0.1 that counts its requests (and sends no CORS headers). */
async function imageHost(): Promise<{ port: number; hits: string[]; server: Server }> {
  const png = await QRCode.toBuffer('wxpusher image notification', { width: 120 });
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length });
    res.end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, hits, server };
}

async function shown(daemon: NotificationDaemon, title: string): Promise<ShownNotification> {
  await expect.poll(() => daemon.open().map((n) => n.title), { timeout: 15_000 }).toContain(title);
  return daemon.open().find((n) => n.title === title)!;
}

test('a message with an image shows it in its notification, under the image setting', async ({
  server,
  extPage,
  daemon,
}) => {
  const host = await imageHost();
  try {
    await bind(extPage, server);
    // 127.0.0.1 is the extension's server host here, so it may fetch from it.
    await send(server, {
      content: `<p>Today's chart</p><img src="http://127.0.0.1:${host.port}/chart.png">`,
      contentType: 2,
      summary: 'Chart ready',
    });
    await expect
      .poll(async () => (await shown(daemon, 'Chart ready')).body, { timeout: 15_000 })
      .toContain('<img');
    expect(host.hits).toEqual(['/chart.png']);

    // A host without permission (no CORS either): the notification comes without an image.
    await send(server, {
      content: `![x](http://localhost:${host.port}/other.png)`,
      contentType: 3,
      summary: 'Other host',
    });
    const other = await shown(daemon, 'Other host');
    // The worker asked (the host answers without CORS, so the answer stays unreadable).
    await expect.poll(() => host.hits, { timeout: 10_000 }).toContain('/other.png');
    expect(other.body).not.toContain('<img');

    // Remote images blocked: not even fetched.
    await callWorker(extPage, 'updateSettings', { patch: { blockImages: true } });
    const before = host.hits.length;
    await send(server, {
      content: `<img src="http://127.0.0.1:${host.port}/blocked.png">`,
      contentType: 2,
      summary: 'Blocked',
    });
    const blocked = await shown(daemon, 'Blocked');
    expect(blocked.body).not.toContain('<img');
    expect(host.hits.slice(before)).toEqual([]);
  } finally {
    host.server.close();
  }
});
