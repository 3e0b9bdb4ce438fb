import type { Clock } from '../clock';
import { isProblem, ProblemError, problemOf } from '../problem';
import type { Binding } from '../push/binding';
import { SCENE } from '../push/catch-up';
import { createConnection, type SavedBackoff, type WebSocketCtor } from '../push/connection';
import type { ServerFrame } from '../push/frames';
import { receivedAt } from '../push/incoming';
import { createNetworkWatch, type NetworkWatchDeps } from '../push/network-watch';
import { upgradeLink } from '../push/upgrade-link';
import type { LocalArea } from './browser';
import type { ServerClock } from '../push/server-clock';
import type { IncomingMessage } from '../message';
import type { Ingest } from './ingest';
import type { Status } from './status';
import type { Sync } from './sync';

/** Where the last pushToken is kept across worker restarts. */
export const PUSH_TOKEN_KEY = 'pushToken';
/** Where the backoff is kept across worker restarts (docs/architecture.md §5). */
export const BACKOFF_KEY = 'backoff';
/** How long binding waits for a 202 (and its pushToken) before it gives up. */
export const PUSH_TOKEN_WAIT_MS = 15_000;

/** Pushes held while a binding completes, at most this many (the catch-up has the rest). */
export const MAX_HELD_PUSHES = 500;
/**
 * Pushes a worker just started holds until its binding is read (`resume`), at most this many:
 * a relaunch's replay of the last 24 h arrives meanwhile (the catch-up has the rest).
 */
export const MAX_EARLY_PUSHES = 5_000;

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
  binding: Pick<Binding, 'getState' | 'account' | 'onPushToken'>;
  ingest: Pick<Ingest, 'add'>;
  sync: Pick<Sync, 'run' | 'coverage'>;
  serverClock: Pick<ServerClock, 'frame' | 'now'>;
  status: Pick<Status, 'setError' | 'setUpdate' | 'changed'>;
  /** How the network is watched while the connection waits (push/network-watch.ts). */
  network: Pick<NetworkWatchDeps, 'onLine' | 'probe' | 'keepAlive'>;
}

/** A saved backoff read back from storage, or null when it is missing or malformed. */
export function readSavedBackoff(raw: unknown): SavedBackoff | null {
  if (!raw || typeof raw !== 'object') return null;
  const { attempt, retryAt, lastError } = raw as Record<string, unknown>;
  if (!Number.isSafeInteger(attempt) || (attempt as number) < 1) return null;
  if (typeof retryAt !== 'number' || !Number.isFinite(retryAt)) return null;
  const saved: SavedBackoff = { attempt: attempt as number, retryAt };
  if (isProblem(lastError)) saved.lastError = lastError;
  return saved;
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
  /** The open socket's number (push-coverage), from its 202. */
  let socket = 0;
  /** Pushes that arrived while a binding completed: stored and notified once it is recorded. */
  let held: IncomingMessage[] = [];
  /**
   * Frames that arrived before the binding was read (the socket dials before, `resume`), in
   * order; null once they are handled as they come.
   */
  let early: ServerFrame[] | null = [];
  /** Pushes among `early`; whether some were left out past its cap. */
  let earlyPushes = 0;
  let earlyDropped = false;
  let savedBackoff: SavedBackoff | null = null;

  function url(): string {
    const version = encodeURIComponent(deps.version);
    const platform = encodeURIComponent(deps.platform());
    const token = knownPushToken ? `&pushToken=${encodeURIComponent(knownPushToken)}` : '';
    return `${deps.wsUrl()}/ws?version=${version}&platform=${platform}${token}`;
  }

  function onPushToken(token: string) {
    pushToken = token;
    socket = deps.sync.coverage.socketOpened();
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

  /** A pushed message: stored for the bound account (and notified), held while binding. */
  function onMessage(message: IncomingMessage) {
    const account = deps.binding.account();
    if (account === null) {
      // The server binds the device before its answer arrives here, and may push at once.
      if (deps.binding.getState().kind === 'waiting' && held.length < MAX_HELD_PUSHES) {
        held.push(message);
      }
      return;
    }
    const from = socket;
    deps.ingest.add(account, [message], true).then(
      () => deps.sync.coverage.stored(from, account, message.createTime, message.mid),
      () => deps.sync.coverage.lost(from),
    );
  }

  /**
   * A frame, as the connection hands it over: held in order until the binding is read (a
   * message's account, its notification and the catch-up cursor all need it), then handled.
   */
  function receive(frame: ServerFrame) {
    if (early === null) return onFrame(frame);
    if (frame.msgType !== 20001) early.push(frame);
    else if (earlyPushes >= MAX_EARLY_PUSHES) earlyDropped = true;
    else {
      earlyPushes++;
      early.push(frame);
    }
  }

  function onFrame(frame: ServerFrame) {
    // Every server frame but a message carries the server's time of sending.
    if (frame.msgType !== 20001) deps.serverClock.frame(frame.createTime);
    switch (frame.msgType) {
      case 202:
        onPushToken(frame.pushToken);
        break;
      case 203:
        // The server's words, shown as it sent them (docs/protocol.md §3).
        status.setError(frame.msg ? { server: frame.msg } : { key: 'errServerClosed' });
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
        const { msgType: _, createTime, ...fields } = frame;
        onMessage({ ...fields, createTime: receivedAt(createTime, deps.serverClock.now()) });
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
    onFrame: receive,
    // Rejected frames are counted by the connection (status counters). One may have been a
    // message that list-v2 would still give: pushes no longer prove nothing is missing.
    onReject: () => deps.sync.coverage.lost(socket),
    onError: (error) => {
      status.setError(problemOf(error));
      console.error('connection callback failed', error);
    },
    onStateChange: (state) => {
      if (state.kind !== 'open') pushToken = '';
      if (state.kind === 'backoff') watch.check();
      else if (state.kind !== 'connecting') watch.stop();
      status.changed();
    },
    onBackoffChange: (saved) => {
      savedBackoff = saved;
      void (saved ? deps.area.set({ [BACKOFF_KEY]: saved }) : deps.area.remove(BACKOFF_KEY));
    },
  });

  const watch = createNetworkWatch({
    clock,
    ...deps.network,
    onRestored: () => connection.reconnectNow('network'),
  });

  return {
    connection,

    /**
     * Reads the last pushToken, presented again so the server keeps this browser's identity,
     * and the backoff an earlier worker was waiting out.
     */
    async load(): Promise<void> {
      const stored = await deps.area.get([PUSH_TOKEN_KEY, BACKOFF_KEY]);
      if (typeof stored[PUSH_TOKEN_KEY] === 'string') knownPushToken = stored[PUSH_TOKEN_KEY];
      savedBackoff = readSavedBackoff(stored[BACKOFF_KEY]);
    },

    /**
     * Starts the connection, going on with a saved backoff (a revived worker). Called before the
     * binding is read: what arrives waits for `resume`.
     */
    start(): void {
      connection.start(savedBackoff);
    },

    /**
     * The binding is read: the frames that came before are handled, in order (the pushes among
     * them stored as one write), and the next ones as they come.
     */
    resume(): void {
      const frames = early ?? [];
      early = null;
      for (const frame of frames) onFrame(frame);
      // The pushes left out are the catch-up's to fetch; until a complete run, none proves
      // nothing before it is missing.
      if (earlyDropped) deps.sync.coverage.lost(socket);
      earlyPushes = 0;
      earlyDropped = false;
    },

    /** The pushToken of the open connection; '' while not connected. */
    pushToken: (): string => pushToken,

    /** Resolves with the open connection's pushToken, dialling now if need be (binding). */
    waitForPushToken(): Promise<string> {
      if (pushToken) return Promise.resolve(pushToken);
      return new Promise<string>((resolve, reject) => {
        waiters.push(resolve);
        connection.reconnectNow('login');
        clock.setTimeout(
          () => reject(new ProblemError({ key: 'errNoConnection' })),
          PUSH_TOKEN_WAIT_MS,
        );
      });
    },

    /**
     * The binding was just recorded: the pushes held meanwhile are stored and notified (they
     * are new), before the catch-up stores the account's earlier history quietly.
     */
    bound(): void {
      const account = deps.binding.account();
      const messages = held;
      held = [];
      if (account !== null && messages.length > 0) {
        deps.ingest.add(account, messages, true).catch(() => undefined);
      }
      if (pushToken) void deps.sync.run(SCENE.RESUME, false);
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
