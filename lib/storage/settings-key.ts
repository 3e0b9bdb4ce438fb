/** The `storage.local` key the settings live under (docs/architecture.md §4). */
export const SETTINGS_KEY = 'settings';
