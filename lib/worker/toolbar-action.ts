import type { Settings } from '../storage/settings';

/** The extension APIs the toolbar choice needs; `sidePanel` is missing where there is none. */
export interface ToolbarApi {
  action: { setPopup(details: { popup: string }): Promise<void> };
  sidePanel?: {
    setPanelBehavior(behavior: { openPanelOnActionClick: boolean }): Promise<void>;
  };
}

/** The popup page, as the manifest names it. */
export const POPUP_PAGE = 'popup.html';

/**
 * Makes the toolbar button (and `_execute_action`, its keyboard shortcut) open what the
 * settings choose. A button with a popup always opens the popup, so choosing the side panel
 * also removes the popup; choosing the popup puts it back. Where the browser has no side
 * panel API the popup stays. Applied at every worker start as well as on change, so the
 * choice holds whatever the browser kept across restarts.
 */
export async function applyToolbarChoice(
  api: ToolbarApi,
  choice: Settings['toolbarOpens'],
): Promise<void> {
  const panel = choice === 'sidePanel' && !!api.sidePanel;
  if (api.sidePanel) await api.sidePanel.setPanelBehavior({ openPanelOnActionClick: panel });
  await api.action.setPopup({ popup: panel ? '' : POPUP_PAGE });
}
