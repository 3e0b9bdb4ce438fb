import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../entrypoints/popup/App';
import { createListPrefs } from '../../../lib/ui/list-view';
import { createPopupStore, PopupStoreContext, type PopupStore } from '../../../lib/ui/popup-store';
import {
  ACCOUNT,
  createFakeWorker,
  mount,
  q,
  qa,
  settle,
  type,
  useLocale,
  waitFor,
  type FakeWorker,
} from './helpers';

let worker: FakeWorker;
let store: PopupStore;
let view: ReturnType<typeof mount>;
/** The page's localStorage, shared by every open of one test. */
let storage: Map<string, string>;

async function open() {
  view?.unmount();
  store = createPopupStore({
    client: worker.client,
    reader: worker.reader,
    debounceMs: 0,
    prefs: createListPrefs({
      getItem: (k) => storage.get(k) ?? null,
      setItem: (k, v) => void storage.set(k, v),
    }),
  });
  view = mount(
    <PopupStoreContext.Provider value={store}>
      <App />
    </PopupStoreContext.Provider>,
  );
  await settle();
}

const rows = () => qa(view.container, 'message-row');
const mids = () => rows().map((r) => Number(r.dataset.mid));
const DAY = 24 * 60 * 60_000;

beforeEach(async () => {
  useLocale('en');
  storage = new Map();
  worker = await createFakeWorker();
});

afterEach(() => view?.unmount());

describe('popup list: previews and days', () => {
  it('shows a plain-text preview under the title, never markup', async () => {
    await worker.receive(2, (i) =>
      i === 1
        ? { title: 'Deploy', summary: '', content: '## Done\n**api** is *live*', contentType: 3 }
        : { title: 'Alert', summary: '', content: '<p>Disk <b>full</b></p>', contentType: 2 },
    );
    await open();
    expect(qa(view.container, 'row-preview').map((p) => p.textContent)).toEqual([
      'Disk full',
      'Done api is live',
    ]);
  });

  it('groups rows under Today, Yesterday and older dates', async () => {
    const now = Date.now();
    await worker.receive(4, (i) => ({ createTime: now - [0, 60_000, DAY, 9 * DAY][i - 1]! }));
    await open();
    const headings = qa(view.container, 'day-heading').map((h) => h.textContent);
    expect(headings.slice(0, 2)).toEqual(['Today', 'Yesterday']);
    expect(headings).toHaveLength(3);
    // Each heading comes before its day's rows in the list.
    const items = Array.from(view.container.querySelectorAll('.list > li')).map((li) =>
      li.classList.contains('day-heading')
        ? li.textContent
        : Number((li as HTMLElement).dataset.mid),
    );
    expect(items.slice(0, 5)).toEqual(['Today', 1, 2, 'Yesterday', 3]);
  });
});

describe('popup list: unread only', () => {
  it('shows only unread messages, and keeps the choice across opens', async () => {
    await worker.receive(4);
    await worker.store.setRead(ACCOUNT, [2, 3], true);
    await open();
    const toggle = q(view.container, 'unread-only')!;
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    toggle.click();
    await waitFor(() => expect(mids()).toEqual([4, 1]));
    expect(toggle.getAttribute('aria-pressed')).toBe('true');

    await open();
    await waitFor(() => expect(mids()).toEqual([4, 1]));
    expect(q(view.container, 'unread-only')!.getAttribute('aria-pressed')).toBe('true');
  });

  it('says there is nothing unread instead of an empty list', async () => {
    await worker.receive(1);
    await worker.store.setRead(ACCOUNT, [1], true);
    await open();
    q(view.container, 'unread-only')!.click();
    await waitFor(() =>
      expect(q(view.container, 'empty-list')!.textContent).toBe('No unread messages.'),
    );
  });

  it('"mark all read" marks only what a search shows', async () => {
    await worker.receive(3, (i) => ({ title: i === 2 ? 'Deploy done' : `Backup ${i}` }));
    await open();
    type(q<HTMLInputElement>(view.container, 'search')!, 'backup');
    await waitFor(() => expect(mids()).toEqual([3, 1]));
    q(view.container, 'mark-all-read')!.click();
    await waitFor(async () => expect(await worker.store.unreadCount(ACCOUNT)).toBe(1));
    expect((await worker.store.get(ACCOUNT, 2))!.unread).toBe(1);
    expect(worker.calls.filter((c) => c.type === 'markAllRead')).toHaveLength(0);
  });
});

describe('search as you type', () => {
  it('applies a keystroke within its own task: the matching list is drawn with the character', async () => {
    await worker.receive(3, (i) => ({ title: `invoice ${i}` }));
    const list = createPopupStore({ client: worker.client, reader: worker.reader }).list;
    await list.load();
    list.setQuery('invoice 2');
    // Not yet in the event's own code; before any timer or later task.
    expect(list.appliedQuery.value).toBe('');
    await Promise.resolve();
    expect(list.appliedQuery.value).toBe('invoice 2');
    expect(list.visible.value.map((r) => r.mid)).toEqual([2]);
    // A superseded keystroke is not applied over the one after it.
    list.setQuery('invoice 3');
    list.setQuery('invoice 1');
    await Promise.resolve();
    await Promise.resolve();
    expect(list.appliedQuery.value).toBe('invoice 1');
    expect(list.visible.value.map((r) => r.mid)).toEqual([1]);
  });
});
