import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { rowMatches, type ListRow } from '../../../lib/ui/list-row';
import { createListPrefs, createListView } from '../../../lib/ui/list-view';

const row = (mid: number, text: string, over: Partial<ListRow> = {}): ListRow => ({
  mid,
  name: 'app',
  line: text,
  preview: '',
  createTime: mid,
  unread: false,
  searchText: text,
  ...over,
});

describe('list view filtering', () => {
  it('narrows as the query grows and starts over when it does not', () => {
    const rows = signal([
      row(4, 'invoice 12'),
      row(3, 'invoice 21'),
      row(2, 'note 1'),
      row(1, 'x'),
    ]);
    const query = signal('');
    const app = signal('');
    const view = createListView({ rows, query, app, prefs: createListPrefs(null) });
    const shown = () => view.visible.value.map((r) => r.mid);

    expect(shown()).toEqual([4, 3, 2, 1]);
    query.value = 'i';
    expect(shown()).toEqual([4, 3]);
    query.value = 'invoice 1';
    expect(shown()).toEqual([4]);
    // Not a longer form of the last query: every row is looked at again.
    query.value = '1';
    expect(shown()).toEqual([4, 3, 2]);
    // New rows (a page read, a broadcast) are searched whatever the last query was.
    rows.value = [row(5, 'invoice 15'), ...rows.value];
    query.value = '15';
    expect(shown()).toEqual([5]);
    // Another app filter or unread-only: not a narrowing either.
    query.value = '1';
    app.value = 'other';
    expect(shown()).toEqual([]);
    app.value = '';
    view.setUnreadOnly(true);
    expect(shown()).toEqual([]);
    view.setUnreadOnly(false);
    query.value = '1 ';
    expect(shown()).toEqual([5, 4, 3, 2]);
  });

  it('a keystroke every shown row still matches keeps the very same list', () => {
    const all = [row(3, 'invoice 3'), row(2, 'invoice 2'), row(1, 'invoice 1')];
    const rows = signal(all);
    const query = signal('');
    const view = createListView({ rows, query, app: signal(''), prefs: createListPrefs(null) });
    let changes = 0;
    const stop = view.visible.subscribe(() => changes++);
    expect(view.visible.value).toBe(all);
    for (const typed of ['i', 'in', 'invoice']) query.value = typed;
    // One list throughout: nothing downstream lays it out or renders it again.
    expect(view.visible.value).toBe(all);
    expect(changes).toBe(1);
    query.value = 'invoice 2';
    expect(view.visible.value.map((r) => r.mid)).toEqual([2]);
    const narrowed = view.visible.value;
    query.value = 'invoice 2x';
    expect(view.visible.value.map((r) => r.mid)).toEqual([]);
    query.value = 'invoice 2';
    expect(view.visible.value).toEqual(narrowed);
    stop();
  });
});

describe('a long search text kept in two parts (the start, and the rest read later)', () => {
  const long = row(1, 'start of the text, then more: the seam', {
    searchRest: 'line is here, and the end',
  });

  it('matches in either part and across the seam between them', () => {
    for (const needle of ['start', 'the end', 'seamline', 'the seamline is', 'e', 'seaml'])
      expect(rowMatches(long, needle, ''), needle).toBe(true);
    for (const needle of ['seam line', 'the endx', 'xstart', 'z'])
      expect(rowMatches(long, needle, ''), needle).toBe(false);
  });

  it('matches as the whole text would, for every cut of it', () => {
    const text = 'abcabd abce';
    for (let cut = 0; cut <= text.length; cut++) {
      const split = row(1, text.slice(0, cut), { searchRest: text.slice(cut) });
      for (let from = 0; from < text.length; from++)
        for (let to = from + 1; to <= text.length; to++) {
          const needle = text.slice(from, to);
          expect(rowMatches(split, needle, ''), `${cut} ${needle}`).toBe(true);
          expect(rowMatches(split, `${needle}q`, ''), `${cut} ${needle}q`).toBe(false);
        }
    }
  });
});
