import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../entrypoints/popup/App';
import { FIRST_PAGE, LOAD_CHUNK } from '../../../lib/ui/message-list-store';
import { createPopupStore, PopupStoreContext, type PopupStore } from '../../../lib/ui/popup-store';
import {
  ACCOUNT,
  createFakeWorker,
  mount,
  NOW,
  press,
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

async function open(opts: { undoMs?: number } = {}) {
  store = createPopupStore({
    client: worker.client,
    reader: worker.reader,
    debounceMs: 0,
    undoMs: opts.undoMs,
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

beforeEach(async () => {
  useLocale('en');
  worker = await createFakeWorker();
});

afterEach(() => view?.unmount());

describe('popup message list', () => {
  it('shows messages newest first with app, text, time and an unread marker', async () => {
    await worker.receive(3, (i) => ({ name: `App ${i}`, createTime: Date.now() - i * 60_000 }));
    await worker.store.setRead(ACCOUNT, [2], true);
    await open();

    expect(mids()).toEqual([1, 2, 3]);
    const first = rows()[0]!;
    expect(first.textContent).toContain('App 1');
    expect(first.textContent).toContain('Title 1');
    expect(first.querySelector('time')!.textContent).toBe('1 min. ago');
    expect(rows().map((r) => r.dataset.unread)).toEqual(['1', '0', '1']);
    expect(q(view.container, 'unread-count')!.textContent).toBe('2 unread');
  });

  it('falls back to the summary, then the content, when there is no title', async () => {
    await worker.receive(2, (i) =>
      i === 1
        ? { title: '', summary: 'Only a summary' }
        : { title: '', summary: '', content: '**Bold** text', contentType: 3 },
    );
    await open();
    expect(qa(view.container, 'row-line').map((l) => l.textContent)).toEqual([
      'Bold text',
      'Only a summary',
    ]);
  });

  it('renders only the rows in view, however many are stored', async () => {
    await worker.receive(3000);
    await open();
    await waitFor(() => expect(q(view.container, 'message-list')!.dataset.total).toBe('3000'));
    expect(rows().length).toBeGreaterThan(5);
    expect(rows().length).toBeLessThan(30);
  });

  it('follows the worker: new messages appear, deleted ones leave', async () => {
    await worker.receive(2);
    await open();
    await worker.receive(3); // mids 1–3; 1 and 2 exist already
    await waitFor(() => expect(mids()).toEqual([3, 2, 1]));
    await worker.client.call('deleteMessages', { mids: [2] });
    await waitFor(() => expect(mids()).toEqual([3, 1]));
  });

  it('keeps a message that arrives while the list is still loading', async () => {
    await worker.receive(2);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let taken!: () => void;
    const snapshotTaken = new Promise<void>((r) => (taken = r));
    const page = worker.reader.page;
    worker.reader.page = async (account, before, limit) => {
      const snapshot = await page(account, before, limit); // read before the new message: stale
      taken();
      await gate;
      return snapshot;
    };
    await open();
    await snapshotTaken;
    await worker.receive(3);
    await waitFor(() => expect(mids()).toEqual([3])); // heard and shown…
    release(); // …then the stale page lands, and what was heard is applied again
    await settle();
    await waitFor(() => expect(mids()).toEqual([3, 2, 1]));
  });

  it('loads a large store a page at a time, searching what has landed so far', async () => {
    const total = FIRST_PAGE + LOAD_CHUNK + 30;
    await worker.receive(total, (i) => ({
      title: i === 1 || i === total ? `needle ${i}` : `hay ${i}`,
      createTime: NOW - (total - i) * 1000,
    }));
    const gates: Array<() => void> = [];
    const page = worker.reader.page;
    const reads: number[] = [];
    worker.reader.page = async (account, before, limit) => {
      reads.push(limit);
      const rows = await page(account, before, limit);
      if (before) await new Promise<void>((r) => gates.push(r)); // hold every page after the first
      return rows;
    };
    await open();
    const search = q<HTMLInputElement>(view.container, 'search')!;
    type(search, 'NEEDLE');
    // Only the first page is in: the newest needle is found, the search says it goes on.
    await waitFor(() => expect(mids()).toEqual([total]));
    expect(q(view.container, 'search-loading')!.textContent).toBe(
      'Still searching older messages…',
    );
    expect(q(view.container, 'empty-list')).toBeNull();
    expect(q(view.container, 'message-list')!.getAttribute('aria-busy')).toBe('true');
    for (let i = 0; i < 2; i++) {
      await waitFor(() => expect(gates.length).toBe(1));
      gates.shift()!();
    }
    await waitFor(() => expect(mids()).toEqual([total, 1]));
    expect(q(view.container, 'search-loading')).toBeNull();
    expect(q(view.container, 'message-list')!.hasAttribute('aria-busy')).toBe(false);
    expect(reads).toEqual([FIRST_PAGE, LOAD_CHUNK, LOAD_CHUNK]);
    type(search, '');
    await waitFor(() =>
      expect(q(view.container, 'message-list')!.dataset.total).toBe(String(total)),
    );
  });

  it('a change to a row not yet loaded shows it once, in order, when its page lands', async () => {
    const total = FIRST_PAGE + 10;
    await worker.receive(total, (i) => ({ createTime: NOW - (total - i) * 1000 }));
    const gates: Array<() => void> = [];
    const page = worker.reader.page;
    worker.reader.page = async (account, before, limit) => {
      const rows = await page(account, before, limit);
      if (before) await new Promise<void>((r) => gates.push(r));
      return rows;
    };
    await open();
    await waitFor(() => expect(gates).toHaveLength(1));
    // Mid 3 is on the held page; marking it read makes the list read and show it early.
    await worker.client.call('markRead', { mids: [3], read: true });
    const held = () => store.list.rows.value.map((r) => r.mid);
    await waitFor(() => expect(held()).toContain(3));
    expect(held()).toHaveLength(FIRST_PAGE + 1);
    gates.shift()!();
    await waitFor(() =>
      expect(q(view.container, 'message-list')!.dataset.total).toBe(String(total)),
    );
    expect(held()).toEqual(Array.from({ length: total }, (_, i) => total - i));
    expect(store.list.rows.value.find((r) => r.mid === 3)!.unread).toBe(false);
  });

  it('shows a database read error and stops saying it is still loading', async () => {
    await worker.receive(FIRST_PAGE + 5);
    const page = worker.reader.page;
    worker.reader.page = async (account, before, limit) => {
      if (before) throw new Error('The database connection is closing.');
      return page(account, before, limit);
    };
    await open();
    await waitFor(() =>
      expect(q(view.container, 'toast-error')!.textContent).toContain(
        'The database connection is closing.',
      ),
    );
    expect(mids().length).toBeGreaterThan(5); // the first page stays
    expect(q(view.container, 'message-list')!.hasAttribute('aria-busy')).toBe(false);
  });

  it('searches title, summary, content and app name as you type, and filters by app', async () => {
    await worker.receive(4, (i) => ({
      title: ['Disk full', 'Deploy done', 'Weekly report', 'Backup'][i - 1],
      content: i === 4 ? 'the disk on db-2 was snapshotted' : `Body ${i}`,
      name: i % 2 ? 'Ops' : 'CI',
    }));
    await open();
    const search = q<HTMLInputElement>(view.container, 'search')!;

    type(search, 'DISK');
    await waitFor(() => expect(mids()).toEqual([4, 1]));

    type(search, 'ci');
    await waitFor(() => expect(mids()).toEqual([4, 2]));

    type(search, '');
    const filter = q<HTMLSelectElement>(view.container, 'app-filter')!;
    expect(Array.from(filter.options).map((o) => o.value)).toEqual(['', 'CI', 'Ops']);
    filter.value = 'Ops';
    filter.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(mids()).toEqual([3, 1]));

    type(search, 'nothing like this');
    await waitFor(() =>
      expect(q(view.container, 'empty-list')!.textContent).toBe('No messages match.'),
    );
  });

  it('moves with arrows and j/k, opens with Enter, deletes with Delete, / and Esc for search', async () => {
    await worker.receive(5);
    await open();
    const main = view.container.querySelector('.popup-main')!;

    press(main, 'ArrowDown');
    expect(document.activeElement?.closest('[data-mid]')?.getAttribute('data-mid')).toBe('5');
    press(document.activeElement!, 'j');
    press(document.activeElement!, 'j');
    press(document.activeElement!, 'k');
    expect(store.list.selectedMid.value).toBe(4);
    expect(document.activeElement?.closest('[data-mid]')?.getAttribute('data-mid')).toBe('4');

    const enter = press(document.activeElement!, 'Enter');
    expect(enter.defaultPrevented).toBe(true);
    await settle();
    expect(worker.calls.filter((c) => c.type === 'openMessage')).toEqual([
      { type: 'openMessage', data: { mid: 4, account: 1 } },
    ]);

    press(document.activeElement!, 'Delete');
    await waitFor(() => expect(mids()).toEqual([5, 3, 2, 1]));
    expect(store.list.selectedMid.value).toBe(3);

    press(document.activeElement!, '/');
    const search = q<HTMLInputElement>(view.container, 'search')!;
    expect(document.activeElement).toBe(search);
    type(search, 'Title 2');
    await waitFor(() => expect(mids()).toEqual([2]));
    press(search, 'Escape');
    await waitFor(() => expect(mids()).toEqual([5, 3, 2, 1]));
    expect(search.value).toBe('');
  });

  it('typing j or k in the search box types letters', async () => {
    await worker.receive(2);
    await open();
    const search = q<HTMLInputElement>(view.container, 'search')!;
    search.focus();
    expect(press(search, 'j').defaultPrevented).toBe(false);
    expect(store.list.selectedMid.value).toBeNull();
  });

  it('marks one message read or unread, and all read', async () => {
    await worker.receive(3);
    await open();
    q(rows()[0]!, 'row-toggle-read')!.click();
    await waitFor(() => expect(rows()[0]!.dataset.unread).toBe('0'));
    q(rows()[0]!, 'row-toggle-read')!.click();
    await waitFor(() => expect(rows()[0]!.dataset.unread).toBe('1'));
    q(view.container, 'mark-all-read')!.click();
    await waitFor(() => expect(rows().map((r) => r.dataset.unread)).toEqual(['0', '0', '0']));
    expect(await worker.store.unreadCount(ACCOUNT)).toBe(0);
  });

  it('offers undo after a delete, and puts the message back', async () => {
    await worker.receive(3);
    await open();
    q(rows()[1]!, 'row-delete')!.click();
    await waitFor(() => expect(mids()).toEqual([3, 1]));
    expect(q(view.container, 'toast-info')!.textContent).toContain('Deleted 1 message(s).');

    q(view.container, 'undo')!.click();
    await waitFor(() => expect(mids()).toEqual([3, 2, 1]));
    expect(await worker.store.get(ACCOUNT, 2)).toMatchObject({ mid: 2, title: 'Title 2' });
    expect(q(view.container, 'undo')).toBeNull();
  });

  it('clears everything with undo, and the undo offer expires', async () => {
    await worker.receive(4);
    await open({ undoMs: 50 });
    q(view.container, 'clear-all')!.click();
    await waitFor(() => expect(rows()).toHaveLength(0));
    expect(q(view.container, 'clear-all')!.textContent).toBe('Clear all');
    expect(q(view.container, 'toast-info')!.textContent).toContain('Deleted 4 message(s) shown.');
    q(view.container, 'undo')!.click();
    await waitFor(() => expect(mids()).toEqual([4, 3, 2, 1]));

    q(view.container, 'clear-all')!.click();
    await waitFor(() => expect(q(view.container, 'undo')).not.toBeNull());
    await new Promise((r) => setTimeout(r, 80));
    await settle();
    expect(q(view.container, 'undo')).toBeNull();
    expect(await worker.store.count()).toBe(0);
  });

  it('with a search or app filter, "clear" deletes only what is shown, and says so', async () => {
    await worker.receive(5, (i) => ({ name: i % 2 ? 'Ops' : 'CI' }));
    await open();
    const filter = q<HTMLSelectElement>(view.container, 'app-filter')!;
    filter.value = 'CI';
    filter.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(mids()).toEqual([4, 2]));
    const clear = q(view.container, 'clear-all')!;
    expect(clear.textContent).toBe('Clear 2 shown');
    expect(clear.title).toBe('Delete only the messages the search or app filter shows');

    clear.click();

    await waitFor(() => expect(mids()).toEqual([]));
    expect(worker.calls.filter((c) => c.type === 'deleteMessages')).toEqual([
      { type: 'deleteMessages', data: { mids: [4, 2], account: ACCOUNT } },
    ]);
    expect(q(view.container, 'toast-info')!.textContent).toContain('Deleted 2 message(s) shown.');
    filter.value = '';
    filter.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(mids()).toEqual([5, 3, 1]));
    q(view.container, 'undo')!.click();
    await waitFor(() => expect(mids()).toEqual([5, 4, 3, 2, 1]));
  });

  it('keeps an earlier server’s history readable, marked as such', async () => {
    await worker.receive(2);
    await worker.addEarlierAccount('http://old.example:7700', 3);
    await open();
    // The picker shows once the accounts are read, which may come after the first rows.
    await waitFor(() => expect(q(view.container, 'history-account')).not.toBeNull());
    const picker = q<HTMLSelectElement>(view.container, 'history-account')!;
    expect(Array.from(picker.options).map((o) => o.textContent)).toEqual([
      'This server (2)',
      'Earlier: old.example:7700, UID_old (3)',
    ]);
    expect(mids()).toEqual([2, 1]);

    picker.value = picker.options[1]!.value;
    picker.dispatchEvent(new Event('change', { bubbles: true }));

    await waitFor(() => expect(mids()).toEqual([3, 2, 1]));
    expect(rows()[0]!.textContent).toContain('old 3');
    expect(q(view.container, 'history-earlier-note')!.textContent).toContain(
      'History from http://old.example:7700, which this browser is no longer bound to.',
    );
    // Opening one names its account, so the full view reads the right message.
    rows()[0]!.querySelector<HTMLElement>('.row-main')!.click();
    await settle();
    expect(worker.calls.filter((c) => c.type === 'openMessage').at(-1)).toEqual({
      type: 'openMessage',
      data: { mid: 3, account: 2 },
    });
  });

  it('sends a test message and shows the worker error when it fails', async () => {
    await open();
    q(view.container, 'send-test')!.click();
    await waitFor(() =>
      expect(q(view.container, 'toast-info')!.textContent).toContain('Test message sent'),
    );
    worker.failNext('sendTest', 'device token invalid');
    q(view.container, 'send-test')!.click();
    await waitFor(() =>
      expect(q(view.container, 'toast-error')!.textContent).toContain('device token invalid'),
    );
  });
});
