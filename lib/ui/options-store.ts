import { signal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PageCapabilities } from '../platform/capabilities';
import type { ChangeEvent, WorkerStatus } from '../protocol';
import type { Settings } from '../storage/settings';
import { exportFileName, historyToJson } from './export-history';
import type { MessageKey } from '../i18n';
import type { MessageReader } from './message-reader';
import { validateServerInput } from './settings-form';
import type { WorkerClient } from './worker-client';

/** The option groups that can show an inline error or a "saved" mark. */
export type OptionField =
  | 'server'
  | 'notifications'
  | 'sound'
  | 'quietHours'
  | 'mutedApps'
  | 'retention'
  | 'blockImages'
  | 'toolbar'
  | 'export'
  | 'unbind'
  | 'reset';

/** An inline error: a catalogue key, or text from the worker. */
export type FieldError = { key: MessageKey } | { text: string };

/**
 * The options page's store. Each change is saved at once through the worker (which validates
 * again in lib/storage/settings.ts); errors stay next to the field they belong to.
 */
export function createOptionsStore(deps: {
  client: WorkerClient;
  reader: MessageReader;
  /** `browser.permissions.request`; must be called within the click that asked for it. */
  requestOrigins: (origins: string[]) => Promise<boolean>;
  download: (fileName: string, text: string) => void;
  defaultServer: string;
  /** What this browser can do; the options it cannot honour are shown off (lib/platform). */
  capabilities?: PageCapabilities;
  /** Forgets what the popup remembered of a binding that has ended (popup-cache.ts). */
  forgetPopup?: () => void;
  now?: () => number;
}) {
  const { client } = deps;
  const settings = signal<Settings | null>(null);
  const status = signal<WorkerStatus | null>(null);
  const errors = signal<Partial<Record<OptionField, FieldError>>>({});
  /** The field saved last, for a short "Saved" confirmation. */
  const saved = signal<OptionField | null>(null);
  /** Names of apps seen in the history, offered when muting. */
  const knownApps = signal<string[]>([]);
  let unsubscribe: (() => void) | undefined;

  function setError(field: OptionField, error: FieldError | null) {
    const next = { ...errors.value };
    if (error) next[field] = error;
    else delete next[field];
    errors.value = next;
  }

  async function attempt(field: OptionField, action: () => Promise<void>): Promise<boolean> {
    try {
      await action();
      setError(field, null);
      saved.value = field;
      return true;
    } catch (e) {
      setError(field, { text: (e as Error).message });
      saved.value = null;
      return false;
    }
  }

  async function refreshStatus() {
    try {
      status.value = await client.call('getStatus');
      // Unbound (here, or by a server change): the popup must not flash the old list.
      if (status.value.binding.kind !== 'bound') deps.forgetPopup?.();
    } catch {
      // The options still work without the status line.
    }
  }

  function save(field: OptionField, patch: Partial<Settings>): Promise<boolean> {
    return attempt(field, async () => {
      settings.value = await client.call('updateSettings', { patch });
    });
  }

  return {
    settings,
    status,
    errors,
    saved,
    knownApps,
    defaultServer: deps.defaultServer,
    capabilities: deps.capabilities ?? { stickyNotifications: true },
    async start(): Promise<void> {
      unsubscribe = client.onChange((event: ChangeEvent) => {
        if (event.type === 'status') void refreshStatus();
      });
      const [loaded] = await Promise.all([client.call('getSettings'), refreshStatus()]);
      settings.value = loaded;
      const account = await deps.reader.currentAccount();
      knownApps.value = account === null ? [] : await deps.reader.appNames(account);
    },
    save,
    /** Shows a validation error found by the page before anything is saved. */
    reject(field: OptionField, key: MessageKey): void {
      saved.value = null;
      setError(field, { key });
    },
    /**
     * Saves a new server address. A custom server's host permission is requested first (the
     * first await, so Chrome still sees the user's click); the worker then unbinds and dials it.
     */
    saveServer(input: string): Promise<boolean> {
      const checked = validateServerInput(input, deps.defaultServer);
      if (!checked.ok) {
        setError('server', { key: checked.error });
        return Promise.resolve(false);
      }
      const granted = checked.hostPermission
        ? deps.requestOrigins([checked.hostPermission]).catch(() => false)
        : Promise.resolve(true);
      return granted.then((ok) => {
        if (!ok) {
          setError('server', { key: 'optServerPermissionDenied' });
          return false;
        }
        return save('server', { serverUrl: checked.serverUrl }).then((saved) => {
          // A new server unbinds: what the popup remembered belongs to the old binding.
          if (saved) deps.forgetPopup?.();
          return saved;
        });
      });
    },
    playSound(): Promise<boolean> {
      return attempt('sound', () => client.call('playTestSound'));
    },
    unbind(): Promise<boolean> {
      return attempt('unbind', async () => {
        await client.call('unbind');
        await refreshStatus();
      });
    },
    reset(): Promise<boolean> {
      return attempt('reset', async () => {
        settings.value = await client.call('resetSettings');
      });
    },
    /** Downloads every stored message as JSON; resolves with how many were exported. */
    async exportHistory(): Promise<number> {
      let count = 0;
      await attempt('export', async () => {
        // Every account's history, each message with the server it came from.
        const [rows, accounts] = await Promise.all([deps.reader.all(), deps.reader.accounts()]);
        const servers = new Map(accounts.map((a) => [a.id, a.server]));
        count = rows.length;
        const now = deps.now?.() ?? Date.now();
        const json = historyToJson(rows, now, (account) => servers.get(account) ?? '');
        deps.download(exportFileName(new Date(now)), json);
      });
      return count;
    },
    dispose(): void {
      unsubscribe?.();
    },
  };
}

export type OptionsStore = ReturnType<typeof createOptionsStore>;

export const OptionsStoreContext = createContext<OptionsStore | null>(null);

/** The options page's store, provided by `entrypoints/options/main.tsx` (or a test). */
export function useOptionsStore(): OptionsStore {
  const store = useContext(OptionsStoreContext);
  if (!store) throw new Error('OptionsStoreContext is not provided');
  return store;
}
