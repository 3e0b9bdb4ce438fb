import type { MessageFields } from '../message';
import { createTimeOf, field, httpUrl, messageFields, text, type Fields } from './incoming';

/**
 * Server → client WebSocket frames (docs/protocol.md §3), parsed and validated before anything
 * trusts them. Pure: no browser APIs. What identifies or routes a frame is strict: a bad
 * `msgType`, `mid` or `pushToken` rejects the whole frame ('invalid-field'). A 20001's fields
 * follow the rules shared with list-v2 items in incoming.ts.
 */

/** Largest text frame accepted, in UTF-16 code units (128 Ki); far above any real frame. */
export const MAX_FRAME_CHARS = 128 * 1024;
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

function invalid(detail: string): ParseResult {
  return { ok: false, reason: 'invalid-field', detail };
}

function withTime<T extends ServerFrame>(frame: T, obj: Fields): T {
  const time = createTimeOf(obj);
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
      const fields = messageFields(obj, 'mid');
      if (!fields) return invalid('mid');
      const frame: PushMessageFrame = { msgType, ...fields };
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
