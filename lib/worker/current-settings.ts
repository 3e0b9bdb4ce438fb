import { resolveServer, type ServerAddress } from '../push/server-url';
import { DEFAULT_SETTINGS, type Settings, type SettingsRepo } from '../storage/settings';

/**
 * The settings the worker runs with, and the server they name (empty means the built-in
 * default). Loaded at start and again whenever the options page changes them.
 */
export function createCurrentSettings(repo: SettingsRepo, defaultServer: string) {
  let settings: Settings = DEFAULT_SETTINGS;
  let server: ServerAddress = resolveServer(defaultServer);
  const serverOf = (s: Settings) => s.serverUrl || defaultServer;

  return {
    get: (): Settings => settings,
    /** The server in use. */
    server: (): ServerAddress => server,

    async load(): Promise<void> {
      settings = await repo.load();
      server = resolveServer(serverOf(settings));
    },

    /**
     * Reads the settings again; true when they name another server. The server in use stays
     * until `switchServer()`, so the old binding can still be ended on the old server.
     */
    async reload(): Promise<boolean> {
      const next = await repo.load();
      const serverChanged = serverOf(next) !== server.baseUrl;
      settings = next;
      return serverChanged;
    },

    /** Starts using the server the settings name. */
    switchServer(): void {
      server = resolveServer(serverOf(settings));
    },
  };
}
