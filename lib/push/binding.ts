import type { Clock } from '../clock';
import { problemOf, type Problem } from '../problem';
import { ApiError, CODE, type Api } from './api';
import type { KeyValueArea } from '../storage/settings';

/** What pages show: the binding as the worker holds it (docs/protocol.md §2). */
export type BindingState =
  | { kind: 'unbound'; reason?: 'expired' | 'logged-out'; error?: Problem }
  | { kind: 'waiting'; code: string; qrUrl: string; expiresAt: number; error?: Problem }
  | { kind: 'bound'; deviceUuid: string };

/** What is persisted in `storage.local`; never handed to a page. */
export interface StoredBinding {
  deviceUuid?: string;
  deviceToken?: string;
  /** The pushToken the server last accepted for this device. */
  registeredPushToken?: string;
}

export const BINDING_KEY = 'binding';
export const POLL_INTERVAL_MS = 3_000;
/** A login code with less than this left is replaced rather than shown again. */
export const CODE_REUSE_MARGIN_MS = 30_000;

export interface BindingDeps {
  api: Api;
  area: KeyValueArea;
  clock: Clock;
  /** Platform plus CPU architecture (`Chrome-Windows-x86-64`), sent when binding. */
  deviceName: () => string;
  /** `Chrome-Windows`, `Chrome-Mac` or `Chrome-Other`. */
  platform: () => string;
  /** Resolves with the pushToken of the open WebSocket (waits for its 202). */
  pushToken: () => Promise<string>;
  onChange: (state: BindingState) => void;
  /** Called after a successful scan, and on load when already bound. */
  onBound: () => void;
}

/** The binding state machine: unbound → waiting for scan → bound → (expired) → unbound. */
export function createBinding(deps: BindingDeps) {
  let stored: StoredBinding = {};
  let state: BindingState = { kind: 'unbound' };
  let pollTimer: unknown;
  let pollGeneration = 0;

  function set(next: BindingState) {
    state = next;
    deps.onChange(next);
  }

  async function save(next: StoredBinding) {
    stored = next;
    await deps.area.set({ [BINDING_KEY]: next });
  }

  function stopPolling() {
    pollGeneration++;
    if (pollTimer !== undefined) deps.clock.clearTimeout(pollTimer);
    pollTimer = undefined;
  }

  async function poll(generation: number, code: string, pushToken: string, expiresAt: number) {
    if (generation !== pollGeneration || state.kind !== 'waiting') return;
    if (deps.clock.now() >= expiresAt) return; // expired: the page offers a new code
    try {
      const data = await deps.api.registerDevice({
        code,
        pushToken,
        deviceName: deps.deviceName(),
      });
      if (generation !== pollGeneration) return;
      stopPolling();
      await save({
        deviceUuid: data.deviceUuid,
        deviceToken: data.deviceToken,
        registeredPushToken: pushToken,
      });
      set({ kind: 'bound', deviceUuid: data.deviceUuid });
      deps.onBound();
      return;
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
    pollTimer = deps.clock.setTimeout(
      () => void poll(generation, code, pushToken, expiresAt),
      POLL_INTERVAL_MS,
    );
  }

  async function drop(reason: 'expired' | 'logged-out', error?: Problem) {
    stopPolling();
    // Keep the deviceUuid: the server recognises this browser when it binds again.
    await save({ deviceUuid: stored.deviceUuid });
    set({ kind: 'unbound', reason, error });
  }

  async function expire(problem: Problem): Promise<void> {
    if (state.kind === 'bound') await drop('expired', problem);
  }

  return {
    getState: () => state,
    /** The device token for API headers; '' when not bound. */
    token: () => stored.deviceToken ?? '',
    isBound: () => state.kind === 'bound',

    async load(): Promise<void> {
      const raw = (await deps.area.get(BINDING_KEY))[BINDING_KEY] as StoredBinding | undefined;
      stored = raw && typeof raw === 'object' ? raw : {};
      if (stored.deviceToken && stored.deviceUuid) {
        set({ kind: 'bound', deviceUuid: stored.deviceUuid });
        deps.onBound();
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
        const expiresAt = Number(expires) || deps.clock.now() + 5 * 60_000;
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

    /** A 202 brought a pushToken: report it when it differs from the registered one. */
    async onPushToken(pushToken: string): Promise<void> {
      if (state.kind !== 'bound' || !stored.deviceUuid) return;
      if (stored.registeredPushToken === pushToken) return;
      try {
        await deps.api.updateDeviceInfo({
          pushToken,
          deviceUuid: stored.deviceUuid,
          platform: deps.platform(),
        });
        await save({ ...stored, registeredPushToken: pushToken });
      } catch (error) {
        // 1001/1002 mean the binding is gone (docs/protocol.md §2, step 6): bind again.
        if (
          error instanceof ApiError &&
          (error.code === CODE.NOT_LOGGED_IN || error.code === CODE.BUSINESS)
        ) {
          await drop('expired', error.problem);
        }
        // Otherwise (network) the next 202 or watchdog tick tries again.
      }
    },

    /** Logs out on the server (best effort) and forgets the token. */
    async unbind(): Promise<void> {
      if (stored.deviceToken) {
        try {
          await deps.api.logout();
        } catch {
          // The token is forgotten either way; a dead server must not keep us bound.
        }
      }
      await drop('logged-out');
    },

    /** Any call answered 1002: drop the binding, the UI shows the QR again. */
    expire,

    /** After a failed API call: a 1002 means the binding is gone (see expire). */
    async expireIfUnauthorized(error: unknown): Promise<void> {
      if (error instanceof ApiError && error.unauthorized) await expire(error.problem);
    },
  };
}

export type Binding = ReturnType<typeof createBinding>;
