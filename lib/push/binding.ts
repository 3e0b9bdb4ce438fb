import type { Clock } from '../clock';
import { problemOf, type Problem } from '../problem';
import type { Accounts } from '../storage/accounts';
import type { KeyValueArea } from '../storage/settings';
import { ApiError, CODE, type Api, type TargetApi } from './api';
import { createPushTokenReporter } from './push-token-reporter';
import { identify, learnUser, upgradeBinding } from './identity';

/** What pages show: the binding as the worker holds it (docs/protocol.md §2). */
export type BindingState =
  | { kind: 'unbound'; reason?: 'expired' | 'logged-out'; error?: Problem }
  | { kind: 'waiting'; code: string; qrUrl: string; expiresAt: number; error?: Problem }
  | { kind: 'bound'; deviceUuid: string; account: number };

/** What is persisted in `storage.local`; never handed to a page. */
export interface StoredBinding {
  /** The server this binding (and `deviceUuid`) belongs to. */
  server?: string;
  deviceUuid?: string;
  deviceToken?: string;
  /** The pushToken the server last accepted for this device. */
  registeredPushToken?: string;
  /** Whose messages these are (lib/storage/accounts.ts). */
  account?: number;
}

/** Where calls of the bound account go: its server with its token, and its account id. */
export interface BindingTarget {
  account: number;
  baseUrl: string;
  deviceToken: string;
  api: TargetApi;
}

export const BINDING_KEY = 'binding';
export const POLL_INTERVAL_MS = 3_000;
/** A login code with less than this left is replaced rather than shown again. */
export const CODE_REUSE_MARGIN_MS = 30_000;

export interface BindingDeps {
  api: Api;
  area: KeyValueArea;
  clock: Clock;
  /** The server in use (its base URL). */
  server: () => string;
  accounts: Pick<Accounts, 'resolve' | 'adoptLegacy' | 'learn' | 'get' | 'setCurrent'>;
  /** This browser's time at which the server's clock shows a time (login code expiry). */
  toLocalTime: (serverTime: number) => number;
  /** Platform plus CPU architecture (`Chrome-Windows-x86-64`), sent when binding. */
  deviceName: () => string;
  /** `Chrome-Windows`, `Chrome-Mac` or `Chrome-Other`. */
  platform: () => string;
  /** Resolves with the pushToken of the open WebSocket (waits for its 202). */
  pushToken: () => Promise<string>;
  onChange: (state: BindingState) => void;
  /** Called after a successful scan, and on load when already bound. */
  onBound: () => void;
  /** The server has this socket's pushToken now, after reporting it had failed. */
  onRegistered: () => void;
}

/** The binding state machine: unbound → waiting for scan → bound → (expired) → unbound. */
export function createBinding(deps: BindingDeps) {
  let stored: StoredBinding = {};
  let state: BindingState = { kind: 'unbound' };
  let pollTimer: unknown;
  let pollGeneration = 0;
  /** A device the server bound by a code, kept while its account is being identified. */
  let pending: { deviceUuid: string; deviceToken: string; pushToken: string } | null = null;

  function set(next: BindingState) {
    state = next;
    deps.onChange(next);
  }

  async function save(next: StoredBinding) {
    stored = next;
    await deps.area.set({ [BINDING_KEY]: next });
  }

  /** The bound account, or null: asked for every frame, so it builds nothing. */
  function boundAccount(): number | null {
    const { account, deviceToken, server } = stored;
    return state.kind === 'bound' && account !== undefined && deviceToken && server
      ? account
      : null;
  }

  function target(): BindingTarget | null {
    const account = boundAccount();
    const { deviceToken, server } = stored;
    if (account === null || !deviceToken || !server) return null;
    return {
      account,
      baseUrl: server,
      deviceToken,
      api: deps.api.at({ baseUrl: server, deviceToken }),
    };
  }

  const reporter = createPushTokenReporter({
    clock: deps.clock,
    platform: deps.platform,
    binding: () => {
      const t = target();
      return t && stored.deviceUuid ? { api: t.api, deviceUuid: stored.deviceUuid } : null;
    },
    registered: () => stored.registeredPushToken,
    onRegistered: async (pushToken, retried) => {
      await save({ ...stored, registeredPushToken: pushToken });
      if (retried) deps.onRegistered();
    },
    // 1001/1002 mean the binding is gone (docs/protocol.md §2, step 6): bind again.
    onGone: (problem) => drop('expired', problem),
  });

  function stopPolling() {
    pollGeneration++;
    if (pollTimer !== undefined) deps.clock.clearTimeout(pollTimer);
    pollTimer = undefined;
    pending = null;
  }

  /** The device is bound on the server: learn whose it is, then record the binding. */
  async function complete(device: NonNullable<typeof pending>): Promise<'done' | 'retry'> {
    const server = deps.server();
    const api = deps.api.at({ baseUrl: server, deviceToken: device.deviceToken });
    const who = await identify(api, device.deviceUuid);
    if (who === 'retry') return 'retry';
    const account = await deps.accounts.resolve({ server, ...who }, deps.clock.now());
    stopPolling();
    await save({
      server,
      deviceUuid: device.deviceUuid,
      deviceToken: device.deviceToken,
      registeredPushToken: device.pushToken,
      account,
    });
    await deps.accounts.setCurrent(account);
    set({ kind: 'bound', deviceUuid: device.deviceUuid, account });
    deps.onBound();
    return 'done';
  }

  async function poll(generation: number, code: string, pushToken: string, expiresAt: number) {
    if (generation !== pollGeneration || state.kind !== 'waiting') return;
    // Expired: the page offers a new code (a device already bound is still being identified).
    if (!pending && deps.clock.now() >= expiresAt) return;
    try {
      if (!pending) {
        const data = await deps.api.registerDevice({
          code,
          pushToken,
          deviceName: deps.deviceName(),
          // This browser's device on this server is bound again rather than a new one made.
          ...(stored.deviceUuid && stored.server === deps.server()
            ? { deviceUuid: stored.deviceUuid }
            : {}),
        });
        if (generation !== pollGeneration) return;
        pending = { ...data, pushToken };
      }
      if ((await complete(pending)) === 'done') return;
    } catch (error) {
      if (generation !== pollGeneration) return;
      const code10000 = error instanceof ApiError && error.code === CODE.NOT_SCANNED;
      // Network trouble is transient: keep polling. Any other server answer ends it.
      if (!code10000 && error instanceof ApiError && error.code !== 0) {
        stopPolling();
        if (state.kind === 'waiting') set({ ...state, error: error.problem });
        return;
      }
    }
    if (generation !== pollGeneration) return;
    pollTimer = deps.clock.setTimeout(
      () => void poll(generation, code, pushToken, expiresAt),
      POLL_INTERVAL_MS,
    );
  }

  async function drop(reason: 'expired' | 'logged-out', error?: Problem) {
    stopPolling();
    reporter.stop();
    // Keep the deviceUuid: the server recognises this browser when it binds again.
    await save({ deviceUuid: stored.deviceUuid, server: stored.server });
    set({ kind: 'unbound', reason, error });
  }

  async function expire(problem: Problem, of?: BindingTarget): Promise<void> {
    // A late answer for a binding already replaced (another server) does not end this one.
    if (of && of.deviceToken !== stored.deviceToken) return;
    if (state.kind === 'bound') await drop('expired', problem);
  }

  return {
    getState: () => state,
    /** The device token for API headers; '' when not bound. */
    token: () => stored.deviceToken ?? '',
    isBound: () => state.kind === 'bound',
    /** The bound account, its server and token; null while not bound. */
    target,
    /** The bound account; null while not bound. */
    account: boundAccount,
    /** True when the server has the open socket's pushToken for this device. */
    pushTokenRegistered: () => reporter.registered(),

    /**
     * Loads the binding from storage. `read`: its storage read, when the caller started it
     * sooner (a worker starting reads it beside opening the database, docs/architecture.md §3).
     */
    async load(read = deps.area.get(BINDING_KEY)): Promise<void> {
      const raw = (await read)[BINDING_KEY] as StoredBinding | undefined;
      stored = await upgradeBinding(raw && typeof raw === 'object' ? raw : {}, deps);
      if (raw && stored !== raw) await deps.area.set({ [BINDING_KEY]: stored });
      const { deviceToken, deviceUuid, account, server } = stored;
      if (deviceToken && deviceUuid && account !== undefined && server === deps.server()) {
        await deps.accounts.setCurrent(account);
        set({ kind: 'bound', deviceUuid, account });
        deps.onBound();
        const t = target();
        if (t) void learnUser(deps.accounts, t.api, account, deviceUuid);
      } else if (deviceToken && server && server !== deps.server()) {
        // Bound to a server the settings no longer name (changed while this worker slept):
        // end that binding there, as a switch does (best effort).
        set({ kind: 'unbound' });
        await deps.api
          .at({ baseUrl: server, deviceToken })
          .logout()
          .catch(() => undefined);
        await drop('logged-out');
      } else {
        set({ kind: 'unbound' });
      }
    },

    /** Asks the server for a login QR code and polls until it is scanned or expires. */
    async requestLoginCode(): Promise<BindingState> {
      if (state.kind === 'bound') return state;
      // A page opening again reuses a code that is still good for a while (polling goes on).
      const stillValid =
        state.kind === 'waiting' &&
        !state.error &&
        pollTimer !== undefined &&
        state.expiresAt - deps.clock.now() > CODE_REUSE_MARGIN_MS;
      if (stillValid) return state;
      stopPolling();
      const generation = pollGeneration;
      try {
        const pushToken = await deps.pushToken();
        const { code, expires } = await deps.api.createLoginCode();
        if (generation !== pollGeneration) return state;
        // `expires` is the server's time; the countdown and the expiry check use this browser's.
        const expiresAt = Number(expires)
          ? deps.toLocalTime(Number(expires))
          : deps.clock.now() + 5 * 60_000;
        set({ kind: 'waiting', code, qrUrl: deps.api.qrImageUrl(code), expiresAt });
        pollTimer = deps.clock.setTimeout(
          () => void poll(generation, code, pushToken, expiresAt),
          POLL_INTERVAL_MS,
        );
      } catch (error) {
        set({ kind: 'unbound', error: problemOf(error) });
      }
      return state;
    },

    /**
     * A 202 brought a pushToken: report it when it differs from the registered one, retrying
     * with backoff while this socket lasts (docs/protocol.md §2, step 6).
     */
    onPushToken: (pushToken: string): Promise<void> => reporter.report(pushToken),

    /** Logs out on the server (best effort) and forgets the token. */
    async unbind(): Promise<void> {
      const t = target();
      if (t) {
        try {
          await t.api.logout();
        } catch {
          // The token is forgotten either way; a dead server must not keep us bound.
        }
      }
      await drop('logged-out');
    },

    /** Any call answered 1002: drop the binding, the UI shows the QR again. */
    expire,

    /**
     * After a failed API call: a 1002 means the binding is gone (see expire); with `of`, only
     * if it is still the binding that call was made for.
     */
    async expireIfUnauthorized(error: unknown, of?: BindingTarget): Promise<void> {
      if (error instanceof ApiError && error.unauthorized) await expire(error.problem, of);
    },
  };
}

export type Binding = ReturnType<typeof createBinding>;
