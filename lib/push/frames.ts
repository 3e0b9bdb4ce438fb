import type { ContentType, MessageFields } from '../message';

/**
 * Server → client WebSocket frames of protocol.md §3, parsed and validated before anything
 * trusts them (style.md 7). Pure: no browser APIs.
 *
 * Validation policy:
 * - What identifies or routes a frame is strict: a bad `msgType`, `mid` or `pushToken` rejects
 *   the whole frame ('invalid-field').
 * - Display text is lenient, matching `fromListItem` in lib/incoming.ts, so one odd field never
 *   loses a push: a missing, null or non-string value becomes '', and text over its cap is
 *   truncated (the server caps content at 40 000 chars, so the caps only bite on a hostile
 *   or broken server).
 * - Links are kept only when they are http(s) and at most URL_MAX chars; otherwise ''
 *   (a truncated URL would point somewhere else, so it is dropped, not cut).
 */

/** Largest text frame accepted, in UTF-16 code units (128 Ki); far above any real frame. */
export const MAX_FRAME_CHARS = 128 * 1024;

/** Caps on text fields; longer values are truncated. */
export const TEXT_LIMITS = {
  title: 1000,
  summary: 1000,
  content: 100_000,
  name: 200,
  qid: 200,
  version: 100,
  msg: 1000,
} as const;
/** Longer links are dropped (''), not truncated. */
export const URL_MAX = 2000;
export const PUSH_TOKEN_MAX = 256;

/** 20001: a pushed message. */
export interface PushMessageFrame extends MessageFields {
  msgType: 20001;
  /** Epoch ms; undefined when missing or unusable. */
  createTime?: number;
}

/** 202: sent on every new connection. */
export interface InitFrame {
  msgType: 202;
  pushToken: string;
  createTime?: number;
}

/** 201: the reply to our 101 heartbeat. */
export interface HeartbeatReplyFrame {
  msgType: 201;
  createTime?: number;
}

/** 203: an error; the server closes the socket after it. */
export interface ErrorFrame {
  msgType: 203;
  msg: string;
  createTime?: number;
}

/** 204: a client upgrade notice. */
export interface UpgradeFrame {
  msgType: 204;
  title: string;
  content: string;
  version: string;
  must: boolean;
  /** '' unless http(s). */
  url: string;
  createTime?: number;
}

export type ServerFrame =
  PushMessageFrame | InitFrame | HeartbeatReplyFrame | ErrorFrame | UpgradeFrame;

export type FrameRejectReason =
  | 'not-text'
  | 'too-large'
  | 'not-json'
  | 'not-object'
  | 'no-msg-type'
  | 'unknown-msg-type'
  | 'invalid-field';

export type ParseResult =
  { ok: true; frame: ServerFrame } | { ok: false; reason: FrameRejectReason; detail?: string };

type Fields = Record<string, unknown>;

/** Own properties only, so keys like `__proto__` or `constructor` never come from a prototype. */
function field(obj: Fields, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

function text(obj: Fields, key: keyof typeof TEXT_LIMITS): string {
  const value = field(obj, key);
  return typeof value === 'string' ? value.slice(0, TEXT_LIMITS[key]) : '';
}

function httpUrl(obj: Fields, key: string): string {
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

/** A positive safe integer, from a number or a string of digits. */
function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function createTime(obj: Fields): number | undefined {
  const value = field(obj, 'createTime');
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? value
    : positiveInt(value);
}

function contentType(value: unknown): ContentType {
  return value === 2 || value === 3 ? value : 1;
}

function invalid(detail: string): ParseResult {
  return { ok: false, reason: 'invalid-field', detail };
}

function withTime<T extends ServerFrame>(frame: T, obj: Fields): T {
  const time = createTime(obj);
  if (time !== undefined) frame.createTime = time;
  return frame;
}

function fromObject(obj: Fields): ParseResult {
  const msgType = field(obj, 'msgType');
  if (typeof msgType !== 'number' || !Number.isInteger(msgType)) {
    return { ok: false, reason: 'no-msg-type' };
  }
  switch (msgType) {
    case 201:
      return { ok: true, frame: withTime({ msgType }, obj) };
    case 202: {
      const pushToken = field(obj, 'pushToken');
      if (typeof pushToken !== 'string' || pushToken === '' || pushToken.length > PUSH_TOKEN_MAX) {
        return invalid('pushToken');
      }
      return { ok: true, frame: withTime({ msgType, pushToken }, obj) };
    }
    case 203:
      return { ok: true, frame: withTime({ msgType, msg: text(obj, 'msg') }, obj) };
    case 204: {
      const must = field(obj, 'must');
      const frame: UpgradeFrame = {
        msgType,
        title: text(obj, 'title'),
        content: text(obj, 'content'),
        version: text(obj, 'version'),
        must: must === true || must === 1,
        url: httpUrl(obj, 'url'),
      };
      return { ok: true, frame: withTime(frame, obj) };
    }
    case 20001: {
      const mid = positiveInt(field(obj, 'mid'));
      if (mid === undefined) return invalid('mid');
      const qid = field(obj, 'qid');
      const frame: PushMessageFrame = {
        msgType,
        mid,
        // Some servers send ids as numbers; anything else is treated as missing.
        qid: typeof qid === 'number' && Number.isSafeInteger(qid) ? String(qid) : text(obj, 'qid'),
        title: text(obj, 'title'),
        name: text(obj, 'name'),
        summary: text(obj, 'summary'),
        content: text(obj, 'content'),
        contentType: contentType(field(obj, 'contentType')),
        url: httpUrl(obj, 'url'),
        sourceUrl: httpUrl(obj, 'sourceUrl'),
      };
      return { ok: true, frame: withTime(frame, obj) };
    }
    default:
      return { ok: false, reason: 'unknown-msg-type', detail: String(msgType) };
  }
}

/**
 * Parses one WebSocket message (`MessageEvent.data`). Never throws: anything unusable comes
 * back as `{ ok: false, reason }`. Binary data (ArrayBuffer, Blob) is 'not-text'.
 */
export function parseFrame(raw: unknown): ParseResult {
  if (typeof raw !== 'string') return { ok: false, reason: 'not-text' };
  if (raw.length > MAX_FRAME_CHARS) return { ok: false, reason: 'too-large' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not-json' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: 'not-object' };
  }
  try {
    return fromObject(parsed as Fields);
  } catch (error) {
    // Unreachable for JSON input; kept so the "never throws" promise does not rest on that.
    return { ok: false, reason: 'invalid-field', detail: String(error) };
  }
}

/** The client heartbeat (msgType 101), sent while the socket is open. */
export function heartbeatFrame(now: number): string {
  return JSON.stringify({ msgType: 101, createTime: now });
}
