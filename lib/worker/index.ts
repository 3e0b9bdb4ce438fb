import type { Clock } from '../clock';
import { t } from '../i18n';
import { createNotificationIcon } from '../notifications/icon';
import { createNotifier } from '../notifications/notifier';
import { createNotificationImages } from '../notifications/notification-image';
import type { RenderedBody } from '../message';
import type { ChangeEvent } from '../protocol';
import type { RenderInput } from '../render/types';
import { createApi } from '../push/api';
import { BINDING_KEY, createBinding, type BindingTarget } from '../push/binding';
import { createServerClock } from '../push/server-clock';
import { createAccounts } from '../storage/accounts';
import { SCENE } from '../push/catch-up';
import type { WebSocketCtor } from '../push/connection';
import { probeServer } from '../push/network-watch';
import type { WxpDatabase } from '../storage/db';
import { createMessageStore } from '../storage/message-store';
import { createOutbox } from '../storage/outbox';
import { createSettingsRepo } from '../storage/settings';
import { toListRow } from '../ui/list-row';
import { CACHED_ROWS, cachedRows } from '../ui/popup-cache';
import type { ServedList } from '../ui/served-list';
import type { ServedRow } from '../ui/served-row';
import { STARTUP_PRUNE_DELAY_MS, watchdogTick } from './alarms';
import { clearAllNotifications, type WorkerBrowser } from './browser';
import { createChanges } from './changes';
import { createFirstRows } from './first-rows';
import { createCurrentSettings } from './current-settings';
import { releaseHostPermission } from './host-permission';
import { createIngest } from './ingest';
import { createMessageActions } from './message-actions';
import { createPlatform } from './platform';
import { notificationProblem, storeProblem } from './problems';
import { createPrerender } from './prerender';
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
  /** Renders long content ahead of its opening, where the browser allows (lib/platform). */
  renderBody?: (input: RenderInput) => Promise<RenderedBody>;
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
  const broadcast = createChanges(deps.broadcast);
  /** The broadcast, and what the worker keeps of the list for the pages it serves. */
  const changes: typeof broadcast = {
    ...broadcast,
    messages: (account, change) => {
      firstRows.changed();
      broadcast.messages(account, change);
    },
  };
  const status = createStatus({ notifications: browser.notifications, changes });

  const serverClock = createServerClock({ clock, area });
  const api = createApi({
    baseUrl: () => current.server().baseUrl,
    fetch: (...args) => deps.fetch(...args),
    headers: () => ({
      platform: platform.name(),
      version: deps.version,
      deviceToken: binding.token(),
    }),
    now,
    onServerTime: (serverTime, localTime) => serverClock.dateHeader(serverTime, localTime),
  });
  const accounts = createAccounts(db);

  const binding = createBinding({
    api,
    area,
    clock,
    server: () => current.server().baseUrl,
    accounts,
    toLocalTime: serverClock.toLocal,
    deviceName: platform.deviceName,
    platform: platform.name,
    pushToken: () => session.waitForPushToken(),
    onChange: status.changed,
    onBound: () => session.bound(),
    // The server routes to this socket only now: catch up on what went elsewhere meanwhile.
    onRegistered: () => void sync.run(SCENE.RESUME, true),
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
    // Worded when first needed: the first catalogue read of a worker just started took 3–22
    // ms (measured at relaunches), which would otherwise come before the socket dials.
    labels: {
      fallbackTitle: 'WxPusher',
      get openLink() {
        return t('notifOpenLink');
      },
      get markRead() {
        return t('notifMarkRead');
      },
      get summaryTitle() {
        return t('notifSummaryTitle');
      },
      get summaryMessage() {
        return t('notifSummaryMessage');
      },
    },
    onError: (error, what) => {
      status.setError(notificationProblem(error, what));
      status.changed();
    },
    onRaised: (id, m) => void images.attach(id, m),
  });

  const store = createMessageStore(db);
  const prerender = deps.renderBody
    ? createPrerender({
        render: deps.renderBody,
        store,
        // Not the user's problem: the message renders on opening instead.
        onError: (error) =>
          console.warn('A message was not rendered ahead; it renders when opened', error),
      })
    : null;
  const outbox = createOutbox({ db, now });
  /** Sends what the bound account owes, to its own server only (docs/architecture.md §4). */
  const flush = async (target: BindingTarget | null = binding.target()) => {
    if (!target) return;
    await outbox.flush({
      account: target.account,
      api: target.api,
      onUnauthorized: (message) => binding.expire({ server: message }, target),
      onDeleted: (mids) => store.forgetUndo(target.account, mids),
    });
  };
  const actions = createMessageActions({
    store,
    outbox,
    flush: () => flush(),
    notifier,
    setBadgeText: (text) => browser.action.setBadgeText({ text }),
    changes,
    currentAccount: () => binding.account(),
    now,
    serverNow: serverClock.now,
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    retentionDays: () => current.get().retentionDays,
  });

  const ingest = createIngest({
    clock,
    serverNow: serverClock.now,
    put: (account, messages, at) => store.putMany(account, messages, at),
    known: store.known,
    isCurrent: (account) => account === binding.account(),
    notify: (messages) => notifier.notify(messages),
    afterWrite: async (account, result) => {
      await actions.stored(account, result);
      prerender?.add(account, result.added);
    },
    onError: (error) => {
      status.setError(storeProblem(error));
      status.changed();
    },
  });

  const sync = createSync({
    binding,
    flush,
    ingest,
    area,
    clock,
    serverNow: serverClock.now,
  });

  const session = createPushSession({
    WebSocket: deps.WebSocket,
    clock,
    random: deps.random,
    area,
    wsUrl: () => current.server().wsUrl,
    serverUrl: () => current.server().baseUrl,
    version: deps.version,
    platform: platform.name,
    binding,
    ingest,
    sync,
    serverClock,
    status,
    network: {
      onLine: deps.onLine,
      probe: () => probeServer(deps.fetch, current.server().baseUrl),
      // Any extension API call keeps Chrome from stopping the worker (push/network-watch.ts).
      keepAlive: () => void browser.runtime.getPlatformInfo().catch(() => undefined),
    },
  });
  const { connection } = session;
  const outboxView = { pending: () => outbox.pending(binding.account() ?? -1) };
  /** The bound account's messages, for callers that name no account (notification clicks). */
  const boundMessages = {
    get: async (mid: number) => {
      const account = binding.account();
      return account === null ? undefined : store.get(account, mid);
    },
    markRead: async (mids: number[], read: boolean) => {
      const account = binding.account();
      if (account !== null) await actions.markRead(account, mids, read);
    },
  };
  /**
   * The row a served full view shows (served-pages.ts), `account`'s, else the bound one's, with
   * the `blockImages` setting read from storage as the page would read it, beside the row.
   */
  const servedRow = async (mid: number, named: number | null): Promise<ServedRow | null> => {
    const account = named ?? binding.account();
    if (account === null) return null;
    const [message, blockImages] = await Promise.all([
      store.get(account, mid),
      settingsRepo.load().then(
        (settings) => settings.blockImages,
        () => undefined,
      ),
    ]);
    if (!message) return null;
    return blockImages === undefined ? { account, message } : { account, message, blockImages };
  };

  const statusNow = () =>
    status.snapshot({
      serverUrl: current.server().baseUrl,
      binding,
      connection,
      ingest,
      notifier,
      outbox: outboxView,
    });

  /** The bound account's newest rows as the list pages show them, kept between opens. */
  const firstRows = createFirstRows({
    read: async (account) =>
      cachedRows((await store.list(account, { limit: CACHED_ROWS })).map(toListRow)),
    clock,
    bound: () => binding.account(),
  });
  /**
   * The status and the bound account's newest rows for a list page the worker serves with no
   * kept markup (served-pages.ts); null while not bound. The status as last known (the page
   * asks for a fresh one, which replaces it).
   */
  const servedList = async (): Promise<ServedList | null> => {
    const account = binding.account();
    if (account === null) return null;
    const [rows, shown] = await Promise.all([firstRows.get(account), statusNow()]);
    return shown.binding.kind === 'bound' ? { status: shown, rows } : null;
  };

  return {
    api,
    binding,
    connection,
    notifier,
    store,
    outbox,
    flush,
    actions,
    boundMessages,
    servedRow,
    servedList,
    sync,
    settingsRepo,

    async init(): Promise<void> {
      // Independent reads, all at once; the socket dials as soon as the ones it needs are in
      // (which server, the last pushToken and backoff, the platform): a relaunch's backlog
      // waits for that dial (docs/architecture.md §3). The binding needs the settings and the
      // database (the current account); what the socket receives before it is read waits.
      // The binding's storage read goes beside the database's opening, not after it: at
      // relaunches it answered up to 105 ms after the opening (docs/architecture.md §3).
      const bindingRead = area.get(BINDING_KEY);
      // Awaited once the database is open: a failure before then is handled there.
      bindingRead.catch(() => undefined);
      const dialed = Promise.all([current.load(), session.load(), platform.load()]).then(() =>
        session.start(),
      );
      await Promise.all([db, dialed, serverClock.load(), sync.load()]);
      await binding.load(bindingRead);
      session.resume();
      // Read the bound account's ids while the socket dials: until they are in, pushes are
      // stored before they notify (worker/ingest.ts).
      const bound = binding.account();
      if (bound !== null) void store.known.load(bound);
      // An index missing after an upgrade (or a failed write) is built once the worker is up.
      if (bound !== null) void store.indexSearch(bound);
      await actions.updateBadge();
      // Retention waits: its read-write pass over the store, queued now, would hold a
      // relaunch's first writes behind it (docs/architecture.md §3). The hourly alarm prunes
      // should this worker stop before then.
      clock.setTimeout(
        () => void actions.prune().catch((error: unknown) => console.error('prune failed', error)),
        STARTUP_PRUNE_DELAY_MS,
      );
      await status.refreshPermission();
    },

    /** Called when settings changed in storage (from the options page). */
    async reloadSettings(): Promise<void> {
      if (await current.reload()) {
        // A different server means a different account: unbind (on the old server) and dial
        // the new one. The old account's history stays, as an earlier account's; its queued
        // calls wait for it to be bound again; its notifications would open the wrong message.
        const left = current.server();
        await binding.unbind();
        current.switchServer();
        await releaseHostPermission(
          browser.permissions,
          left,
          current.server(),
          deps.defaultServer,
        );
        await session.forget();
        await sync.forget();
        await serverClock.forget();
        await clearAllNotifications(browser.notifications);
        await actions.updateBadge();
        connection.restart();
      }
      await actions.prune();
      status.changed();
    },

    /** Periodic work from the watchdog alarm. */
    tick: () => watchdogTick({ connection, flush: () => flush(), sync }),

    refreshPermission: status.refreshPermission,

    status: statusNow,
  };
}

export type WorkerCore = ReturnType<typeof createWorkerCore>;
