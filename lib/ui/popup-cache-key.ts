/**
 * The localStorage key of the popup's remembered entry (popup-cache.ts, list-snapshot.ts,
 * public/list-boot.js). A module of its own so that the full view, which patches that entry,
 * loads the key and not the popup's cache code (docs/architecture.md §7).
 */
export const POPUP_CACHE_KEY = 'wxp-popup-v1';
