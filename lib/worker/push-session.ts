import type { Clock } from '../clock';
import { t } from '../i18n';
import type { Binding } from '../push/binding';
import { SCENE } from '../push/catch-up';
import { createConnection, type WebSocketCtor } from '../push/connection';
import type { ServerFrame } from '../push/frames';
import { receivedAt } from '../push/incoming';
import { upgradeLink } from '../push/upgrade-link';
import type { LocalArea } from './browser';
import type { Ingest } from './ingest';
import type { Status } from './status';
import type { Sync } from './sync';

/** Where the last pushToken is kept across worker restarts. */
export const PUSH_TOKEN_KEY = 'pushToken';
/** How long binding waits for a 202 (and its pushToken) before it gives up. */
export const PUSH_TOKEN_WAIT_MS = 15_000;

export interface PushSessionDeps {
  WebSocket: WebSocketCtor;
  clock: Clock;
  random: () => number;
  area: LocalArea;
  /** The ws(s) base address of the server in use. */
  wsUrl: () => string;
  /** The http(s) base address of the server in use (upgrade links may point there only). */
  serverUrl: () => string;
  version: string;
  platform: () => string;
  binding: Pick<Binding, 'isBound' | 'onPushToken'>;
  ingest: Pick<Ingest, 'add'>;
  sync: Pick<Sync, 'run'>;
  status: Pick<Status, 'setError' | 'setUpdate' | 'changed'>;
}

/**
 * The WebSocket session with the server (docs/protocol.md §3): owns the connection, the
 * pushToken of the open socket and whoever waits for it, and what each valid frame does.
 */
export function createPushSession(deps: PushSessionDeps) {
  const { clock, status } = deps;
  /** The pushToken of the open connection (from its 202); '' while not connected. */
  let pushToken = '';
  /** The last pushToken seen, presented on the next dial so the server reuses it. */
  let knownPushToken = '';
  let waiters: ((token: string) => void)[] = [];

  function url(): string {
    const version = encodeURIComponent(deps.version);
    const platform = encodeURIComponent(deps.platform());
    const token = knownPushToken ? `&pushToken=${encodeURIComponent(knownPushToken)}` : '';
    return `${deps.wsUrl()}/ws?version=${version}&platform=${platform}${token}`;
  }

  function onPushToken(token: string) {
    pushToken = token;
    if (knownPushToken !== token) {
      knownPushToken = token;
      void deps.area.set({ [PUSH_TOKEN_KEY]: token });
    }
    for (const resolve of waiters) resolve(token);
    waiters = [];
    status.setError(null);
    // A new connection may have missed pushes: report the token, then catch up.
    void deps.binding.onPushToken(token).then(() => deps.sync.run(SCENE.RESUME, true));
    status.changed();
  }

  function onFrame(frame: ServerFrame) {
    switch (frame.msgType) {
      case 202:
        onPushToken(frame.pushToken);
        break;
      case 203:
        status.setError(frame.msg || t('errServerClosed'));
        status.changed();
        break;
      case 204:
        status.setUpdate({
          title: frame.title,
          content: frame.content,
          version: frame.version,
          url: upgradeLink(frame.url, deps.serverUrl()),
          must: frame.must,
        });
        status.changed();
        break;
      case 20001: {
        if (!deps.binding.isBound()) return;
        const { msgType: _, createTime, ...fields } = frame;
        void deps.ingest.add(
          [{ ...fields, createTime: receivedAt(createTime, clock.now()) }],
          true,
        );
        break;
      }
      default:
        break;
    }
  }

  const connection = createConnection({
    url,
    WebSocket: deps.WebSocket,
    clock,
    random: deps.random,
    onFrame,
    // Rejected frames are counted by the connection (status counters); nothing else to do.
    onReject: () => undefined,
    onError: (error) => {
      status.setError(`Internal error: ${(error as Error)?.message ?? String(error)}`);
      console.error('connection callback failed', error);
    },
    onStateChange: (state) => {
      if (state.kind !== 'open') pushToken = '';
      status.changed();
    },
  });

  return {
    connection,

    /** Reads the last pushToken, presented again so the server keeps this browser's identity. */
    async load(): Promise<void> {
      const saved = (await deps.area.get(PUSH_TOKEN_KEY))[PUSH_TOKEN_KEY];
      if (typeof saved === 'string') knownPushToken = saved;
    },

    /** The pushToken of the open connection; '' while not connected. */
    pushToken: (): string => pushToken,

    /** Resolves with the open connection's pushToken, dialling now if need be (binding). */
    waitForPushToken(): Promise<string> {
      if (pushToken) return Promise.resolve(pushToken);
      return new Promise<string>((resolve, reject) => {
        waiters.push(resolve);
        connection.reconnectNow('login');
        clock.setTimeout(() => reject(new Error(t('errNoConnection'))), PUSH_TOKEN_WAIT_MS);
      });
    },

    /** Forgets every pushToken (another server does not know them). */
    async forget(): Promise<void> {
      pushToken = '';
      knownPushToken = '';
      await deps.area.remove(PUSH_TOKEN_KEY);
    },
  };
}

export type PushSession = ReturnType<typeof createPushSession>;
