import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import {
  HEADING_HEIGHT,
  ROW_HEIGHT,
  ROW_HEIGHT_PREVIEW,
  itemRange,
  layoutList,
} from '../../../lib/ui/list-layout';
import { ROW_PREVIEW_MAX, toListRow, type ListRow } from '../../../lib/ui/list-row';
import { LIST_PREFS_KEY, createListPrefs, createListView } from '../../../lib/ui/list-view';
import { formatDay } from '../../../lib/ui/time-format';
import type { StoredMessage } from '../../../lib/message';
import { message } from '../helpers';

const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).getTime();

const row = (mid: number, createTime: number, over: Partial<ListRow> = {}): ListRow => ({
  mid,
  name: 'App',
  line: `row ${mid}`,
  preview: '',
  createTime,
  unread: false,
  searchText: `row ${mid}`,
  ...over,
});

describe('row preview', () => {
  it.each<[string, Partial<StoredMessage>, string]>([
    [
      'the summary under a title',
      { title: 'Disk', summary: 'Disk almost full' },
      'Disk almost full',
    ],
    [
      'the content when the summary repeats the title',
      { title: 'T', summary: 'T', content: 'Body' },
      'Body',
    ],
    [
      'plain text of markdown, never its syntax',
      { title: 'T', content: '# Head\n**bold** [link](https://x.test)', contentType: 3 },
      'Head bold link',
    ],
    [
      'plain text of HTML, never its tags',
      { title: 'T', content: '<p>Hi <b>you</b><script>x()</script></p>', contentType: 2 },
      'Hi you',
    ],
    [
      'the rest of the content after a summary that starts it',
      { summary: 'Order 7: shipped', content: 'Order 7: shipped to Berlin today' },
      'to Berlin today',
    ],
    [
      'the content after its first line when there is no title or summary',
      { content: 'First line\nsecond line\nthird' },
      'second line third',
    ],
    ['nothing when the line says it all', { title: 'Only' }, ''],
  ])('shows %s', (_what, over, preview) => {
    expect(toListRow(message(over)).preview).toBe(preview);
  });

  it('keeps the original case and cuts long text to two lines', () => {
    const r = toListRow(message({ title: 'T', content: `Mixed Case ${'word '.repeat(100)}` }));
    expect(r.preview.startsWith('Mixed Case word')).toBe(true);
    expect(Array.from(r.preview).length).toBeLessThanOrEqual(ROW_PREVIEW_MAX);
    expect(r.preview.endsWith('…')).toBe(true);
  });

  it('reads only the head of a huge body', () => {
    const content = `<p>start</p>${'<b>x</b>'.repeat(20_000)}<p>THE END</p>`;
    const r = toListRow(message({ title: 'T', content, contentType: 2 }));
    expect(r.preview.startsWith('start')).toBe(true);
    expect(r.preview).not.toContain('THE END');
  });
});

describe('day layout', () => {
  it('puts a heading before the first row of each local day', () => {
    const rows = [
      row(4, at(2026, 12, 1, 18)),
      row(3, at(2026, 12, 1, 0), { preview: 'p' }),
      row(2, at(2026, 11, 30, 23)),
      row(1, at(2026, 11, 20, 9)),
    ];
    const layout = layoutList(rows);
    expect(layout.items.map((i) => (i.kind === 'day' ? 'day' : i.index))).toEqual([
      'day',
      0,
      1,
      'day',
      2,
      'day',
      3,
    ]);
    expect(Array.from(layout.itemOfRow)).toEqual([1, 2, 4, 6]);
    expect(layout.items[2]).toMatchObject({
      top: HEADING_HEIGHT + ROW_HEIGHT,
      height: ROW_HEIGHT_PREVIEW,
    });
    expect(layout.height).toBe(3 * HEADING_HEIGHT + 3 * ROW_HEIGHT + ROW_HEIGHT_PREVIEW);
  });

  it('renders only the items in view plus overscan', () => {
    const day = at(2026, 12, 1);
    const rows = Array.from({ length: 20_000 }, (_, i) => row(20_000 - i, day - i * 60_000));
    const layout = layoutList(rows);
    const { start, end } = itemRange(layout, layout.height / 2, 480, 6);
    expect(end - start).toBeLessThan(30);
    const first = layout.items[start + 6]!;
    expect(first.top).toBeLessThanOrEqual(layout.height / 2);
    expect(first.top + first.height).toBeGreaterThan(layout.height / 2);
    expect(itemRange(layout, 0, 480, 6).start).toBe(0);
    expect(itemRange(layout, layout.height, 480, 6).end).toBe(layout.items.length);
  });

  it('names days: today, yesterday, a weekday date, a date with its year', () => {
    const now = at(2026, 12, 1, 9);
    const words = { today: 'Today', yesterday: 'Yesterday' };
    expect(formatDay(at(2026, 12, 1, 0), now, 'en', words)).toBe('Today');
    expect(formatDay(at(2026, 11, 30, 23), now, 'en', words)).toBe('Yesterday');
    expect(formatDay(at(2026, 11, 20), now, 'en', words)).toBe('Fri, Nov 20');
    expect(formatDay(at(2025, 12, 31), now, 'en', words)).toBe('Dec 31, 2025');
    expect(formatDay(at(2026, 11, 20), now, 'zh-CN', words)).toContain('11月20日');
  });
});

describe('list view', () => {
  const memory = () => {
    const items = new Map<string, string>();
    return {
      items,
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
    };
  };
  const rows = signal([
    row(3, 3, { unread: true, name: 'a' }),
    row(2, 2, { name: 'b' }),
    row(1, 1, { unread: true, name: 'b' }),
  ]);

  it('shows only unread rows when asked, with the search and app filter', () => {
    const app = signal('');
    const view = createListView({ rows, query: signal(''), app, prefs: createListPrefs(null) });
    view.setUnreadOnly(true);
    expect(view.visible.value.map((r) => r.mid)).toEqual([3, 1]);
    app.value = 'b';
    expect(view.visible.value.map((r) => r.mid)).toEqual([1]);
    expect(view.shownUnread()).toEqual([1]);
  });

  it('keeps the choice across opens, and reads damaged prefs as the defaults', () => {
    const storage = memory();
    const first = createListView({
      rows,
      query: signal(''),
      app: signal(''),
      prefs: createListPrefs(storage),
    });
    first.setUnreadOnly(true);
    const again = createListView({
      rows,
      query: signal(''),
      app: signal(''),
      prefs: createListPrefs(storage),
    });
    expect(again.unreadOnly.value).toBe(true);
    storage.items.set(LIST_PREFS_KEY, '{oops');
    expect(createListPrefs(storage).read()).toEqual({ unreadOnly: false });
  });
});
