import { signal } from '@preact/signals';

/**
 * The manifest's command that opens what the toolbar button opens (popup or side panel); an
 * MV2 build (Firefox) names it after browser_action.
 */
export const OPEN_COMMANDS = ['_execute_action', '_execute_browser_action'];
/** Chrome's page where the user changes extension shortcuts. */
export const CHROME_SHORTCUTS_PAGE = 'chrome://extensions/shortcuts';

export interface ToolbarOptionsDeps {
  /** `commands.getAll`: each command with the shortcut the user (or the default) gave it. */
  getCommands: () => Promise<Array<{ name?: string; shortcut?: string }>>;
  /** Opens the browser's shortcuts page (a tab: a page link to it is refused). */
  openShortcutsPage: () => Promise<void>;
  /** Whether this browser has a side panel for extensions (Chrome's `sidePanel`). */
  hasSidePanel: boolean;
}

/**
 * The options page's toolbar part: the keyboard shortcut as the browser has it now (read,
 * never assumed: the user or another extension may have changed or taken it), the way to
 * change it, and whether a side panel can be chosen.
 */
export function createToolbarOptions(deps: ToolbarOptionsDeps) {
  /** The shortcut ('' when none is set); undefined until read. */
  const shortcut = signal<string | undefined>(undefined);
  const error = signal<string | null>(null);
  return {
    shortcut,
    error,
    hasSidePanel: deps.hasSidePanel,
    async load(): Promise<void> {
      try {
        const commands = await deps.getCommands();
        shortcut.value = commands.find((c) => OPEN_COMMANDS.includes(c.name ?? ''))?.shortcut ?? '';
      } catch (e) {
        error.value = (e as Error).message;
      }
    },
    async openShortcuts(): Promise<void> {
      try {
        await deps.openShortcutsPage();
      } catch (e) {
        error.value = (e as Error).message;
      }
    },
  };
}

export type ToolbarOptions = ReturnType<typeof createToolbarOptions>;
