import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { ListRow } from '../../../lib/ui/list-row';
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
});
