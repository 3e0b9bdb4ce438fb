import { describe, expect, it } from 'vitest';
import { App } from '../../../entrypoints/options/App';
import { createOptionsStore, OptionsStoreContext } from '../../../lib/ui/options-store';
import { createPanelClient, panelMessageUrl } from '../../../lib/ui/panel-client';
import { createToolbarOptions } from '../../../lib/ui/toolbar-options';
import { ACCOUNT, createFakeWorker, mount, q, settle, useLocale, waitFor } from './helpers';

describe('side panel client', () => {
  it('opens a message inside the panel, marked read, instead of in a tab', async () => {
    const worker = await createFakeWorker();
    await worker.receive(2);
    const went: string[] = [];
    const client = createPanelClient(worker.client, (url) => went.push(url));
    await client.call('openMessage', { mid: 2 });
    expect(went).toEqual([panelMessageUrl(2)]);
    expect(panelMessageUrl(2)).toBe('/message.html?id=2&in=panel');
    expect((await worker.store.get(ACCOUNT, 2))!.unread).toBe(0);
    expect(worker.calls.map((c) => c.type)).toEqual(['markRead']);
    // Everything else goes to the worker as it is.
    await client.call('markAllRead', {});
    expect(await worker.store.unreadCount(ACCOUNT)).toBe(0);
  });
});

describe('toolbar options', () => {
  it('reads the shortcut the browser has for opening the list', async () => {
    const options = createToolbarOptions({
      getCommands: async () => [
        { name: 'other', shortcut: 'Ctrl+1' },
        { name: '_execute_action', shortcut: 'Alt+Shift+M' },
      ],
      openShortcutsPage: async () => undefined,
      hasSidePanel: true,
    });
    await options.load();
    expect(options.shortcut.value).toBe('Alt+Shift+M');
  });

  it('says when no shortcut is set, and reports a page that cannot open', async () => {
    const options = createToolbarOptions({
      getCommands: async () => [{ name: '_execute_action', shortcut: '' }],
      openShortcutsPage: () => Promise.reject(new Error('refused')),
      hasSidePanel: false,
    });
    await options.load();
    expect(options.shortcut.value).toBe('');
    await options.openShortcuts();
    expect(options.error.value).toBe('refused');
  });
});

describe('options: toolbar button and shortcut', () => {
  it('shows the shortcut, opens the shortcuts page, and saves popup or side panel', async () => {
    useLocale('en');
    const worker = await createFakeWorker();
    const opened: string[] = [];
    const toolbar = createToolbarOptions({
      getCommands: async () => [{ name: '_execute_action', shortcut: 'Alt+Shift+M' }],
      openShortcutsPage: async () => void opened.push('shortcuts'),
      hasSidePanel: true,
    });
    const store = createOptionsStore({
      client: worker.client,
      reader: worker.reader,
      requestOrigins: async () => true,
      download: () => undefined,
      defaultServer: 'https://wxpusher.zjiecode.com',
    });
    const view = mount(
      <OptionsStoreContext.Provider value={store}>
        <App toolbar={toolbar} />
      </OptionsStoreContext.Provider>,
    );
    await waitFor(() => expect(q(view.container, 'shortcut')!.textContent).toBe('Alt+Shift+M'));
    q(view.container, 'change-shortcut')!.click();
    await settle();
    expect(opened).toEqual(['shortcuts']);

    expect(q<HTMLInputElement>(view.container, 'toolbar-opens-popup')!.checked).toBe(true);
    q(view.container, 'toolbar-opens-sidePanel')!.click();
    await waitFor(() => expect(worker.settings.toolbarOpens).toBe('sidePanel'));
    view.unmount();
  });
});
