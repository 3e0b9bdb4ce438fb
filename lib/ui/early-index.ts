import type { SearchRecord } from '../storage/search-pack';

/** What public/list-boot.js leaves on the page (docs/architecture.md §7). */
interface EarlyIndex {
  read: Promise<{ account: number; records: unknown[] } | null>;
  /** The worker announced a change of messages since the read began. */
  changed: boolean;
  done(): void;
}

/**
 * The bound account and its search index records, as the boot script read them (in one
 * transaction) while the page's modules loaded; taken once. Null when it read none or heard a
 * change of messages since: the list then reads the index itself, after its own first page,
 * and hears every later change (lib/ui/message-list-store.ts).
 */
export async function takeEarlyIndex(): Promise<{
  account: number;
  records: SearchRecord[];
} | null> {
  const g = globalThis as { __wxpEarlyIndex?: EarlyIndex };
  const early = g.__wxpEarlyIndex;
  delete g.__wxpEarlyIndex;
  if (!early) return null;
  try {
    const read = await early.read;
    if (!read || early.changed) return null;
    return { account: read.account, records: read.records as SearchRecord[] };
  } catch {
    return null;
  } finally {
    early.done();
  }
}
