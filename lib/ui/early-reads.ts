import type { SearchRecord } from '../storage/search-pack';

/**
 * What public/list-boot.js leaves on the page for each read it starts beside the app's code
 * (docs/architecture.md §7), raw: it is plain JS and shares no types.
 */
interface BootRead {
  read: Promise<unknown>;
  /** The worker announced a change of what was read since the read began. */
  changed: boolean;
  done(): void;
}

type EarlyName = '__wxpEarlyIndex' | '__wxpEarlyPage' | '__wxpEarlyStatus';

/** The boot script's read left under `name`, once; null when there is none, it failed or is old. */
async function takeEarly(name: EarlyName): Promise<unknown> {
  const g = globalThis as { [K in EarlyName]?: BootRead };
  const early = g[name];
  delete g[name];
  if (!early) return null;
  try {
    const read = await early.read;
    return early.changed ? null : (read ?? null);
  } catch {
    return null;
  } finally {
    early.done();
  }
}

/** `read` when it is an account's read with an array under `field`, else null. */
function accountRead<F extends string>(
  read: unknown,
  field: F,
): ({ account: number } & Record<F, unknown[]>) | null {
  if (typeof read !== 'object' || read === null) return null;
  const fields = read as Record<string, unknown>;
  return typeof fields.account === 'number' && Array.isArray(fields[field])
    ? (read as { account: number } & Record<F, unknown[]>)
    : null;
}

/**
 * The bound account and its search index records, as the boot script read them (in one
 * transaction) after painting a remembered list; taken once. Null when it read none or heard
 * a change of messages since: the list then reads the index itself, after its own first page,
 * and hears every later change (lib/ui/message-list-store.ts).
 */
export async function takeEarlyIndex(): Promise<{
  account: number;
  records: SearchRecord[];
} | null> {
  const read = accountRead(await takeEarly('__wxpEarlyIndex'), 'records');
  return read && { account: read.account, records: read.records as SearchRecord[] };
}

/**
 * The bound account and its newest stored messages (a first page, newest first), as the boot
 * script read them when it had nothing to paint; taken once, null as above. The rows are the
 * database's own: the list derives its rows from them as from any page it reads.
 */
export async function takeEarlyPage(): Promise<{ account: number; rows: unknown[] } | null> {
  const read = accountRead(await takeEarly('__wxpEarlyPage'), 'rows');
  return read && { account: read.account, rows: read.rows };
}

/**
 * The worker's answer to the `getStatus` the boot script sent when it had nothing to paint,
 * raw (lib/protocol.ts reads it); taken once. Null when none was sent, none came, or the
 * worker announced a change of status since.
 */
export function takeEarlyStatus(): Promise<unknown> {
  return takeEarly('__wxpEarlyStatus');
}
