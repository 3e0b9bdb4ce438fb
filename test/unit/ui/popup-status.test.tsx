import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../entrypoints/popup/App';
import { createPopupStore, PopupStoreContext, type PopupStore } from '../../../lib/ui/popup-store';
import {
  createFakeWorker,
  makeStatus,
  mount,
  q,
  settle,
  useLocale,
  waitFor,
  type FakeWorker,
} from './helpers';

let worker: FakeWorker;
let store: PopupStore;
let view: ReturnType<typeof mount>;

async function open() {
  store = createPopupStore({ client: worker.client, reader: worker.reader });
  view = mount(
    <PopupStoreContext.Provider value={store}>
      <App />
    </PopupStoreContext.Provider>,
  );
  await settle();
}

beforeEach(async () => {
  useLocale('en');
  worker = await createFakeWorker();
});

afterEach(() => {
  view?.unmount();
  vi.useRealTimers();
});

describe('popup login', () => {
  it('asks for a login code when unbound and shows the QR, the code, a confirm link and a countdown', async () => {
    worker.status.binding = { kind: 'unbound' };
    await open();
    await waitFor(() => expect(q(view.container, 'qr-image')).not.toBeNull());

    expect(worker.calls.map((c) => c.type)).toContain('requestLoginCode');
    expect(q<HTMLImageElement>(view.container, 'qr-image')!.src).toBe(
      'http://127.0.0.1:9999/api/qrcode/LGN_test.jpg',
    );
    expect(q(view.container, 'login-code')!.textContent).toBe('LGN_test');
    expect(q<HTMLAnchorElement>(view.container, 'confirm-link')!.href).toBe(
      'http://127.0.0.1:9999/scan/LGN_test',
    );
    expect(q(view.container, 'qr-countdown')!.textContent).toMatch(/^Expires in [45]:\d\d$/);
  });

  it('counts down to the expiry, then offers a new code', async () => {
    // Only the clock and intervals: IndexedDB and `settle` need real timeouts.
    vi.useFakeTimers({ now: 1_700_000_000_000, toFake: ['setInterval', 'clearInterval', 'Date'] });
    worker.status.binding = {
      kind: 'waiting',
      code: 'LGN_a',
      qrUrl: 'http://127.0.0.1:9999/api/qrcode/LGN_a.jpg',
      expiresAt: Date.now() + 65_000,
    };
    await open();
    await vi.advanceTimersByTimeAsync(10);
    expect(q(view.container, 'qr-countdown')!.textContent).toBe('Expires in 1:05');
    await vi.advanceTimersByTimeAsync(6_000);
    expect(q(view.container, 'qr-countdown')!.textContent).toBe('Expires in 0:59');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(q(view.container, 'qr-countdown')!.textContent).toBe('This code has expired');

    q(view.container, 'qr-refresh')!.click();
    await vi.advanceTimersByTimeAsync(10);
    expect(q(view.container, 'login-code')!.textContent).toBe('LGN_test');
  });

  it('opened again after the code expired, shows a new code at once', async () => {
    worker.status.binding = {
      kind: 'waiting',
      code: 'LGN_old',
      qrUrl: 'http://127.0.0.1:9999/api/qrcode/LGN_old.jpg',
      expiresAt: Date.now() - 1_000,
    };
    await open();
    await waitFor(() => expect(q(view.container, 'login-code')!.textContent).toBe('LGN_test'));
    expect(q(view.container, 'qr-countdown')!.textContent).toMatch(/^Expires in [45]:\d\d$/);
  });

  it('hides the confirm link for the real service, whose QR is scanned in WeChat', async () => {
    worker.status = makeStatus({
      serverUrl: 'https://wxpusher.zjiecode.com',
      binding: { kind: 'unbound' },
    });
    await open();
    await waitFor(() => expect(q(view.container, 'qr-image')).not.toBeNull());
    expect(q(view.container, 'confirm-link')).toBeNull();
  });

  it('turns into the message list once the worker reports the binding', async () => {
    worker.status.binding = { kind: 'unbound' };
    await open();
    await waitFor(() => expect(q(view.container, 'qr-login')).not.toBeNull());
    worker.status.binding = { kind: 'bound', deviceUuid: 'd', account: 1 };
    worker.emit({ type: 'status' });
    await waitFor(() => expect(q(view.container, 'connection-bar')).not.toBeNull());
    expect(q(view.container, 'qr-login')).toBeNull();
  });

  it('shows a failed login request instead of asking again in a loop', async () => {
    worker.status.binding = { kind: 'unbound', error: { key: 'errUnreachable' } };
    await open();
    expect(q(view.container, 'login-error')!.textContent).toBe('Cannot reach the server.');
    expect(worker.calls.filter((c) => c.type === 'requestLoginCode')).toHaveLength(0);
  });
});

describe('login screen connection', () => {
  it('shows the connection from the first moment, while the login code waits for the server', async () => {
    worker.status.binding = { kind: 'unbound' };
    worker.status.connection = { kind: 'connecting' };
    let release!: () => void;
    const call = worker.client.call;
    worker.client.call = (async (type: Parameters<typeof call>[0], ...args: unknown[]) => {
      if (type === 'requestLoginCode') await new Promise<void>((r) => (release = r));
      return (call as (...a: unknown[]) => Promise<unknown>)(type, ...args);
    }) as typeof call;
    await open();

    expect(q(view.container, 'login-connection-state')!.textContent).toBe('Connecting…');
    expect(q(view.container, 'login-server')!.textContent).toBe('Server: http://127.0.0.1:9999');
    expect(q(view.container, 'login-options')!.getAttribute('href')).toBe('/options.html');

    worker.status.connection = {
      kind: 'retrying',
      attempt: 3,
      retryAt: Date.now() + 5_000,
      error: { key: 'errUnreachable' },
    };
    worker.emit({ type: 'status' });
    await waitFor(() =>
      expect(q(view.container, 'login-connection-state')!.textContent).toMatch(
        /retrying in [45] s/,
      ),
    );
    expect(q(view.container, 'login-connection-error')!.textContent).toBe(
      'Cannot reach the server.',
    );
    (view.container.querySelector('.login-connection .link-button') as HTMLElement).click();
    await settle();
    expect(worker.calls.map((c) => c.type)).toContain('reconnect');
    release();
  });
});

describe('connection bar', () => {
  it('says connected, or retrying in N seconds with the error and a reconnect button', async () => {
    await open();
    expect(q(view.container, 'connection-state')!.textContent).toBe('Connected');

    worker.status.connection = {
      kind: 'retrying',
      attempt: 2,
      retryAt: Date.now() + 10_000,
      error: { key: 'errConnectionClosed', params: ['1006'] },
    };
    worker.emit({ type: 'status' });
    await waitFor(() =>
      expect(q(view.container, 'connection-state')!.textContent).toMatch(/retrying in (9|10) s/),
    );
    expect(q(view.container, 'connection-error')!.textContent).toBe(
      'The connection was closed (code 1006).',
    );
    (view.container.querySelector('.connection .link-button') as HTMLElement).click();
    await settle();
    expect(worker.calls.map((c) => c.type)).toContain('reconnect');
  });

  it('warns with the fix when the browser blocks notifications', async () => {
    worker.status.notificationPermission = 'denied';
    await open();
    expect(q(view.container, 'notifications-denied')!.textContent).toContain('system settings');
  });
});
