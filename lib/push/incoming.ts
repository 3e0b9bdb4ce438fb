import { ContentType, type IncomingMessage, type MessageFields } from '../message';
import type { ListItem } from './api';

/**
 * The one set of rules for untrusted message fields, shared by the 20001 frame parser
 * (frames.ts) and the list-v2 mapper below, so a message reads the same whichever way it came
 * (docs/protocol.md §3 and §4). What identifies a message is strict: no usable id, no message.
 * Display fields are lenient so one odd field never loses a message: a missing or non-string
 * text becomes '' and an over-long one is cut. Links are kept only when they parse as http(s)
 * URLs within URL_MAX; otherwise they become '' (a cut URL would point somewhere else).
 */

/** Caps on text fields; longer values are cut. */
export const TEXT_LIMITS = {
  title: 1000,
  summary: 1000,
  content: 100_000,
  name: 200,
  qid: 200,
  version: 100,
  msg: 1000,
} as const;
/** Longer links are dropped (''), not cut. */
export const URL_MAX = 2000;

export type Fields = Record<string, unknown>;

/** Own properties only, so keys like `__proto__` or `constructor` never come from a prototype. */
export function field(obj: Fields, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** A string field cut to its cap; '' when missing or not a string. */
export function text(obj: Fields, key: keyof typeof TEXT_LIMITS): string {
  const value = field(obj, key);
  return typeof value === 'string' ? value.slice(0, TEXT_LIMITS[key]) : '';
}

/** An http(s) link of at most URL_MAX chars that parses as a URL; '' otherwise. */
export function httpUrl(obj: Fields, key: string): string {
  const value = field(obj, key);
  if (typeof value !== 'string' || value.length > URL_MAX) return '';
  if (!/^https?:\/\/[^\s]/i.test(value)) return '';
  try {
    new URL(value);
    return value;
  } catch {
    return '';
  }
}

/** A positive safe integer, from a number or a string of up to 16 digits. */
export function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** `createTime` in epoch ms (a positive number or digit string); undefined when unusable. */
export function createTimeOf(obj: Fields): number | undefined {
  const value = field(obj, 'createTime');
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? value
    : positiveInt(value);
}

/**
 * The time a message is stored under: its `createTime`, but never later than when it was
 * received (`now`). A future time would sort it above everything to come and move the
 * catch-up cursor past messages not yet fetched (docs/protocol.md §3, §4).
 */
export function receivedAt(createTime: number | undefined, now: number): number {
  return createTime === undefined || createTime > now ? now : createTime;
}

/** 2 (HTML) and 3 (markdown) as sent; anything else is text. */
export function toContentType(value: unknown): ContentType {
  return value === ContentType.html || value === ContentType.markdown ? value : ContentType.text;
}

/**
 * The message fields of a 20001 frame (`idKey` 'mid') or a list-v2 item ('messageId'), or
 * null when the id is not a positive safe integer.
 */
export function messageFields(obj: Fields, idKey: 'mid' | 'messageId'): MessageFields | null {
  const mid = positiveInt(field(obj, idKey));
  if (mid === undefined) return null;
  const qid = field(obj, 'qid');
  return {
    mid,
    // Some servers send ids as numbers; anything else is treated as missing.
    qid: typeof qid === 'number' && Number.isSafeInteger(qid) ? String(qid) : text(obj, 'qid'),
    title: text(obj, 'title'),
    name: text(obj, 'name'),
    summary: text(obj, 'summary'),
    content: text(obj, 'content'),
    contentType: toContentType(field(obj, 'contentType')),
    url: httpUrl(obj, 'url'),
    sourceUrl: httpUrl(obj, 'sourceUrl'),
  };
}

/**
 * Maps a list-v2 item to an incoming message, or null when it has no usable id. The real
 * service may leave out title, content and contentType: they default to empty and text. A
 * missing or future `createTime` becomes `now`, the time of the fetch.
 */
export function fromListItem(item: ListItem, now: number): IncomingMessage | null {
  if (typeof item !== 'object' || item === null) return null;
  const obj = item as unknown as Fields;
  const fields = messageFields(obj, 'messageId');
  if (!fields) return null;
  const createTime = receivedAt(createTimeOf(obj), now);
  return { ...fields, createTime, read: field(obj, 'read') === true };
}
