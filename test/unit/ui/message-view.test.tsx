import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../entrypoints/message/App';
import {
  MessageViewStoreContext,
  createMessageViewStore,
  parseMessageId,
} from '../../../lib/ui/message-view-store';
import { createSettingsRepo, type Settings } from '../../../lib/storage/settings';
import { RENDERED_VERSION } from '../../../lib/render/rendered-body';
import { contentToPlainText } from '../../../lib/render/plain-text';
import { readServedRow, servedRowBlock } from '../../../lib/ui/served-row';
import {
  ACCOUNT,
  createFakeWorker,
  mount,
  q,
  settle,
  useLocale,
  waitFor,
  type FakeWorker,
} from './helpers';

let worker: FakeWorker;
let view: ReturnType<typeof mount>;
const copyText = vi.fn((_text: string) => Promise.resolve());
/** Undefined: the store asks the worker (the fake's getSettings). */
let loadSettings: (() => Promise<Settings>) | undefined;

/** What the page told the list's remembered snapshot (lib/ui/list-snapshot.ts). */
let remembered: string[];

async function open(mid: number | null) {
  const store = createMessageViewStore({
    client: worker.client,
    reader: worker.reader,
    mid,
    copyText,
    loadSettings,
    remember: {
      read: (account, id, read) =>
        void remembered.push(`${account}:${id} ${read ? 'read' : 'unread'}`),
      removed: (account, id) => void remembered.push(`${account}:${id} removed`),
    },
  });
  view = mount(
    <MessageViewStoreContext.Provider value={store}>
      <App />
    </MessageViewStoreContext.Provider>,
  );
  await settle();
}

const shadowText = () => q(view.container, 'message-content')!.shadowRoot?.textContent ?? '';

beforeEach(async () => {
  useLocale('en');
  copyText.mockClear();
  loadSettings = undefined;
  remembered = [];
  worker = await createFakeWorker();
});

afterEach(() => view?.unmount());

describe('message view', () => {
  it('reads the id from the address', () => {
    expect(parseMessageId('?id=42')).toBe(42);
    expect(parseMessageId('?id=4x')).toBeNull();
    expect(parseMessageId('')).toBeNull();
  });

  it('shows a message served without its content from its rendering, copies its text read then, and keeps what it shows when the row is read again', async () => {
    const content = `<p>${'A line of the nightly report. '.repeat(300)}</p>`;
    await worker.receive(1, () => ({ title: 'Report', content, contentType: 2, unread: 0 }));
    const parts = ['<p>first part</p>', '<p>second part</p>'];
    await worker.store.setRendered(ACCOUNT, 1, {
      v: RENDERED_VERSION,
      length: content.length,
      parts,
    });
    // The block the worker serves, read back as the page reads it: no content, its length.
    const block = servedRowBlock({
      account: ACCOUNT,
      message: (await worker.reader.get(ACCOUNT, 1))!,
    });
    expect(block).not.toContain('nightly report');
    const served = readServedRow(new DOMParser().parseFromString(block, 'text/html'), '?id=1')!;
    expect(served.message.content).toBe('');
    expect(served.contentLength).toBe(content.length);

    const store = createMessageViewStore({
      client: worker.client,
      reader: worker.reader,
      mid: 1,
      copyText,
      firstRead: Promise.resolve(served),
      loadSettings: () => Promise.resolve({ blockImages: false }),
    });
    view = mount(
      <MessageViewStoreContext.Provider value={store}>
        <App />
      </MessageViewStoreContext.Provider>,
    );
    await settle();
    const host = q(view.container, 'message-content')!;
    const shown = () => host.shadowRoot?.querySelector('.wxp-body')?.textContent;
    await waitFor(() => expect(shown()).toBe('first partsecond part'));
    expect(host.dataset.rendered).toBe('arrival');
    const body = host.shadowRoot!.querySelector('.wxp-body');

    q(view.container, 'copy-text')!.click();
    await waitFor(() => expect(copyText).toHaveBeenCalledWith(contentToPlainText(content, 2)));
    await waitFor(() => expect(q(view.container, 'copy-text')!.textContent).toBe('Copied'));

    // A change elsewhere reads the row again, in full: the same rendering, not rendered again.
    worker.emit({ type: 'messages', account: ACCOUNT, added: [], changed: [1], removed: [] });
    await settle();
    await waitFor(() => expect(store.view.value).toMatchObject({ message: { content } }));
    expect(host.shadowRoot!.querySelector('.wxp-body')).toBe(body);
    expect(shown()).toBe('first partsecond part');
  });

  it('shows title, app and rendered markdown, and marks an unread message read', async () => {
    await worker.receive(1, () => ({
      title: 'Disk almost full',
      name: 'Ops',
      content: '## Disk\n\n`/var` at **91%**',
      contentType: 3,
    }));
    await open(1);
    await waitFor(() => expect(shadowText()).toContain('/var at 91%'));
    expect(q(view.container, 'message-title')!.textContent).toBe('Disk almost full');
    expect(q(view.container, 'message-app')!.textContent).toBe('Ops');
    expect(worker.calls).toContainEqual({
      type: 'markRead',
      data: { mids: [1], read: true, account: 1 },
    });
    await waitFor(() =>
      expect(q(view.container, 'toggle-read')!.textContent).toBe('Mark as unread'),
    );
  });

  it('copies the message as plain text', async () => {
    await worker.receive(1, () => ({ content: '<p>Hello <b>there</b></p>', contentType: 2 }));
    await open(1);
    q(view.container, 'copy-text')!.click();
    await settle();
    expect(copyText).toHaveBeenCalledWith('Hello there');
    expect(q(view.container, 'copy-text')!.textContent).toBe('Copied');
  });

  it('holds remote images back when the setting says so', async () => {
    worker.settings.blockImages = true;
    await worker.receive(1, () => ({
      content: '<p>pic <img src="https://tracker.example/p.gif" alt="logo"></p>',
      contentType: 2,
    }));
    await open(1);
    await waitFor(() => expect(shadowText()).toContain('Image blocked: logo'));
    const root = q(view.container, 'message-content')!.shadowRoot!;
    expect(root.querySelector('img')).toBeNull();
    (root.querySelector('.wxp-load-images') as HTMLButtonElement).click();
    expect(root.querySelector('img')!.getAttribute('src')).toBe('https://tracker.example/p.gif');
  });

  it('reads the image setting from storage itself, without the worker', async () => {
    const area = new Map<string, unknown>();
    const repo = createSettingsRepo({
      get: async (key) => (area.has(key) ? { [key]: area.get(key) } : {}),
      set: async (items) => void Object.entries(items).forEach(([k, v]) => area.set(k, v)),
    });
    await repo.update({ blockImages: true });
    loadSettings = () => repo.load();
    await worker.receive(1, () => ({
      content: '<p><img src="https://tracker.example/p.gif" alt="logo"></p>',
      contentType: 2,
    }));
    await open(1);
    await waitFor(() => expect(shadowText()).toContain('Image blocked: logo'));
    expect(worker.calls.map((c) => c.type)).not.toContain('getSettings');
  });

  it('offers the detail page when the message has no content', async () => {
    await worker.receive(1, () => ({
      content: '',
      summary: 'See details',
      url: 'https://example.com/d/1',
    }));
    await open(1);
    expect(q(view.container, 'summary-only')!.textContent).toContain('See details');
    expect(q<HTMLAnchorElement>(view.container, 'open-full')!.href).toBe('https://example.com/d/1');
    expect(q<HTMLAnchorElement>(view.container, 'open-full')!.rel).toBe('noopener noreferrer');
  });

  it('never links a javascript: url from the sender', async () => {
    await worker.receive(1, () => ({ sourceUrl: 'javascript:alert(1)', url: '' }));
    await open(1);
    expect(q(view.container, 'open-original')).toBeNull();
  });

  it('says when the message is not there', async () => {
    await open(999);
    expect(q(view.container, 'message-missing')!.textContent).toContain('Message not found');
  });

  it('marks unread, deletes with undo', async () => {
    await worker.receive(1);
    await open(1);
    await waitFor(() =>
      expect(q(view.container, 'toggle-read')!.textContent).toBe('Mark as unread'),
    );
    q(view.container, 'toggle-read')!.click();
    await waitFor(() => expect(q(view.container, 'toggle-read')!.textContent).toBe('Mark as read'));
    expect((await worker.store.get(ACCOUNT, 1))!.unread).toBe(1);

    q(view.container, 'delete')!.click();
    await waitFor(() => expect(q(view.container, 'message-deleted')).not.toBeNull());
    expect(await worker.store.get(ACCOUNT, 1)).toBeUndefined();
    q(view.container, 'undo')!.click();
    await waitFor(() => expect(q(view.container, 'message-title')!.textContent).toBe('Title 1'));
    // Each change the list's remembered snapshot is told of, after the worker made it.
    expect(remembered).toEqual(['1:1 read', '1:1 unread', '1:1 removed']);
  });

  it('tells the remembered list a message is read when opened already read, not when a mark fails', async () => {
    await worker.receive(2);
    await worker.store.setRead(ACCOUNT, [1], true);
    await open(1);
    await waitFor(() => expect(remembered).toEqual(['1:1 read']));
    view.unmount();
    remembered = [];
    worker.failNext('markRead', 'worker gone');
    await open(2);
    await waitFor(() => expect(q(view.container, 'message-title')!.textContent).toBe('Title 2'));
    await settle();
    expect(remembered).toEqual([]);
  });
});
