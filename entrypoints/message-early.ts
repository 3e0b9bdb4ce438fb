/**
 * The full message view's reads, started while the page's code still loads
 * (docs/architecture.md §7). A classic script of its own (`message-early.js`, ~1 KB: no idb,
 * no UI framework), run `async` as soon as it arrives: the database open, the row's read and
 * the settings' read overlap fetching, compiling and running the page's code instead of
 * following it. message/mount.tsx takes what this found; when it found nothing usable (no
 * database yet, an older version to upgrade, an error), the page opens the database the usual
 * way (lib/storage/db.ts), which also upgrades it. Built on its own, as an unlisted script.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startEarlyRead } from './message/early-read';

export default defineUnlistedScript(startEarlyRead);
