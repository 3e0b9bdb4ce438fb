import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../entrypoints/options/App';
import { createOptionsStore, OptionsStoreContext } from '../../../lib/ui/options-store';
import { validateRetention, validateServerInput } from '../../../lib/ui/settings-form';
import {
  ACCOUNT,
  createFakeWorker,
  mount,
  q,
  settle,
  type,
  useLocale,
  waitFor,
  type FakeWorker,
} from './helpers';

const DEFAULT = 'https://wxpusher.zjiecode.com';
let worker: FakeWorker;
let view: ReturnType<typeof mount>;
const requestOrigins = vi.fn((_origins: string[]) => Promise.resolve(true));
const download = vi.fn((_name: string, _text: string) => undefined);
const forgetPopup = vi.fn(() => undefined);

async function open(capabilities?: { stickyNotifications: boolean }) {
  const store = createOptionsStore({
    capabilities,
    client: worker.client,
    reader: worker.reader,
    requestOrigins,
    download,
    defaultServer: DEFAULT,
    forgetPopup,
    now: () => new Date(2024, 4, 1, 12).getTime(),
  });
  view = mount(
    <OptionsStoreContext.Provider value={store}>
      <App />
    </OptionsStoreContext.Provider>,
  );
  await settle();
}

const input = (id: string) => q<HTMLInputElement>(view.container, id)!;
function submit(el: HTMLElement) {
  el.closest('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

beforeEach(async () => {
  useLocale('en');
  requestOrigins.mockClear().mockImplementation(() => Promise.resolve(true));
  download.mockClear();
  forgetPopup.mockClear();
  worker = await createFakeWorker();
});

afterEach(() => view?.unmount());

describe('settings validation', () => {
  it.each([
    ['', { ok: true, serverUrl: '', hostPermission: null }],
    ['https://wxpusher.zjiecode.com/', { ok: true, serverUrl: '', hostPermission: null }],
    [
      'http://127.0.0.1:8080/',
      { ok: true, serverUrl: 'http://127.0.0.1:8080', hostPermission: 'http://127.0.0.1/*' },
    ],
    ['ftp://x', { ok: false, error: 'optServerInvalid' }],
    ['not a url', { ok: false, error: 'optServerInvalid' }],
    ['https://u:p@x.com', { ok: false, error: 'optServerInvalid' }],
  ])('server %j', (raw, expected) => {
    expect(validateServerInput(raw, DEFAULT)).toEqual(expected);
  });

  it.each([
    ['1', true],
    ['30', true],
    ['0', false],
    ['31', false],
    ['2.5', false],
    ['', false],
  ])('retention %j valid: %s', (raw, ok) => {
    expect(validateRetention(raw).ok).toBe(ok);
  });
});

describe('options page', () => {
  it('rejects a bad server address inline and saves nothing', async () => {
    await open();
    type(input('server-url'), 'ftp://example.com');
    submit(input('server-url'));
    await settle();
    expect(q(view.container, 'server-msg')!.textContent).toContain('Enter an address like');
    expect(input('server-url').getAttribute('aria-invalid')).toBe('true');
    expect(worker.calls.map((c) => c.type)).not.toContain('updateSettings');
  });

  it('asks for the host permission of a custom server, then saves it', async () => {
    await open();
    type(input('server-url'), 'http://192.168.1.5:3000');
    submit(input('server-url'));
    await waitFor(() => expect(worker.settings.serverUrl).toBe('http://192.168.1.5:3000'));
    expect(requestOrigins).toHaveBeenCalledWith(['http://192.168.1.5/*']);
    expect(view.container.textContent).toContain('Saved');
    // The old binding ends with the server: the popup forgets what it showed of it.
    expect(forgetPopup).toHaveBeenCalled();
  });

  it('keeps the old server when the permission is refused', async () => {
    requestOrigins.mockImplementation(() => Promise.resolve(false));
    await open();
    type(input('server-url'), 'https://my.example.com');
    submit(input('server-url'));
    await waitFor(() =>
      expect(q(view.container, 'server-msg')!.textContent).toContain('not granted'),
    );
    expect(worker.settings.serverUrl).toBe('');
    expect(forgetPopup).not.toHaveBeenCalled();
  });

  it('saves toggles at once', async () => {
    await open();
    input('notifications-enabled').click();
    await waitFor(() => expect(input('require-interaction').disabled).toBe(true));
    expect(worker.settings.notificationsEnabled).toBe(false);
    input('block-images').click();
    await waitFor(() => expect(worker.settings.blockImages).toBe(true));
    q(view.container, 'play-sound')!.click();
    await settle();
    expect(worker.calls.map((c) => c.type)).toContain('playTestSound');
  });

  it('shows sticky notifications off, and why, where the browser cannot keep them on screen', async () => {
    worker.settings.requireInteraction = true;
    await open({ stickyNotifications: false });
    expect(input('require-interaction').disabled).toBe(true);
    expect(input('require-interaction').checked).toBe(false);
    expect(view.container.querySelector('#require-interaction-desc')!.textContent).toContain(
      'cannot keep them on screen',
    );
  });

  it('validates retention and quiet hours', async () => {
    await open();
    type(input('retention'), '45');
    input('retention').dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(q(view.container, 'retention-msg')!.textContent).toContain('from 1 to 30');
    expect(worker.settings.retentionDays).toBe(7);

    type(input('retention'), '14');
    input('retention').dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(worker.settings.retentionDays).toBe(14));

    input('quiet-enabled').click();
    await waitFor(() => expect(worker.settings.quietHours.enabled).toBe(true));
    input('quiet-start').value = '23:30';
    input('quiet-start').dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(worker.settings.quietHours.start).toBe('23:30'));
  });

  it('mutes and unmutes apps, refusing duplicates', async () => {
    await open();
    type(input('mute-app-input'), 'Ops');
    submit(input('mute-app-input'));
    await waitFor(() => expect(q(view.container, 'muted-apps')!.textContent).toBe('Ops✕'));
    expect(worker.settings.mutedApps).toEqual(['Ops']);
    type(input('mute-app-input'), 'Ops');
    submit(input('mute-app-input'));
    await waitFor(() =>
      expect(q(view.container, 'muted-msg')!.textContent).toContain('not muted yet'),
    );
    (view.container.querySelector('[aria-label="Unmute Ops"]') as HTMLElement).click();
    await waitFor(() => expect(worker.settings.mutedApps).toEqual([]));
  });

  it('exports the history as JSON', async () => {
    await worker.receive(2);
    await worker.store.setRead(ACCOUNT, [1], true);
    await open();
    q(view.container, 'export')!.click();
    await waitFor(() => expect(download).toHaveBeenCalled());
    const [name, text] = download.mock.calls[0]!;
    expect(name).toBe('wxpusher-history-2024-05-01.json');
    const json = JSON.parse(text) as { messages: { mid: number; read: boolean }[] };
    expect(json.messages.map((m) => [m.mid, m.read])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(json.messages[0]).not.toHaveProperty('searchText');
    expect(q(view.container, 'export-result')!.textContent).toBe('Exported 2 messages.');
  });

  it('unbinds and restores defaults', async () => {
    worker.settings.sound = false;
    await open();
    expect(forgetPopup).not.toHaveBeenCalled(); // bound: the popup's memory stays
    q(view.container, 'unbind')!.click();
    await waitFor(() =>
      expect(q(view.container, 'binding-state')!.textContent).toContain('not bound'),
    );
    expect(forgetPopup).toHaveBeenCalled();
    q(view.container, 'reset')!.click();
    await waitFor(() => expect(input('sound').checked).toBe(true));
    expect(worker.settings.sound).toBe(true);
  });
});
