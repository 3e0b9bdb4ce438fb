import { describe, expect, it } from 'vitest';
import { normalizeSettings } from '../../../lib/storage/settings';
import { POPUP_PAGE, applyToolbarChoice } from '../../../lib/worker/toolbar-action';

function fakeApi(withPanel = true) {
  const state = { popup: POPUP_PAGE, openPanelOnActionClick: false };
  return {
    state,
    api: {
      action: { setPopup: async ({ popup }: { popup: string }) => void (state.popup = popup) },
      sidePanel: withPanel
        ? {
            setPanelBehavior: async (b: { openPanelOnActionClick: boolean }) =>
              void (state.openPanelOnActionClick = b.openPanelOnActionClick),
          }
        : undefined,
    },
  };
}

describe('toolbar choice', () => {
  it('opens the side panel instead of the popup, and back', async () => {
    const { api, state } = fakeApi();
    await applyToolbarChoice(api, 'sidePanel');
    expect(state).toEqual({ popup: '', openPanelOnActionClick: true });
    await applyToolbarChoice(api, 'popup');
    expect(state).toEqual({ popup: POPUP_PAGE, openPanelOnActionClick: false });
  });

  it('keeps the popup where the browser has no side panel', async () => {
    const { api, state } = fakeApi(false);
    await applyToolbarChoice(api, 'sidePanel');
    expect(state.popup).toBe(POPUP_PAGE);
  });

  it('reads only the two known choices from storage', () => {
    expect(normalizeSettings({ toolbarOpens: 'sidePanel' }).toolbarOpens).toBe('sidePanel');
    expect(normalizeSettings({ toolbarOpens: 'tab' }).toolbarOpens).toBe('popup');
    expect(normalizeSettings({}).toolbarOpens).toBe('popup');
  });
});
