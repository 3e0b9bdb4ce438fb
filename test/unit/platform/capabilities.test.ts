import { describe, expect, it } from 'vitest';
import { detectCapabilities, pageCapabilities } from '../../../lib/platform/capabilities';
import { alertServiceNotifications, richNotifications } from './fakes';

class FakeAudio {
  play = async () => undefined;
}

/** A service worker's install event with static routes (Chrome 123+). */
class RoutingInstallEvent {
  addRoutes() {
    return Promise.resolve();
  }
}

/** Chrome's worker, and what is found in it whether or not it has static routes. */
const serviceWorker = {
  notifications: richNotifications(),
  offscreen: { createDocument: async () => undefined },
};
const chromeWants = {
  permissionLevel: true,
  updateNotification: true,
  richNotifications: true,
  offscreen: true,
  backgroundAudio: false,
  backgroundDocument: false,
};

describe('detectCapabilities', () => {
  it.each([
    {
      name: 'a service worker with rich notifications and offscreen (Chrome, Edge)',
      env: { ...serviceWorker, InstallEvent: RoutingInstallEvent },
      want: { ...chromeWants, staticRoutes: true },
    },
    {
      name: 'a service worker without static routes (Chrome before 123)',
      env: { ...serviceWorker, InstallEvent: class {} },
      want: { ...chromeWants, staticRoutes: false },
    },
    {
      name: 'a background page with the alert service (Firefox)',
      env: { notifications: alertServiceNotifications(), Audio: FakeAudio, document },
      want: {
        permissionLevel: false,
        updateNotification: false,
        richNotifications: false,
        offscreen: false,
        backgroundAudio: true,
        backgroundDocument: true,
        staticRoutes: false,
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
        backgroundDocument: false,
        staticRoutes: false,
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
