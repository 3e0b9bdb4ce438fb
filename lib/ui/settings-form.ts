import { InsecureServerError, resolveServer } from '../push/server-url';
import type { MessageKey } from '../i18n';

/** A validated server address, or the message key of what is wrong with it. */
export type ServerInput =
  { ok: true; serverUrl: string; hostPermission: string | null } | { ok: false; error: MessageKey };

/**
 * Validates what the user typed as the server address. Empty, or the built-in default itself,
 * is stored as '' (follow the default); anything else must pass `resolveServer` and needs its
 * host permission requested at run time (wxt.config.ts grants only the default's).
 */
export function validateServerInput(input: string, defaultServer: string): ServerInput {
  const raw = input.trim();
  if (raw === '') return { ok: true, serverUrl: '', hostPermission: null };
  let resolved;
  try {
    resolved = resolveServer(raw);
  } catch (error) {
    return {
      ok: false,
      error: error instanceof InsecureServerError ? 'optServerInsecure' : 'optServerInvalid',
    };
  }
  let fallback: string | null = null;
  try {
    fallback = resolveServer(defaultServer).baseUrl;
  } catch {
    // No usable default: every address is custom.
  }
  if (resolved.baseUrl === fallback) return { ok: true, serverUrl: '', hostPermission: null };
  return { ok: true, serverUrl: resolved.baseUrl, hostPermission: resolved.hostPermission };
}

export const RETENTION_MIN = 1;
export const RETENTION_MAX = 30;

/** Retention in whole days, 1–30 (lib/storage/settings.ts enforces the same range on read). */
export function validateRetention(input: string): { ok: true; days: number } | { ok: false } {
  const days = Number(input);
  return Number.isInteger(days) && days >= RETENTION_MIN && days <= RETENTION_MAX
    ? { ok: true, days }
    : { ok: false };
}

/** "HH:MM", 24-hour: what `<input type="time">` gives and settings accept. */
export function isValidTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/** Adds a muted app name; null when it is empty or already there. */
export function addMutedApp(list: string[], name: string): string[] | null {
  const trimmed = name.trim();
  if (!trimmed || list.includes(trimmed)) return null;
  return [...list, trimmed];
}
