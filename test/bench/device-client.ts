import WebSocket from 'ws';
import { wallNow } from './stats';

/** A pushed 20001 frame as the floor client sees it, stamped on arrival. */
export interface ReceivedPush {
  mid: number;
  content: string;
  at: number;
}

/** A plain `ws` client bound to a user as its own device: the floor the extension is held to. */
export interface DeviceClient {
  pushToken: string;
  deviceUuid: string;
  deviceToken: string;
  /** Every 20001 frame received on any socket of this client, in arrival order. */
  received: ReceivedPush[];
  /** Called for each 20001 frame as it arrives (after it is recorded). */
  onPush?: (push: ReceivedPush) => void;
  /** Closes the socket (the device stays bound; the server keeps its replays). */
  disconnect(): Promise<void>;
  /** Opens a new socket with the same pushToken; resolves when its 202 arrived. */
  reconnect(): Promise<void>;
  /** Unbinds the device (the server keeps nothing more for it); closes the socket. */
  logout(): Promise<void>;
}

interface Envelope<T> {
  code: number;
  msg: string;
  data: T;
}

async function call<T>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  deviceToken = '',
) {
  const res = await fetch(base + path, {
    method,
    headers: {
      'Content-Type': 'application/json;charset=UTF-8',
      platform: 'Chrome-Linux',
      ...(deviceToken ? { deviceToken } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as Envelope<T>;
}

/**
 * Binds a new device through the device API, as the extension does (docs/protocol.md §2):
 * socket → 202 pushToken → create-login-qrcode → POST /scan/{code} → register-device.
 * The socket sends a heartbeat every 20 s so the server's idle timeout leaves it open.
 */
export async function bindDeviceClient(
  server: { url: string },
  opts: { uid?: string } = {},
): Promise<DeviceClient> {
  const wsBase = `${server.url.replace(/^http/, 'ws')}/ws?version=1.0.0&platform=Chrome-Linux`;
  let ws: WebSocket;
  let heartbeat: NodeJS.Timeout | undefined;
  const client: DeviceClient = {
    pushToken: '',
    deviceUuid: '',
    deviceToken: '',
    received: [],
    disconnect: async () => {
      clearInterval(heartbeat);
      if (ws.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
      });
    },
    reconnect: () => open(`${wsBase}&pushToken=${client.pushToken}`),
    logout: async () => {
      await client.disconnect();
      const out = await call(
        server.url,
        'POST',
        '/api/need-login/device/logout',
        {},
        client.deviceToken,
      );
      if (out.code !== 1000) throw new Error(`logout failed: ${out.code} ${out.msg}`);
    },
  };

  function open(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      ws = new WebSocket(url);
      const timer = setTimeout(() => reject(new Error('no 202 within 10 s')), 10_000);
      ws.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      ws.on('message', (data) => {
        const at = wallNow();
        const frame = JSON.parse(String(data)) as Record<string, unknown>;
        if (frame.msgType === 202) {
          clearTimeout(timer);
          client.pushToken = String(frame.pushToken);
          resolve();
        } else if (frame.msgType === 20001) {
          const push = { mid: Number(frame.mid), content: String(frame.content), at };
          client.received.push(push);
          client.onPush?.(push);
        }
      });
      clearInterval(heartbeat);
      heartbeat = setInterval(() => {
        if (ws.readyState === WebSocket.OPEN)
          ws.send(JSON.stringify({ msgType: 101, createTime: Date.now() }));
      }, 20_000);
      heartbeat.unref();
    });
  }

  await open(wsBase);
  const qr = await call<{ code: string }>(server.url, 'GET', '/api/device/create-login-qrcode');
  const scan = await call(
    server.url,
    'POST',
    `/scan/${qr.data.code}`,
    opts.uid ? { uid: opts.uid } : {},
  );
  if (scan.code !== 1000) throw new Error(`scan failed: ${scan.code} ${scan.msg}`);
  const bound = await call<{ deviceUuid: string; deviceToken: string }>(
    server.url,
    'POST',
    '/api/device/register-device',
    {
      code: qr.data.code,
      pushToken: client.pushToken,
      deviceName: 'Chrome-Linux-x86-64',
    },
  );
  if (bound.code !== 1000) throw new Error(`register failed: ${bound.code} ${bound.msg}`);
  client.deviceUuid = bound.data.deviceUuid;
  client.deviceToken = bound.data.deviceToken;
  return client;
}
