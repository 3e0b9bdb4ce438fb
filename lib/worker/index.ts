import type { Clock } from '../clock';
import { t } from '../i18n';
import { ApiError, createApi } from '../push/api';
import { createBinding } from '../push/binding';
import { SCENE, catchUp } from '../push/catch-up';
import { createConnection, type ConnectionState, type WebSocketCtor } from '../push/connection';
import type { WxpDatabase } from '../storage/db';
import type { ServerFrame } from '../push/frames';
import { createIngest } from './ingest';
import { MAX_STORED_MESSAGES, createMessageStore } from '../storage/message-store';
import { createNotificationIcon } from '../notifications/icon';
import { createNotifier } from '../notifications/notifier';
import { badgeText } from '../notifications/mapper';
import { createOutbox } from '../storage/outbox';
import type { ChangeEvent, ConnectionView, UpdateNotice, WorkerStatus } from '../protocol';
import { resolveServer } from '../push/server-url';
import { DEFAULT_SETTINGS, createSettingsRepo, type Settings } from '../storage/settings';
import type { WorkerBrowser } from './browser';

/** Alarm names and periods. Unpacked extensions may go below 30 s; packed ones get 30 s. */
export const ALARMS = {
  watchdog: { name: 'wxp-watchdog', periodInMinutes: 0.5 },
  prune: { name: 'wxp-prune', periodInMinutes: 60 },
} as const;
/** Periodic catch-up while connected, in case a push was lost on the way. */
export const CATCH_UP_EVERY_MS = 5 * 60_000;
export const PUSH_TOKEN_KEY = 'pushToken';
/** createTime up to which every message is stored: the newest listed by the last complete catch-up. */
export const CATCH_UP_SINCE_KEY = 'catchUpSince';
/** A catch-up pages back this far past the last complete one (sends straddling it). */
export const CATCH_UP_OVERLAP_MS = 60_000;
/**
 * Past MAX_STORED_MESSAGES the store is pruned this far below it, so a stream at the cap
 * prunes once per this many messages rather than on every write (issue 6, storage pressure).
 */
export const PRUNE_HEADROOM = 200;

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
}

function platformName(os: string): string {
  if (os === 'win') return 'Chrome-Windows';
  if (os === 'mac') return 'Chrome-Mac';
  return 'Chrome-Other';
}

/**
 * The background worker's core: binding, connection, store, notifications, badge. Built with
 * injected dependencies; `entrypoints/background` registers the listeners and wires it up.
 */
export function createWorkerCore(deps: WorkerDeps) {
  const { browser, clock } = deps;
  const settingsRepo = createSettingsRepo(browser.storage.local);
  let settings: Settings = DEFAULT_SETTINGS;
  let server = resolveServer(deps.defaultServer);
  let platform = 'Chrome-Other';
  let deviceName = 'Chrome-Other';
  /** The pushToken of the open connection (from its 202); '' while not connected. */
  let pushToken = '';
  /** The last pushToken seen, presented on the next dial so the server reuses it. */
  let knownPushToken = '';
  let pushTokenWaiters: ((token: string) => void)[] = [];
  let lastError: string | null = null;
  let update: UpdateNotice | null = null;
  let lastCatchUpAt = 0;
  /** See CATCH_UP_SINCE_KEY; 0 until a catch-up completed (then it pages back 24 h). */
  let catchUpSince = 0;
  let catchingUp: Promise<void> | null = null;
  /** Stored messages as of the last prune plus those added since (deletes make it high). */
  let storedEstimate = 0;
  let db!: WxpDatabase;
  let store!: ReturnType<typeof createMessageStore>;
  let outbox!: ReturnType<typeof createOutbox>;
  let notificationPermission: WorkerStatus['notificationPermission'] = 'unknown';

  const changed = (event: ChangeEvent) => {
    try {
      deps.broadcast(event);
    } catch {
      // No page is listening: nothing to tell.
    }
  };
  const statusChanged = () => changed({ type: 'status' });

  const api = createApi({
    baseUrl: () => server.baseUrl,
    fetch: (...args) => deps.fetch(...args),
    headers: () => ({ platform, version: deps.version, deviceToken: binding.token() }),
  });

  const binding = createBinding({
    api,
    area: browser.storage.local,
    clock,
    get deviceName() {
      return deviceName;
    },
    get platform() {
      return platform;
    },
    pushToken: () =>
      pushToken
        ? Promise.resolve(pushToken)
        : new Promise<string>((resolve, reject) => {
            pushTokenWaiters.push(resolve);
            connection.reconnectNow('login');
            clock.setTimeout(() => reject(new Error(t('errNoConnection'))), 15_000);
          }),
    onChange: statusChanged,
    onBound: () => {
      if (pushToken) void runCatchUp(SCENE.RESUME, false);
    },
  });

  const notificationIcon = createNotificationIcon(browser.runtime.getURL('/icon/128.png'));
  const notifier = createNotifier({
    notifications: browser.notifications,
    clock,
    settings: () => settings,
    playSound: deps.playSound,
    iconUrl: notificationIcon.url,
    labels: {
      fallbackTitle: 'WxPusher',
      openLink: t('notifOpenLink'),
      markRead: t('notifMarkRead'),
      summaryTitle: t('notifSummaryTitle'),
      summaryMessage: t('notifSummaryMessage'),
    },
    onError: (error) => {
      lastError = `${t('errNotification')} ${(error as Error).message}`;
    },
  });

  async function updateBadge() {
    const unread = await store.unreadCount();
    await browser.action.setBadgeText({ text: badgeText(unread) });
  }

  const ingest = createIngest({
    now: () => clock.now(),
    put: (messages, now) => store.putMany(messages, now),
    notify: (messages) => notifier.notify(messages),
    afterWrite: async (result) => {
      await updateBadge();
      changed({
        type: 'messages',
        added: result.added.map((m) => m.mid),
        changed: result.markedRead,
        removed: [],
      });
      storedEstimate += result.added.length;
      if (storedEstimate > MAX_STORED_MESSAGES) await prune(MAX_STORED_MESSAGES - PRUNE_HEADROOM);
    },
    onError: (error) => {
      lastError = (error as Error).message;
      statusChanged();
    },
  });

  async function handleApiError(error: unknown) {
    if (error instanceof ApiError && error.unauthorized) await binding.expire(error.message);
  }

  function runCatchUp(scene: number, notify: boolean): Promise<void> {
    if (!binding.isBound()) return Promise.resolve();
    catchingUp ??= (async () => {
      try {
        await outbox.flush();
        const result = await catchUp({
          api,
          now: () => clock.now(),
          scene,
          ingest: async (page) => ({ added: (await ingest.add(page, notify)).added.length }),
          since: catchUpSince > 0 ? catchUpSince - CATCH_UP_OVERLAP_MS : 0,
        });
        lastCatchUpAt = clock.now();
        // Kept in storage: a stopped worker's successor must page back past its gap too.
        if (result.newest !== undefined && result.newest > catchUpSince) {
          catchUpSince = result.newest;
          await browser.storage.local.set({ [CATCH_UP_SINCE_KEY]: catchUpSince });
        }
      } catch (error) {
        await handleApiError(error);
      } finally {
        catchingUp = null;
      }
    })();
    return catchingUp;
  }

  function onFrame(frame: ServerFrame) {
    switch (frame.msgType) {
      case 202:
        pushToken = frame.pushToken;
        if (knownPushToken !== pushToken) {
          knownPushToken = pushToken;
          void browser.storage.local.set({ [PUSH_TOKEN_KEY]: pushToken });
        }
        for (const resolve of pushTokenWaiters) resolve(pushToken);
        pushTokenWaiters = [];
        lastError = null;
        void binding.onPushToken(pushToken).then(() => runCatchUp(SCENE.RESUME, true));
        statusChanged();
        break;
      case 203:
        lastError = frame.msg || t('errServerClosed');
        statusChanged();
        break;
      case 204:
        update = {
          title: frame.title,
          content: frame.content,
          version: frame.version,
          url: frame.url,
          must: frame.must,
        };
        statusChanged();
        break;
      case 20001: {
        if (!binding.isBound()) return;
        const { msgType: _, createTime, ...fields } = frame;
        void ingest.add([{ ...fields, createTime: createTime ?? clock.now() }], true);
        break;
      }
      default:
        break;
    }
  }

  const connection = createConnection({
    url: () =>
      `${server.wsUrl}/ws?version=${encodeURIComponent(deps.version)}&platform=${encodeURIComponent(platform)}` +
      (knownPushToken ? `&pushToken=${encodeURIComponent(knownPushToken)}` : ''),
    WebSocket: deps.WebSocket,
    clock,
    random: deps.random,
    onFrame,
    // Rejected frames are counted by the connection (status counters); nothing else to do.
    onReject: () => undefined,
    onError: (error) => {
      lastError = `Internal error: ${(error as Error)?.message ?? String(error)}`;
      console.error('connection callback failed', error);
    },
    onStateChange: (state) => {
      if (state.kind !== 'open') pushToken = '';
      statusChanged();
    },
  });

  function connectionView(state: ConnectionState): ConnectionView {
    switch (state.kind) {
      case 'open':
        return { kind: 'connected', since: state.since };
      case 'connecting':
        return { kind: 'connecting' };
      case 'backoff':
        return { kind: 'retrying', retryAt: state.retryAt, error: state.lastError };
      default:
        return { kind: 'offline' };
    }
  }

  async function init() {
    db = await deps.openDb();
    store = createMessageStore(db);
    outbox = createOutbox({
      db,
      api,
      now: () => clock.now(),
      onUnauthorized: (message) => binding.expire(message),
    });
    settings = await settingsRepo.load();
    server = resolveServer(settings.serverUrl || deps.defaultServer);
    const stored = await browser.storage.local.get([PUSH_TOKEN_KEY, CATCH_UP_SINCE_KEY]);
    const since = stored[CATCH_UP_SINCE_KEY];
    if (typeof since === 'number' && Number.isFinite(since)) catchUpSince = since;
    // The last pushToken is presented again so the server keeps this browser's identity.
    const savedToken = stored[PUSH_TOKEN_KEY];
    const info = await browser.runtime.getPlatformInfo();
    platform = platformName(info.os);
    deviceName = `${platform}-${info.arch.replace(/_/g, '-')}`;
    if (typeof savedToken === 'string') knownPushToken = savedToken;
    await binding.load();
    connection.start();
    await updateBadge();
    await prune();
    notificationPermission = (await browser.notifications
      .getPermissionLevel()
      .catch(() => 'unknown')) as WorkerStatus['notificationPermission'];
  }

  /** Retention and the size cap: drops what is too old, then the oldest past `maxCount`. */
  async function prune(maxCount = MAX_STORED_MESSAGES) {
    const olderThan = clock.now() - settings.retentionDays * 24 * 60 * 60_000;
    const dropped = await store.prune(olderThan, maxCount);
    storedEstimate = await store.count();
    if (dropped.length > 0) {
      await updateBadge();
      changed({ type: 'messages', added: [], changed: [], removed: dropped });
    }
  }

  return {
    init,
    api,
    binding,
    connection,
    notifier,
    get store() {
      return store;
    },
    get outbox() {
      return outbox;
    },
    get settings() {
      return settings;
    },
    settingsRepo,
    updateBadge,
    prune,
    runCatchUp,
    changed,
    handleApiError,
    /** Called when settings changed in storage (from the options page). */
    async reloadSettings() {
      const next = await settingsRepo.load();
      const serverChanged = (next.serverUrl || deps.defaultServer) !== server.baseUrl;
      settings = next;
      if (serverChanged) {
        // A different server means a different account: unbind and dial the new one.
        await binding.unbind();
        server = resolveServer(next.serverUrl || deps.defaultServer);
        pushToken = '';
        knownPushToken = '';
        catchUpSince = 0;
        await browser.storage.local.remove(PUSH_TOKEN_KEY);
        await browser.storage.local.remove(CATCH_UP_SINCE_KEY);
        connection.restart();
      }
      await prune();
      statusChanged();
    },
    /** Periodic work from the watchdog alarm. */
    async tick() {
      // start(), not reconnectNow(): a connection waiting out its backoff keeps its schedule
      // (a watchdog every 30 s must not turn a 120 s backoff into 30 s); a fresh worker dials.
      connection.start();
      await outbox.flush();
      if (clock.now() - lastCatchUpAt >= CATCH_UP_EVERY_MS) await runCatchUp(SCENE.AUTO, true);
    },
    async refreshPermission() {
      notificationPermission = (await browser.notifications
        .getPermissionLevel()
        .catch(() => 'unknown')) as WorkerStatus['notificationPermission'];
    },
    async status(): Promise<WorkerStatus> {
      const stats = connection.getStats();
      return {
        serverUrl: server.baseUrl,
        binding: binding.getState(),
        connection: connectionView(connection.getState()),
        lastConnectedAt: stats.lastConnectedAt ?? null,
        lastMessageAt: ingest.lastMessageAt(),
        notificationPermission,
        lastError,
        update,
        counters: {
          framesReceived: stats.framesReceived,
          framesRejected: stats.framesRejected,
          messagesStored: ingest.storedCount(),
          notificationsRaised: notifier.raisedCount(),
          outboxPending: await outbox.pending(),
        },
      };
    },
  };
}

export type WorkerCore = ReturnType<typeof createWorkerCore>;
