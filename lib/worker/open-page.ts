/** The extension API the opener uses (Chrome 116+ for `runtime.getContexts`). */
export interface PageOpenerApi {
  runtime: {
    getURL(path: string): string;
    /** Lists the extension's own open documents; no "tabs" permission needed. */
    getContexts?(filter: {
      contextTypes: ('TAB' | 'OFFSCREEN_DOCUMENT')[];
      documentUrls?: string[];
    }): Promise<{ tabId: number; windowId: number }[]>;
  };
  tabs: {
    create(props: { url: string }): Promise<{ id?: number; windowId?: number } | unknown>;
    update?(tabId: number, props: { active: boolean }): Promise<unknown>;
  };
  windows?: { update(windowId: number, props: { focused: boolean }): Promise<unknown> };
}

/** A tab opened here stays "being opened" this long: it may not be listed as a context yet. */
const OPENING_MS = 10_000;

/**
 * Opens one of the extension's pages, or brings forward the tab already showing it: a message
 * clicked twice (in the popup, or a notification clicked again) shows one view, not two.
 * Calls for the same page run one after the other, so a double click cannot open two tabs.
 */
export function createPageOpener(api: PageOpenerApi, now: () => number = Date.now) {
  const chains = new Map<string, Promise<void>>();
  /** Tabs this worker opened and when, for the moment before Chrome lists them. */
  const opened = new Map<string, { tabId: number; windowId?: number; at: number }>();

  async function existing(url: string): Promise<{ tabId: number; windowId?: number } | null> {
    const contexts = await api.runtime
      .getContexts?.({ contextTypes: ['TAB'], documentUrls: [url] })
      .catch(() => []);
    if (contexts?.[0]) return contexts[0];
    const recent = opened.get(url);
    return recent && now() - recent.at < OPENING_MS ? recent : null;
  }

  async function openOnce(url: string): Promise<void> {
    const found = await existing(url);
    if (found) {
      try {
        await api.tabs.update?.(found.tabId, { active: true });
        if (found.windowId !== undefined)
          await api.windows?.update(found.windowId, { focused: true });
        return;
      } catch {
        // The tab was closed meanwhile: open a new one.
        opened.delete(url);
      }
    }
    const tab = (await api.tabs.create({ url })) as { id?: number; windowId?: number } | undefined;
    if (typeof tab?.id === 'number')
      opened.set(url, { tabId: tab.id, windowId: tab.windowId, at: now() });
  }

  return function openPage(path: string): Promise<void> {
    const url = api.runtime.getURL(path);
    const run = (chains.get(url) ?? Promise.resolve()).then(() => openOnce(url));
    const settled = run.catch(() => undefined);
    chains.set(url, settled);
    void settled.then(() => {
      if (chains.get(url) === settled) chains.delete(url);
    });
    return run;
  };
}

export type OpenPage = ReturnType<typeof createPageOpener>;
