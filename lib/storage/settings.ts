import { ProblemError } from '../problem';
import { resolveServer } from '../push/server-url';
import { SETTINGS_KEY } from './settings-key';

/**
 * User settings, kept in `storage.local` under one key. Defaults define the type; whatever is
 * read back is validated field by field, so a damaged or older value can never break the worker.
 * That is also why there is no version number: an older shape reads as it is, a missing field
 * takes its default. A change that cannot be read that way would bring one, with a migration.
 */
export const DEFAULT_SETTINGS = {
  /** Empty means the built-in default server. */
  serverUrl: '',
  notificationsEnabled: true,
  /** Notifications stay on screen until dismissed. */
  requireInteraction: true,
  sound: true,
  quietHours: { enabled: false, start: '22:00', end: '07:00' },
  /** App (sender) names whose messages are stored but not notified. */
  mutedApps: [] as string[],
  retentionDays: 7,
  blockImages: false,
  /** What the toolbar button (and its keyboard shortcut) opens: the popup or the side panel. */
  toolbarOpens: 'popup' as ToolbarOpens,
};

export type ToolbarOpens = 'popup' | 'sidePanel';

export type Settings = typeof DEFAULT_SETTINGS;
export { SETTINGS_KEY };

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

function pick<T>(value: unknown, valid: (v: unknown) => boolean, fallback: T): T {
  return valid(value) ? (value as T) : fallback;
}

const isBool = (v: unknown) => typeof v === 'boolean';

/** Why `value` cannot be the server address (docs/protocol.md §1, Addresses), or null. */
export function serverUrlProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'The server address must be text';
  try {
    resolveServer(value);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
const isTime = (v: unknown) => typeof v === 'string' && TIME_RE.test(v);

/** Returns valid settings from anything stored, falling back to defaults field by field. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const d = DEFAULT_SETTINGS;
  const qh = (r.quietHours && typeof r.quietHours === 'object' ? r.quietHours : {}) as Record<
    string,
    unknown
  >;
  const retention = Number(r.retentionDays);
  return {
    // An address the worker could not use (damaged, or http:// to another computer saved by
    // an older version) reads as the default, so it cannot break every worker call.
    serverUrl: pick(r.serverUrl, (v) => serverUrlProblem(v) === null, d.serverUrl).trim(),
    notificationsEnabled: pick(r.notificationsEnabled, isBool, d.notificationsEnabled),
    requireInteraction: pick(r.requireInteraction, isBool, d.requireInteraction),
    sound: pick(r.sound, isBool, d.sound),
    quietHours: {
      enabled: pick(qh.enabled, isBool, d.quietHours.enabled),
      start: pick(qh.start, isTime, d.quietHours.start),
      end: pick(qh.end, isTime, d.quietHours.end),
    },
    mutedApps: Array.isArray(r.mutedApps)
      ? [...new Set(r.mutedApps.filter((a): a is string => typeof a === 'string' && a !== ''))]
      : [],
    retentionDays:
      Number.isInteger(retention) && retention >= 1 && retention <= 30
        ? retention
        : d.retentionDays,
    blockImages: pick(r.blockImages, isBool, d.blockImages),
    toolbarOpens: pick(r.toolbarOpens, (v) => v === 'popup' || v === 'sidePanel', d.toolbarOpens),
  };
}

/** Minutes since midnight for "HH:MM". */
function minutesOf(time: string): number {
  const [h = 0, m = 0] = time.split(':').map(Number);
  return h * 60 + m;
}

/**
 * True when `date` (local time) falls in the quiet hours. The range may wrap midnight
 * (22:00–07:00); start equal to end means all day.
 */
export function isQuietTime(quiet: Settings['quietHours'], date: Date): boolean {
  if (!quiet.enabled) return false;
  const now = date.getHours() * 60 + date.getMinutes();
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return true;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** A key-value area with the shape of `storage.local`. */
export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** Reads and writes settings in one storage area. */
export function createSettingsRepo(area: KeyValueArea) {
  return {
    async load(): Promise<Settings> {
      return this.fromItems(await area.get(SETTINGS_KEY));
    },
    /** The settings in the area's items as `get(SETTINGS_KEY)` answers them (read elsewhere). */
    fromItems(items: Record<string, unknown>): Settings {
      return normalizeSettings(items[SETTINGS_KEY]);
    },
    /**
     * Merges a partial change, validates, saves and returns the result. A server address the
     * worker cannot use is refused with the reason, and nothing is saved.
     */
    async update(patch: Partial<Settings>): Promise<Settings> {
      if (patch && Object.prototype.hasOwnProperty.call(patch, 'serverUrl')) {
        const problem = serverUrlProblem(patch.serverUrl);
        if (problem) throw new ProblemError({ key: 'errBadAddress', params: [problem] });
      }
      const current = await this.load();
      const next = normalizeSettings({ ...current, ...patch });
      await area.set({ [SETTINGS_KEY]: next });
      return next;
    },
    async reset(): Promise<Settings> {
      await area.set({ [SETTINGS_KEY]: DEFAULT_SETTINGS });
      return normalizeSettings(DEFAULT_SETTINGS);
    },
  };
}

export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
