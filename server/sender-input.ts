import { ApiError, Code } from './http/envelope';
import { optHttpUrl, optInt, optString, reqString, type Fields } from './http/validate';

/** A send call's message fields, validated; rendering adds the rest (routes/common.ts). */
export interface ParsedSend {
  content: string;
  /** The sender's summary; '' asks for the default one (the start of the body's text). */
  summary: string;
  contentType: number;
  sourceUrl: string;
  /** 0 everyone, 1 only paying subscribers, 2 only non-paying ones. Nobody pays here. */
  verifyPayType: number;
}

/** Sender limits (docs/protocol.md §6). */
export const LIMITS = {
  /** `content` must be shorter than this. */
  contentChars: 40_000,
  summaryChars: 100,
  urlChars: 1000,
  uids: 2000,
  topicIds: 5,
  spts: 10,
};

const fail = (msg: string) => new ApiError(Code.DATA_ERROR, msg);

/** Validates content, summary, contentType, url and verifyPayType of a send call. */
export function parseSendInput(fields: Fields, forceText = false): ParsedSend {
  const content = reqString(fields, 'content');
  if (content.length >= LIMITS.contentChars) {
    throw fail(
      `content is too long: ${content.length} characters, it must be under ${LIMITS.contentChars}`,
    );
  }
  const contentType = forceText ? 1 : (optInt(fields, 'contentType', 1, 3) ?? 1);
  const summary = optString(fields, 'summary', { max: LIMITS.summaryChars }) ?? '';
  const sourceUrl = optHttpUrl(fields, 'url', LIMITS.urlChars) ?? '';
  // verifyPay (boolean) is the deprecated spelling of verifyPayType 1.
  const legacy = fields.verifyPay === true || fields.verifyPay === 'true' ? 1 : 0;
  const verifyPayType = optInt(fields, 'verifyPayType', 0, 2) ?? legacy;
  return { content, summary, contentType, sourceUrl, verifyPayType };
}

/** An optional array field of at most `max` items, each checked by `item`. */
export function arrayField<T>(
  fields: Fields,
  key: string,
  max: number,
  item: (v: unknown) => T,
): T[] {
  const value = fields[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw fail(`${key} must be an array`);
  if (value.length > max) throw fail(`too many ${key}: ${value.length}, at most ${max} per call`);
  return value.map(item);
}

/** A uid (or SPT) array item. */
export function stringItem(key: string) {
  return (v: unknown): string => {
    if (typeof v !== 'string' || v === '' || v.length > 200)
      throw fail(`${key} must hold non-empty strings`);
    return v;
  };
}

/** A topicId array item (number or numeric string). */
export function topicIdItem(v: unknown): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
    throw fail('topicIds must hold positive integers');
  }
  return n;
}
