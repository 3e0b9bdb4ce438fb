import type { StoredMessage } from '../message';

/**
 * The fields exported per message: what the user received, not our search index or rendering, and the
 * server it came from in place of our account number (ids are unique per server only).
 */
export type ExportedMessage = Omit<
  StoredMessage,
  'searchText' | 'rendered' | 'unread' | 'account'
> & {
  read: boolean;
  server: string;
};

/** The history as a JSON document, for the options page's export. */
export function historyToJson(
  rows: StoredMessage[],
  exportedAt: number,
  serverOf: (account: number) => string = () => '',
): string {
  const messages: ExportedMessage[] = rows.map(
    ({ searchText: _s, rendered: _r, unread, account, ...rest }) => ({
      ...rest,
      read: unread === 0,
      server: serverOf(account),
    }),
  );
  return JSON.stringify(
    { format: 'wxpusher-receiver-history', version: 1, exportedAt, messages },
    null,
    2,
  );
}

/** `wxpusher-history-2024-05-01.json`, dated in local time. */
export function exportFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `wxpusher-history-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}

/** Saves `text` as a file through a temporary object URL (no extension API needed). */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
