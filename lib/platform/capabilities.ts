/**
 * What this browser's extension API offers, found by looking for it: the one place where the
 * browsers differ (docs/architecture.md §12). Nothing else asks which browser it runs in.
 *
 * Chrome and Edge run the worker as a service worker with Chrome's rich notifications; Firefox
 * runs it in a background page (it has a DOM) and shows notifications through its alert
 * service, which has no buttons, no "stay on screen", no silent flag, no in-place update and no
 * permission level.
 */
export interface Capabilities {
  /** `notifications.getPermissionLevel`: the browser can say its notifications are off. */
  permissionLevel: boolean;
  /** `notifications.update`: a burst's summary changes its count in place. */
  updateNotification: boolean;
  /**
   * Buttons, `requireInteraction` and `silent` on a notification. They come with Chrome's rich
   * notifications, the implementation that also offers `update`; the alert-service kind refuses
   * a notification that names them ("Unexpected property"), so they must be left out there.
   */
  richNotifications: boolean;
  /** `offscreen` documents: how a service worker, which has no Audio, plays a sound. */
  offscreen: boolean;
  /** `Audio` in the background context itself (a background page, not a service worker). */
  backgroundAudio: boolean;
  /**
   * A document of the background's own (a background page): long content is rendered ahead
   * of its opening in a frame of it (frame-document.ts), where a service worker uses
   * `offscreen`.
   */
  backgroundDocument: boolean;
  /**
   * `InstallEvent.addRoutes` (Chrome 123+): a service worker whose fetch listener sees only the
   * requests its static routes send it, so it can serve the full view, the popup and the side
   * panel (worker/served-pages.ts) without every other request of every page waking it.
   */
  staticRoutes: boolean;
}

/** The globals the detection reads; the background passes its own, tests pass fakes. */
export interface CapabilityEnv {
  notifications?: object;
  offscreen?: unknown;
  Audio?: unknown;
  InstallEvent?: unknown;
  document?: unknown;
}

const hasFunction = (api: object | undefined, name: string): boolean =>
  !!api && typeof (api as Record<string, unknown>)[name] === 'function';

export function detectCapabilities(env: CapabilityEnv): Capabilities {
  const updateNotification = hasFunction(env.notifications, 'update');
  return {
    permissionLevel: hasFunction(env.notifications, 'getPermissionLevel'),
    updateNotification,
    richNotifications: updateNotification,
    offscreen: hasFunction(env.offscreen as object | undefined, 'createDocument'),
    backgroundAudio: typeof env.Audio === 'function',
    backgroundDocument: hasFunction(env.document as object | undefined, 'createElement'),
    staticRoutes: hasFunction(
      (env.InstallEvent as { prototype?: object } | undefined)?.prototype,
      'addRoutes',
    ),
  };
}

/** What pages show or hide by the browser's abilities (the options page's sticky switch). */
export interface PageCapabilities {
  stickyNotifications: boolean;
}

export function pageCapabilities(caps: Capabilities): PageCapabilities {
  return { stickyNotifications: caps.richNotifications };
}
