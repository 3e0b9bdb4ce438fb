import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { App } from '../../../entrypoints/popup/App';
import type { WorkerStatus } from '../../../lib/protocol';
import { toStoredMessage } from '../../../lib/storage/message-store';
import { toListRow } from '../../../lib/ui/list-row';
import { cachedRows, parseSnapshot, type PopupSnapshot } from '../../../lib/ui/popup-cache';
import { createPopupStore, PopupStoreContext } from '../../../lib/ui/popup-store';
import { servedListMarkup } from '../../../lib/ui/served-list-markup';
import { acceptableMarkup } from '../../../lib/worker/served-pages';
import type { WorkerClient } from '../../../lib/ui/worker-client';
import { canonicalMarkup } from '../../fixtures/canonical-markup';
import { incoming } from '../helpers';
import { createFakeWorker, makeStatus, mount, NOW, settle, useLocale } from './helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Stored message `mid`, `ago` before NOW, as the worker serves it (cachedRows, parseSnapshot). */
const row = (mid: number, ago: number, over: Parameters<typeof incoming>[1] = {}) =>
  toListRow(toStoredMessage(incoming(mid, { createTime: NOW - ago, ...over }), NOW, 1));

/** What the worker serves: the status and the first rows, read back as the page reads them. */
const served = (status: WorkerStatus, rows: ReturnType<typeof row>[]): PopupSnapshot =>
  parseSnapshot({ status, rows: cachedRows(rows) })!;

/**
 * The app's first render for `snapshot` (no query, not unread-only, the worker and the database
 * not answering yet), inert as the boot script's paints are until the app starts.
 */
async function appMarkup(snapshot: PopupSnapshot): Promise<string> {
  const worker = await createFakeWorker();
  const never = new Promise<never>(() => undefined);
  worker.client.call = (() => never) as WorkerClient['call'];
  worker.reader.page = () => never;
  worker.reader.currentAccount = () => never;
  const store = createPopupStore({
    client: worker.client,
    reader: worker.reader,
    served: snapshot,
  });
  const view = mount(
    <PopupStoreContext.Provider value={store}>
      <App />
    </PopupStoreContext.Provider>,
  );
  await settle();
  const copy = view.container.cloneNode(true) as HTMLElement;
  copy.querySelector('.popup')!.setAttribute('inert', '');
  const html = copy.innerHTML;
  view.unmount();
  store.dispose();
  return html;
}

// Chrome reflects `spellcheck={false}` as the attribute, as the renderer writes it; jsdom has no
// such property, and Preact would leave the attribute out.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'spellcheck', {
    configurable: true,
    get(this: HTMLElement) {
      return this.getAttribute('spellcheck') !== 'false';
    },
    set(this: HTMLElement, value: boolean) {
      this.setAttribute('spellcheck', String(value));
    },
  });
});
afterAll(() => Reflect.deleteProperty(HTMLElement.prototype, 'spellcheck'));

describe('the served list markup', () => {
  afterEach(() => vi.useRealTimers());

  const hostile =
    '</div></ul><script>document.title="ran"</script><img src=x onerror="alert(1)"> & "q" \'a\'';
  /** Rows of every kind: today, yesterday, earlier this week and year, last year. */
  const mixed = () => [
    row(40, 30_000, { title: hostile }),
    row(39, 5 * 60_000, { summary: '', content: 'x' }),
    row(38, 3 * HOUR, { name: '', title: '', summary: '', content: '' }),
    row(37, DAY + HOUR, { name: 'Zeta <b>app</b>' }),
    row(36, 3 * DAY, { name: 'alpha' }),
    row(35, 40 * DAY, { title: 'long '.repeat(40) }),
    row(34, 400 * DAY),
    ...Array.from({ length: 20 }, (_, i) => row(33 - i, 401 * DAY + i * HOUR)),
  ];
  const cases: Array<[string, WorkerStatus, () => ReturnType<typeof row>[]]> = [
    ['connected, rows of every kind (more than the window holds)', makeStatus(), mixed],
    ['connecting, no rows', makeStatus({ connection: { kind: 'connecting' } }), () => []],
    [
      'retrying with the reason, notifications turned off',
      makeStatus({
        connection: {
          kind: 'retrying',
          attempt: 2,
          retryAt: NOW + 7_500,
          error: { key: 'errNoConnection' },
        },
        notificationPermission: 'denied',
      }),
      () => mixed().slice(0, 3),
    ],
    [
      'offline, with the server’s own words',
      makeStatus({ connection: { kind: 'offline' }, lastError: { server: hostile } }),
      () => [row(1, 60_000, { title: 'read' })],
    ],
  ];

  for (const locale of ['en', 'zh_CN']) {
    for (const [name, status, rows] of cases) {
      it(`is what the app renders first (${locale}): ${name}`, async () => {
        vi.useFakeTimers({ toFake: ['Date'], now: NOW });
        useLocale(locale);
        const snapshot = served(status, rows());
        // Every third row read, as stored rows are.
        snapshot.rows.forEach((r, i) => (r.unread = i % 3 !== 1));
        const markup = servedListMarkup(snapshot, NOW);
        expect(markup).not.toBeNull();
        expect(canonicalMarkup(markup!, document)).toBe(
          canonicalMarkup(await appMarkup(snapshot), document),
        );
        expect(acceptableMarkup(markup)).toBe(true);
      });
    }
  }

  it('keeps every sender text as text', () => {
    useLocale('en');
    const snapshot = served(makeStatus({ lastError: { server: hostile } }), [
      row(1, 0, { title: hostile, name: hostile, summary: `${hostile} summary` }),
    ]);
    const template = document.createElement('template');
    template.innerHTML = servedListMarkup(snapshot, NOW)!;
    const doc = template.content;
    expect(doc.querySelectorAll('script, img')).toHaveLength(0);
    expect(doc.querySelector('[data-testid="row-line"]')!.textContent).toBe(hostile);
    expect(doc.querySelector('.row-app')!.textContent).toBe(hostile);
    expect(doc.querySelector('.app-filter option:last-child')!.textContent).toBe(hostile);
  });

  it('writes nothing for a view it does not render: the upgrade notice', () => {
    useLocale('en');
    const update = {
      title: 'v2',
      content: 'new',
      version: '2.0',
      url: 'https://x.test',
      must: false,
    };
    expect(servedListMarkup(served(makeStatus({ update }), [row(1, 0)]), NOW)).toBeNull();
  });
});
