import {
  createPageSoundPlayer,
  createSoundPlayer,
  type OffscreenApi,
} from '../notifications/sound';
import type { WorkerBrowser } from '../worker/browser';
import { detectCapabilities, type Capabilities } from './capabilities';
import { createFrameDocument } from './frame-document';
import { createOffscreenRenderer, type OffscreenRenderer } from './offscreen-render';
import {
  adaptNotifications,
  realTimers,
  type RawNotifications,
  type Timers,
} from './notifications';

/** The extension API as the background finds it, in any browser. */
export interface RawBrowser {
  runtime: WorkerBrowser['runtime'];
  storage: WorkerBrowser['storage'];
  tabs: WorkerBrowser['tabs'];
  notifications: RawNotifications;
  /** MV3 names the toolbar button `action`; MV2 (Firefox's background page) `browserAction`. */
  action?: WorkerBrowser['action'];
  browserAction?: WorkerBrowser['action'];
}

/** The background's globals the platform reads besides the extension API. */
export interface PlatformGlobals {
  offscreen?: OffscreenApi;
  Audio?: new (src: string) => { play(): Promise<void> };
  /** A service worker's install event type (its prototype tells whether it has static routes). */
  InstallEvent?: unknown;
  /** The background's own document, where it is a page (Firefox): it can hold a frame. */
  document?: Document;
  timers?: Timers;
}

export interface Platform {
  caps: Capabilities;
  /** The narrowed extension API the worker uses, alike in every browser. */
  browser: WorkerBrowser;
  playSound: () => Promise<void>;
  /**
   * Renders long content ahead of its opening, where the worker has a document to do it in:
   * Chrome's offscreen document, or the same page in a frame of a background page's own
   * document (Firefox); undefined elsewhere, where content renders on opening.
   */
  bodyRenderer?: OffscreenRenderer;
}

/**
 * Builds the worker's view of the browser from what this one offers (docs/architecture.md
 * §12): notifications adapted, the toolbar button under either name, and a sound player that
 * uses an offscreen document where the worker has no Audio.
 */
export function adaptBrowser(raw: RawBrowser, globals: PlatformGlobals): Platform {
  const caps = detectCapabilities({
    notifications: raw.notifications,
    offscreen: globals.offscreen,
    Audio: globals.Audio,
    InstallEvent: globals.InstallEvent,
    document: globals.document,
  });
  const action = raw.action ?? raw.browserAction;
  if (!action) throw new Error('This browser offers no toolbar button API (action)');
  const browser: WorkerBrowser = {
    runtime: raw.runtime,
    storage: raw.storage,
    tabs: raw.tabs,
    action,
    notifications: adaptNotifications(raw.notifications, caps, globals.timers),
  };
  const timers = globals.timers ?? realTimers;
  const renderDocument =
    caps.offscreen && globals.offscreen
      ? globals.offscreen
      : caps.backgroundDocument && globals.document
        ? createFrameDocument(
            globals.document,
            (path) => raw.runtime.getURL(path),
            (run, ms) => timers.setTimeout(run, ms),
          )
        : undefined;
  const bodyRenderer = renderDocument
    ? createOffscreenRenderer({ offscreen: renderDocument, runtime: raw.runtime, timers })
    : undefined;
  return { caps, browser, playSound: soundPlayer(caps, raw, globals), bodyRenderer };
}

function soundPlayer(
  caps: Capabilities,
  raw: RawBrowser,
  globals: PlatformGlobals,
): () => Promise<void> {
  if (caps.offscreen && globals.offscreen) {
    return createSoundPlayer({ offscreen: globals.offscreen, runtime: raw.runtime });
  }
  if (caps.backgroundAudio && globals.Audio) {
    return createPageSoundPlayer({ Audio: globals.Audio, runtime: raw.runtime });
  }
  return () => Promise.reject(new Error('This browser cannot play sound from the background'));
}
