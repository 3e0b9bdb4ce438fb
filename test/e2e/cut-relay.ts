import net from 'node:net';

/**
 * A TCP relay on 127.0.0.1 between the browser and the server: the network path, which a test
 * can cut. Cut, every connection it carries is dropped and every new one is closed at once,
 * HTTP and WebSocket alike, as when a network goes away under the browser (the server itself
 * keeps running). It counts the WebSocket upgrades it sees, and those it refused.
 */
export interface CutRelay {
  /** `http://127.0.0.1:<port>`: the address the extension is built for. */
  url: string;
  cut(): void;
  restore(): void;
  counts(): { upgradeAttempts: number; refusedUpgrades: number };
  close(): Promise<void>;
}

/** A WebSocket handshake's request line and header, as the first bytes of a connection. */
const isUpgrade = (chunk: Buffer) =>
  /^GET \S*\/ws[?\s]/.test(chunk.toString('latin1', 0, 512)) &&
  /\r\nupgrade:\s*websocket/i.test(chunk.toString('latin1'));

export async function startCutRelay(targetPort: number): Promise<CutRelay> {
  let cut = false;
  let upgradeAttempts = 0;
  let refusedUpgrades = 0;
  const open = new Set<net.Socket>();

  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => undefined);
    client.once('data', (first: Buffer) => {
      const upgrade = isUpgrade(first);
      if (upgrade) upgradeAttempts++;
      if (cut) {
        if (upgrade) refusedUpgrades++;
        client.destroy();
        return;
      }
      const upstream = net.connect(targetPort, '127.0.0.1');
      open.add(upstream);
      upstream.on('close', () => {
        open.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.write(first);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      cut = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      cut = false;
    },
    counts: () => ({ upgradeAttempts, refusedUpgrades }),
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
