import { ApiError, Code } from './envelope';

/** Input fields by name: a JSON body object or a query string turned into an object. */
export type Fields = Record<string, unknown>;

const fail = (msg: string) => new ApiError(Code.DATA_ERROR, msg);

/** The body as an object; no body counts as `{}`. Anything else (array, number…) is a 1008. */
export function asFields(value: unknown): Fields {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw fail('request body must be a JSON object');
  }
  return value as Fields;
}

/** Query parameters as fields (the last value wins for repeated keys). */
export const queryFields = (query: URLSearchParams): Fields => Object.fromEntries(query);

interface StringRule {
  /** Longest accepted length, inclusive. */
  max?: number;
}

/** An optional string field; empty strings count as absent. */
export function optString(fields: Fields, key: string, rule: StringRule = {}): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw fail(`${key} must be a string`);
  if (rule.max !== undefined && value.length > rule.max) {
    throw fail(`${key} is too long: ${value.length} characters, the limit is ${rule.max}`);
  }
  return value;
}

/** A required non-empty string field. */
export function reqString(fields: Fields, key: string, rule: StringRule = {}): string {
  const value = optString(fields, key, rule);
  if (value === undefined) throw fail(`${key} is required`);
  return value;
}

/** An optional integer field (a number or a numeric string) within [min, max]. */
export function optInt(fields: Fields, key: string, min: number, max: number): number | undefined {
  const value = fields[key];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw fail(`${key} must be an integer`);
  if (n < min || n > max) throw fail(`${key} must be between ${min} and ${max}`);
  return n;
}

/** A required integer field. */
export function reqInt(fields: Fields, key: string, min: number, max: number): number {
  const value = optInt(fields, key, min, max);
  if (value === undefined) throw fail(`${key} is required`);
  return value;
}

/** An optional boolean field: true/false, "true"/"false", 1/0. */
export function optBool(fields: Fields, key: string): boolean | undefined {
  const value = fields[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (value === true || value === 'true' || value === 1 || value === '1') return true;
  if (value === false || value === 'false' || value === 0 || value === '0') return false;
  throw fail(`${key} must be true or false`);
}

/** A comma-separated list of positive integer ids, at most `max` of them. */
export function idList(fields: Fields, key: string, max: number): number[] {
  const raw = reqString(fields, key, { max: max * 20 });
  const parts = raw.split(',').filter((p) => p.trim() !== '');
  if (parts.length === 0) throw fail(`${key} is required`);
  if (parts.length > max) throw fail(`${key}: at most ${max} ids per call (got ${parts.length})`);
  return parts.map((p) => {
    const n = Number(p.trim());
    if (!Number.isSafeInteger(n) || n <= 0) throw fail(`${key}: "${p}" is not a message id`);
    return n;
  });
}

/** An optional http(s) URL of at most `max` characters. */
export function optHttpUrl(fields: Fields, key: string, max: number): string | undefined {
  const value = optString(fields, key, { max });
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail(`${key} is not a valid URL`);
  }
  // Clients open these links; anything but http(s) (javascript:, data:, file:) is refused.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw fail(`${key} must be an http:// or https:// URL`);
  }
  return value;
}
