import { describe, expect, it } from 'vitest';
import { merged, withOlder } from '../../../lib/ui/list-merge';
import type { ListRow } from '../../../lib/ui/list-row';

const row = (mid: number, createTime = mid, line = `row ${mid}`): ListRow => ({
  mid,
  name: 'App',
  line,
  preview: '',
  createTime,
  unread: true,
  searchText: line,
});
const mids = (rows: ListRow[]) => rows.map((r) => r.mid);

describe('list merge', () => {
  it('puts fresh rows in, replaces same ids, drops the gone ones, newest first', () => {
    const shown = [row(5), row(3), row(1)];
    const result = merged(shown, [row(4), row(3, 3, 'changed')], new Set([1]));
    expect(mids(result)).toEqual([5, 4, 3]);
    expect(result.find((r) => r.mid === 3)?.line).toBe('changed');
  });

  it('appends an older page as is, or merges when a broadcast reached below it', () => {
    const page = [row(4), row(3)];
    const plain = [row(6), row(5)];
    expect(withOlder(plain, page)).toEqual([...plain, ...page]);
    // Row 3 arrived by broadcast while the page was read: the page's copy replaces it.
    expect(mids(withOlder([row(6), row(3, 3, 'early')], page))).toEqual([6, 4, 3]);
    expect(withOlder([], page)).toEqual(page);
  });
});
