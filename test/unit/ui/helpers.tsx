import { IDBFactory } from 'fake-indexeddb';
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { openWxpDB, type WxpDatabase } from '../../../lib/storage/db';
import { createAccounts } from '../../../lib/storage/accounts';
import { createMessageStore, type MessageStore } from '../../../lib/storage/message-store';
import type { ChangeEvent, WorkerProtocol, WorkerStatus } from '../../../lib/protocol';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from '../../../lib/storage/settings';
import { createMessageReader, type MessageReader } from '../../../lib/ui/message-reader';
import type { WorkerClient } from '../../../lib/ui/worker-client';
import { incoming } from '../helpers';

export { loadCatalogue, useLocale } from '../helpers';

export const NOW = 1_700_000_000_000;

/** A Storage stand-in over a Map; `full` makes writes throw like a full quota. */
export function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    full: false,
    getItem: (key: string) => items.get(key) ?? null,
    setItem(key: string, value: string) {
      if (this.full) throw new DOMException('full', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key: string) => void items.delete(key),
  };
}
/** The account the fake worker is bound to. */
export const ACCOUNT = 1;

/** A status with sensible defaults for a bound, connected browser. */
export function makeStatus(over: Partial<WorkerStatus> = {}): WorkerStatus {
  return {
    serverUrl: 'http://127.0.0.1:9999',
    binding: { kind: 'bound', deviceUuid: 'dev-1', account: ACCOUNT },
    connection: { kind: 'connected', since: NOW },
    lastConnectedAt: NOW,
    lastMessageAt: null,
    notificationPermission: 'granted',
    lastError: null,
    update: null,
    counters: {
      framesReceived: 0,
      framesRejected: 0,
      messagesStored: 0,
      notificationsRaised: 0,
      outboxPending: 0,
    },
    ...over,
  };
}

/**
 * A worker stand-in over a real message store on fake-indexeddb: the same writes the worker
 * makes, the same broadcasts, and a log of every call.
 */
export interface FakeWorker {
  client: WorkerClient;
  reader: MessageReader;
  store: MessageStore;
  /** The database itself, for tests that damage it. */
  db: WxpDatabase;
  calls: Array<{ type: string; data: unknown }>;
  status: WorkerStatus;
  settings: Settings;
  /** Makes the next call of `type` fail with `message`. */
  failNext(type: keyof WorkerProtocol, message: string): void;
  emit(event: ChangeEvent): void;
  /** Stores messages as the worker would, and broadcasts them. */
  receive(count: number, over?: (i: number) => Partial<ReturnType<typeof incoming>>): Promise<void>;
  /** History from a server bound before (account 2): `count` messages, texts "old i". */
  addEarlierAccount(server: string, count: number): Promise<number>;
}

export async function createFakeWorker(): Promise<FakeWorker> {
  globalThis.indexedDB = new IDBFactory();
  const db = await openWxpDB();
  const store = createMessageStore(db);
  const accounts = createAccounts(db);
  const who = { server: 'http://127.0.0.1:9999', uid: 'UID_1', deviceUuid: 'dev-1', name: '' };
  await accounts.resolve(who, NOW);
  await accounts.setCurrent(ACCOUNT);
  const listeners = new Set<(e: ChangeEvent) => void>();
  const failures = new Map<string, string>();
  const emit = (event: ChangeEvent) => listeners.forEach((l) => l(event));
  const messages = (
    changed: number[],
    removed: number[] = [],
    added: number[] = [],
    account = ACCOUNT,
  ) => emit({ type: 'messages', account, added, changed, removed });
  const of = (data?: { account?: number }) => data?.account ?? ACCOUNT;

  const fake: FakeWorker = {
    reader: createMessageReader(db),
    store,
    db,
    calls: [],
    status: makeStatus(),
    settings: normalizeSettings(DEFAULT_SETTINGS),
    failNext: (type, message) => failures.set(type, message),
    emit,
    async receive(count, over = () => ({})) {
      const batch = Array.from({ length: count }, (_, i) => incoming(i + 1, over(i + 1)));
      const { added } = await store.putMany(ACCOUNT, batch, NOW);
      messages(
        [],
        [],
        added.map((m) => m.mid),
      );
    },
    async addEarlierAccount(server, count) {
      const id = await accounts.resolve({ server, uid: 'UID_old', deviceUuid: 'x', name: '' }, NOW);
      const batch = Array.from({ length: count }, (_, i) =>
        incoming(i + 1, { title: `old ${i + 1}`, createTime: NOW - (count - i) * 1000 }),
      );
      await store.putMany(id, batch, NOW);
      return id;
    },
    client: {
      onChange(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      async call(type, ...args) {
        const data = args[0] as never;
        fake.calls.push({ type, data });
        const failure = failures.get(type);
        if (failure) {
          failures.delete(type);
          throw new Error(failure);
        }
        return (await handlers[type](data)) as never;
      },
    },
  };

  const handlers: { [K in keyof WorkerProtocol]: (data: never) => unknown } = {
    getStatus: () => structuredClone(fake.status),
    requestLoginCode: () => {
      // As the worker's binding does: a code with more than 30 s left comes back as it is.
      const b = fake.status.binding;
      if (b.kind === 'waiting' && !b.error && b.expiresAt - Date.now() > 30_000) return b;
      fake.status.binding = {
        kind: 'waiting',
        code: 'LGN_test',
        qrUrl: `${fake.status.serverUrl}/api/qrcode/LGN_test.jpg`,
        expiresAt: Date.now() + 5 * 60_000,
      };
      return fake.status.binding;
    },
    unbind: () => {
      fake.status.binding = { kind: 'unbound', reason: 'logged-out' };
    },
    reconnect: () => undefined,
    markRead: async (data: { mids: number[]; read: boolean; account?: number }) =>
      messages(await store.setRead(of(data), data.mids, data.read), [], [], of(data)),
    markAllRead: async (data?: { account?: number }) =>
      messages(await store.markAllRead(of(data)), [], [], of(data)),
    deleteMessages: async (data: { mids: number[]; account?: number }) => {
      const removed = await store.remove(of(data), data.mids, NOW);
      messages([], removed, [], of(data));
      return { removed };
    },
    restoreMessages: async (data: { mids: number[]; account?: number }) => {
      const restored = (await store.restore(of(data), data.mids)).map((r) => r.mid);
      messages([], [], restored, of(data));
      return { restored };
    },
    indexSearch: (data?: { account?: number }) => store.indexSearch(of(data), true),
    sendTest: () => undefined,
    openMessage: async (data: { mid: number; account?: number }) =>
      messages(await store.setRead(of(data), [data.mid], true), [], [], of(data)),
    playTestSound: () => undefined,
    getSettings: () => fake.settings,
    updateSettings: ({ patch }: { patch: Partial<Settings> }) =>
      (fake.settings = normalizeSettings({ ...fake.settings, ...patch })),
    resetSettings: () => (fake.settings = normalizeSettings(DEFAULT_SETTINGS)),
  };
  return fake;
}

/** Renders into a fresh container in the document; returns it and an unmount. */
export function mount(ui: ComponentChild): { container: HTMLElement; unmount(): void } {
  const container = document.createElement('div');
  document.body.append(container);
  act(() => render(ui, container));
  return {
    container,
    unmount() {
      act(() => render(null, container));
      container.remove();
    },
  };
}

/** Lets promises, IndexedDB callbacks and the resulting renders settle. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

/** Waits until `check` stops throwing (IndexedDB on fake-indexeddb takes a few ticks). */
export async function waitFor(check: () => void, timeoutMs = 2_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await settle(1);
    }
  }
}

/** Dispatches a keydown on `target` (bubbling, as from the keyboard). */
export function press(target: Element, key: string): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  act(() => {
    target.dispatchEvent(event);
  });
  return event;
}

/** Types into an input as a user would (value, then an input event). */
export function type(input: HTMLInputElement, value: string): void {
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export const q = <T extends Element = HTMLElement>(root: ParentNode, testId: string) =>
  root.querySelector<T>(`[data-testid="${testId}"]`);
export const qa = <T extends Element = HTMLElement>(root: ParentNode, testId: string) =>
  Array.from(root.querySelectorAll<T>(`[data-testid="${testId}"]`));
