import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, WebSocket } from 'ws';
import type { Clock } from './clock';

/** Frames above this get a 203 and the socket closed (the protocol has no large client frames). */
export const MAX_FRAME_BYTES = 64 * 1024;
/** Hard cap enforced by `ws` itself (closes with 1009); above MAX_FRAME_BYTES so we can say why. */
const WS_MAX_PAYLOAD = 1024 * 1024;
const MAX_PUSH_TOKEN_LENGTH = 200;

/** What the hub needs from the rest of the server. */
export interface HubOptions {
  clock: Clock;
  /** Close sockets that sent no frame for this long (real time). */
  idleTimeoutMs: number;
  /** The presented push token if known, else a freshly minted and stored one. */
  resolvePushToken(presented: string | undefined): string;
  /** Called after 202 went out: the place to replay pending messages. */
  onReady(pushToken: string): void;
  /** Called when a socket of this token closed. */
  onClose?(pushToken: string): void;
  /** Base URL for links in frames written to this socket. */
  baseUrlOf(req: IncomingMessage): string;
  /** An upgrade notice (204) for a client of this version, or null. */
  upgradeFor?(clientVersion: string): Record<string, unknown> | null;
  /** Whether a `/ws` upgrade may proceed; a refused one is answered 503. Default: all may. */
  acceptUpgrade?(req: IncomingMessage): boolean;
}

interface Conn {
  ws: WebSocket;
  pushToken: string;
  baseUrl: string;
  idle?: NodeJS.Timeout;
}

/** The WebSocket side of docs/protocol.md §3: connections grouped by push token. */
export function createHub(options: HubOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });
  const byToken = new Map<string, Set<Conn>>();
  const frame = (body: Record<string, unknown>) =>
    JSON.stringify({ ...body, createTime: options.clock.now() });

  function closeWith(conn: Conn, code: number, reason: string) {
    conn.ws.close(code, reason);
    // A peer that never answers the close handshake must not hold the socket.
    setTimeout(() => conn.ws.terminate(), 2000).unref();
  }

  function protocolError(conn: Conn, msg: string) {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    conn.ws.send(frame({ msgType: 203, msg }));
    closeWith(conn, 1008, 'protocol error');
  }

  function armIdle(conn: Conn) {
    clearTimeout(conn.idle);
    conn.idle = setTimeout(() => closeWith(conn, 4000, 'idle timeout'), options.idleTimeoutMs);
    conn.idle.unref();
  }

  function handleFrame(conn: Conn, data: RawData, isBinary: boolean) {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    armIdle(conn);
    const bytes = Array.isArray(data)
      ? data.reduce((n, b) => n + b.length, 0)
      : (data as Buffer | ArrayBuffer).byteLength;
    if (bytes > MAX_FRAME_BYTES)
      return protocolError(conn, `frame too large (max ${MAX_FRAME_BYTES} bytes)`);
    if (isBinary) return protocolError(conn, 'binary frames are not supported; send JSON text');
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
    } catch {
      return protocolError(conn, 'frame is not valid JSON');
    }
    const msgType = (parsed as { msgType?: unknown } | null)?.msgType;
    if (typeof parsed !== 'object' || parsed === null || !Number.isInteger(msgType)) {
      return protocolError(conn, 'frame must be a JSON object with an integer msgType');
    }
    if (msgType === 101) conn.ws.send(frame({ msgType: 201 }));
    // Unknown types are ignored (docs/protocol.md §3).
  }

  function onConnection(
    ws: WebSocket,
    req: IncomingMessage,
    presented: string | undefined,
    clientVersion: string,
  ) {
    const pushToken = options.resolvePushToken(presented);
    const conn: Conn = { ws, pushToken, baseUrl: options.baseUrlOf(req) };
    const set = byToken.get(pushToken) ?? new Set<Conn>();
    set.add(conn);
    byToken.set(pushToken, set);
    armIdle(conn);
    ws.on('message', (data, isBinary) => handleFrame(conn, data, isBinary));
    ws.on('error', (err) => console.warn('[server] websocket error:', err.message));
    ws.on('close', () => {
      clearTimeout(conn.idle);
      set.delete(conn);
      if (set.size === 0 && byToken.get(pushToken) === set) byToken.delete(pushToken);
      options.onClose?.(pushToken);
    });
    ws.send(frame({ msgType: 202, pushToken }));
    const upgrade = options.upgradeFor?.(clientVersion);
    if (upgrade) ws.send(frame({ ...upgrade, msgType: 204 }));
    try {
      options.onReady(pushToken);
    } catch (err) {
      console.error('[server] replay on connect failed:', err);
    }
  }

  const openConns = (pushToken: string) =>
    [...(byToken.get(pushToken) ?? [])].filter((c) => c.ws.readyState === WebSocket.OPEN);

  return {
    /** Accepts `/ws?version&platform[&pushToken]`; any other upgrade path is refused. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.replace(/\/+$/, '') !== '/ws') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      if (options.acceptUpgrade && !options.acceptUpgrade(req)) {
        socket.end(
          'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
        );
        return;
      }
      const presented = url.searchParams.get('pushToken')?.trim() || undefined;
      const token = presented && presented.length <= MAX_PUSH_TOKEN_LENGTH ? presented : undefined;
      const version = url.searchParams.get('version') ?? '';
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req, token, version));
    },
    /**
     * Writes a frame to every open socket of `pushToken` (built per socket, since links depend on
     * the address that socket used). Returns how many writes started; `onError` runs if one fails.
     */
    send(pushToken: string, build: (baseUrl: string) => string, onError?: () => void): number {
      const conns = openConns(pushToken);
      for (const conn of conns) {
        conn.ws.send(build(conn.baseUrl), (err) => {
          if (err) onError?.();
        });
      }
      return conns.length;
    },
    /** Writes a text frame as given to every open socket of these push tokens; returns how many. */
    sendRaw(pushTokens: Iterable<string>, text: string): number {
      let n = 0;
      for (const token of new Set(pushTokens)) {
        for (const conn of openConns(token)) {
          conn.ws.send(text);
          n++;
        }
      }
      return n;
    },
    isOnline: (pushToken: string) => openConns(pushToken).length > 0,
    /** Cuts every open socket without a close handshake, as a dead network does; still listens. */
    disconnectAll() {
      for (const ws of wss.clients) ws.terminate();
    },
    connectionCount: () => wss.clients.size,
    /** Drops every connection and stops accepting new ones. */
    close(): Promise<void> {
      for (const ws of wss.clients) ws.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

/** The WebSocket hub. */
export type Hub = ReturnType<typeof createHub>;
