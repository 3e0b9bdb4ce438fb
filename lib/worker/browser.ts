/**
 * The part of the extension API the worker uses, narrowed so tests can hand in WXT's fake
 * browser plus small fakes for what it lacks (action, offscreen).
 */
export interface WorkerBrowser {
  runtime: {
    id: string;
    getURL(path: string): string;
    getPlatformInfo(): Promise<{ os: string; arch: string }>;
    sendMessage(message: unknown): Promise<unknown>;
  };
  storage: {
    local: LocalArea;
  };
  notifications: {
    create(id: string, options: object): Promise<string>;
    update(id: string, options: object): Promise<boolean>;
    clear(id: string): Promise<boolean>;
    getAll(): Promise<Record<string, unknown>>;
    getPermissionLevel(): Promise<string>;
  };
  action: {
    setBadgeText(details: { text: string }): Promise<void>;
    /** Chrome 127+, and only with a focused window. */
    openPopup?(): Promise<void>;
  };
  tabs: {
    create(props: { url: string }): Promise<unknown>;
  };
}

/** `storage.local` as the worker uses it. */
export interface LocalArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

/** Clears every notification this extension shows (best effort). */
export async function clearAllNotifications(
  notifications: Pick<WorkerBrowser['notifications'], 'getAll' | 'clear'>,
): Promise<void> {
  try {
    const ids = Object.keys(await notifications.getAll());
    await Promise.all(ids.map((id) => notifications.clear(id)));
  } catch {
    // Nothing to clear, or the API is unavailable: nothing the user would miss.
  }
}
