import { cpSync, rmSync, writeFileSync } from 'node:fs';

/** The floor page's path inside the bench copy of the extension. */
export const BLANK_PAGE = 'blank.html';

/**
 * The read floor's path inside the bench copy: a page with one classic script of a few lines
 * that reads from the extension's IndexedDB and writes what it read into `#floor` as text.
 * `?id=<mid>` reads one message of the bound account (what the full view read first before
 * the worker served it with its row, docs/architecture.md §7);
 * `?page=<n>` reads the bound account's `n` newest (what the popup reads first with nothing
 * remembered) and shows their titles; with neither it writes one line at once, reading
 * nothing (what the popup does with a remembered list, less its markup and stylesheet). No
 * framework, no parser, no stylesheet: what a page that reads stored messages itself pays at
 * least (one script's request, one database open, one read, a frame of text), beside the blank
 * page's floor.
 */
export const READ_FLOOR_PAGE = 'read-floor.html';

const READ_FLOOR_SCRIPT = `(() => {
  const query = new URLSearchParams(location.search);
  const show = (text) => {
    const put = () => {
      const pre = document.createElement('pre');
      pre.id = 'floor';
      pre.textContent = text;
      document.body.append(pre);
    };
    if (document.body) put();
    else document.addEventListener('DOMContentLoaded', put);
  };
  if (!query.has('id') && !query.has('page')) return show('floor');
  const open = indexedDB.open('wxpusher');
  open.onsuccess = () => {
    const tx = open.result.transaction(['meta', 'messages']);
    const current = tx.objectStore('meta').get('current');
    current.onsuccess = () => {
      const account = current.result;
      const messages = tx.objectStore('messages');
      if (query.has('id')) {
        const row = messages.get([account, Number(query.get('id'))]);
        row.onsuccess = () => show(row.result.title + '\\n' + row.result.content.slice(0, 250));
        return;
      }
      const range = IDBKeyRange.bound([account, -Infinity], [account, Infinity]);
      const count = Number(query.get('page'));
      const index = messages.index('accountTime');
      if (index.getAllRecords) {
        const all = index.getAllRecords({ query: range, count, direction: 'prev' });
        all.onsuccess = () => show(all.result.slice(0, 12).map((r) => r.value.title).join('\\n'));
        return;
      }
      const rows = [];
      const cursor = index.openCursor(range, 'prev');
      cursor.onsuccess = () => {
        const at = cursor.result;
        if (at && rows.length < count) {
          rows.push(at.value.title);
          at.continue();
        } else {
          show(rows.slice(0, 12).join('\\n'));
        }
      };
    };
  };
})();
`;

/**
 * A copy of the built extension with the floor pages added: `blank.html`, an empty document
 * of the same origin opened the way the popup and the full view are, whose first frame is the
 * floor the page benchmarks divide by; and the read floor above. The shipped build is left as
 * built (benchmark 6 sizes it).
 */
export function withFloorPages(extensionDir: string): string {
  const copy = `${extensionDir}-bench`;
  rmSync(copy, { recursive: true, force: true });
  cpSync(extensionDir, copy, { recursive: true });
  writeFileSync(
    `${copy}/${BLANK_PAGE}`,
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title></head><body></body></html>\n',
  );
  writeFileSync(
    `${copy}/${READ_FLOOR_PAGE}`,
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>read floor</title>' +
      '<script src="/read-floor.js"></script></head><body></body></html>\n',
  );
  writeFileSync(`${copy}/read-floor.js`, READ_FLOOR_SCRIPT);
  return copy;
}
