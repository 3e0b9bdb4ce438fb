import { describe, expect, it } from 'vitest';
import { detectCapabilities, pageCapabilities } from '../../../lib/platform/capabilities';
import { alertServiceNotifications, richNotifications } from './fakes';

class FakeAudio {
  play = async () => undefined;
}

describe('detectCapabilities', () => {
  it.each([
    {
      name: 'a service worker with rich notifications and offscreen (Chrome, Edge)',
      env: {
        notifications: richNotifications(),
        offscreen: { createDocument: async () => undefined },
      },
      want: {
        permissionLevel: true,
        updateNotification: true,
        richNotifications: true,
        offscreen: true,
        backgroundAudio: false,
      },
    },
    {
      name: 'a background page with the alert service (Firefox)',
      env: { notifications: alertServiceNotifications(), Audio: FakeAudio },
      want: {
        permissionLevel: false,
        updateNotification: false,
        richNotifications: false,
        offscreen: false,
        backgroundAudio: true,
      },
    },
    {
      name: 'nothing at all',
      env: {},
      want: {
        permissionLevel: false,
        updateNotification: false,
        richNotifications: false,
        offscreen: false,
        backgroundAudio: false,
      },
    },
  ])('$name', ({ env, want }) => {
    expect(detectCapabilities(env)).toEqual(want);
  });

  it('offers sticky notifications to pages only where they exist', () => {
    const chrome = detectCapabilities({ notifications: richNotifications() });
    const firefox = detectCapabilities({ notifications: alertServiceNotifications() });
    expect(pageCapabilities(chrome)).toEqual({ stickyNotifications: true });
    expect(pageCapabilities(firefox)).toEqual({ stickyNotifications: false });
  });
});
