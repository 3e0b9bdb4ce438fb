import type { Clock } from '../clock';
import { t } from '../i18n';
import { createNotificationIcon } from '../notifications/icon';
import { createNotifier } from '../notifications/notifier';
import { createNotificationImages } from '../notifications/notification-image';
import type { ChangeEvent } from '../protocol';
import { createApi } from '../push/api';
import { createBinding } from '../push/binding';
import { SCENE } from '../push/catch-up';
import type { WebSocketCtor } from '../push/connection';
import { probeServer } from '../push/network-watch';
import type { WxpDatabase } from '../storage/db';
import { createMessageStore } from '../storage/message-store';
import { createOutbox } from '../storage/outbox';
import { createSettingsRepo } from '../storage/settings';
import { watchdogTick } from './alarms';
import type { WorkerBrowser } from './browser';
import { createChanges } from './changes';
import { createCurrentSettings } from './current-settings';
import { createIngest } from './ingest';
import { createMessageActions } from './message-actions';
import { createPlatform } from './platform';
import { notificationProblem, storeProblem } from './problems';
import { createPushSession } from './push-session';
import { createStatus } from './status';
import { createSync } from './sync';

export interface WorkerDeps {
  browser: WorkerBrowser;
  WebSocket: WebSocketCtor;
  fetch: typeof fetch;
  clock: Clock;
  random: () => number;
  openDb: () => Promise<WxpDatabase>;
  broadcast: (event: ChangeEvent) => void;
  playSound: () => Promise<void>;
  /** The built-in server base URL (the real service unless built with WXP_SERVER). */
  defaultServer: string;
  version: string;
  /** `navigator.onLine`: false when the browser knows it has no network. */
  onLine: () => boolean;
}

/**
 * The background worker's core, built from injected dependencies (docs/architecture.md §3):
 * this module only builds the parts and wires them together. `entrypoints/background` registers
 * the listeners and calls `init()` once.
 */
export function createWorkerCore(deps: WorkerDeps) {
  const { browser, clock } = deps;
  const area = browser.storage.local;
  const now = () => clock.now();
  // Opening starts now; the store and outbox wait for it, init() surfaces its failure.
  const db = deps.openDb();
  const settingsRepo = createSettingsRepo(area);
  const current = createCurrentSettings(settingsRepo, deps.defaultServer);
  const platform = createPlatform(browser.runtime);
  const changes = createChanges(deps.broadcast);
  const status = createStatus({ notifications: browser.notifications, changes });

  const api = createApi({
    baseUrl: () => current.server().baseUrl,
    fetch: (...args) => deps.fetch(...args),
    headers: () => ({
      platform: platform.name(),
      version: deps.version,
      deviceToken: binding.token(),
    }),
  });

  const binding = createBinding({
    api,
    area,
    clock,
    deviceName: platform.deviceName,
    platform: platform.name,
    pushToken: () => session.waitForPushToken(),
    onChange: status.changed,
    onBound: () => {
      if (session.pushToken()) void sync.run(SCENE.RESUME, false);
    },
  });

  const images = createNotificationImages({
    notifications: browser.notifications,
    fetch: (...args) => deps.fetch(...args),
    blockImages: () => current.get().blockImages,
  });
  const notificationIcon = createNotificationIcon(browser.runtime.getURL('/icon/128.png'));
  const notifier = createNotifier({
    notifications: browser.notifications,
    clock,
    settings: current.get,
    playSound: deps.playSound,
    iconUrl: notificationIcon.url,
    labels: {
      fallbackTitle: 'WxPusher',
      openLink: t('notifOpenLink'),
      markRead: t('notifMarkRead'),
      summaryTitle: t('notifSummaryTitle'),
      summaryMessage: t('notifSummaryMessage'),
    },
    onError: (error, what) => {
      status.setError(notificationProblem(error, what));
      status.changed();
    },
    onRaised: (id, m) => void images.attach(id, m),
  });

  const store = createMessageStore(db);
  const outbox = createOutbox({
    db,
    api,
    now,
    onUnauthorized: (msg) => binding.expire({ server: msg }),
  });
  const actions = createMessageActions({
    store,
    outbox,
    notifier,
    setBadgeText: (text) => browser.action.setBadgeText({ text }),
    changes,
    now,
    retentionDays: () => current.get().retentionDays,
  });

  const ingest = createIngest({
    now,
    put: (messages, at) => store.putMany(messages, at),
    notify: (messages) => notifier.notify(messages),
    afterWrite: (result) => actions.stored(result),
    onError: (error) => {
      status.setError(storeProblem(error));
      status.changed();
    },
  });

  const sync = createSync({ api, binding, outbox, ingest, area, clock });

  const session = createPushSession({
    WebSocket: deps.WebSocket,
    clock,
    random: deps.random,
    area,
    wsUrl: () => current.server().wsUrl,
    version: deps.version,
    platform: platform.name,
    binding,
    ingest,
    sync,
    status,
    network: {
      onLine: deps.onLine,
      probe: () => probeServer(deps.fetch, current.server().baseUrl),
      // Any extension API call keeps Chrome from stopping the worker (push/network-watch.ts).
      keepAlive: () => void browser.runtime.getPlatformInfo().catch(() => undefined),
    },
  });
  const { connection } = session;

  return {
    api,
    binding,
    connection,
    notifier,
    store,
    outbox,
    actions,
    sync,
    settingsRepo,

    async init(): Promise<void> {
      await db;
      await current.load();
      await sync.load();
      await session.load();
      await platform.load();
      await binding.load();
      session.start();
      await actions.updateBadge();
      await actions.prune();
      await status.refreshPermission();
    },

    /** Called when settings changed in storage (from the options page). */
    async reloadSettings(): Promise<void> {
      if (await current.reload()) {
        // A different server means a different account: unbind and dial the new one.
        await binding.unbind();
        current.switchServer();
        await session.forget();
        await sync.forget();
        connection.restart();
      }
      await actions.prune();
      status.changed();
    },

    /** Periodic work from the watchdog alarm. */
    tick: () => watchdogTick({ connection, outbox, sync }),

    refreshPermission: status.refreshPermission,

    status: () =>
      status.snapshot({
        serverUrl: current.server().baseUrl,
        binding,
        connection,
        ingest,
        notifier,
        outbox,
      }),
  };
}

export type WorkerCore = ReturnType<typeof createWorkerCore>;
