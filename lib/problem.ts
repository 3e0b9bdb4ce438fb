// The catalogue itself, not lib/i18n: this module is shared with Node code (tests, scripts).
import type en from '../public/_locales/en/messages.json';

/** The catalogue keys a problem may name: the `err…` strings of `public/_locales`. */
export type ProblemKey = Extract<keyof typeof en, `err${string}`>;

/**
 * A problem worth showing the user, carried from the worker to a page as data and put into
 * words there, in the page's language (docs/architecture.md §7): either our own words, by
 * catalogue key and parameters, or text the server sent (a 203 `msg`, an envelope's `msg`),
 * shown as the server sent it and labelled as the server's.
 */
export type Problem = { key: ProblemKey; params?: string[] } | { server: string };

/** An Error that carries a Problem; its message is a plain rendering for logs. */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    cause?: unknown,
  ) {
    super(problemLogText(problem), cause === undefined ? undefined : { cause });
    this.name = 'ProblemError';
  }
}

/** The problem an error stands for; anything unexpected becomes an internal error. */
export function problemOf(error: unknown): Problem {
  const carried = (error as { problem?: unknown } | null)?.problem;
  if (isProblem(carried)) return carried;
  const message = error instanceof Error ? error.message : String(error);
  return { key: 'errInternal', params: [message] };
}

/** Text for logs and tests: `errKey(param, …)` or `server: text`. Never shown to users. */
export function problemLogText(problem: Problem): string {
  if ('server' in problem) return `server: ${problem.server}`;
  return `${problem.key}(${(problem.params ?? []).join(', ')})`;
}

/** Limits on what a problem may carry, so one from storage or a cache cannot be huge. */
const MAX_TEXT = 2_000;
const MAX_PARAMS = 9;

/**
 * True for a well-formed Problem. Problems are also read back from storage (the saved backoff)
 * and from a page's cache, so the shape is checked rather than trusted.
 */
export function isProblem(value: unknown): value is Problem {
  if (!value || typeof value !== 'object') return false;
  const v = value as { key?: unknown; params?: unknown; server?: unknown };
  if (typeof v.server === 'string') return v.server.length <= MAX_TEXT;
  if (typeof v.key !== 'string' || !/^err[A-Z]\w*$/.test(v.key)) return false;
  if (v.params === undefined) return true;
  return (
    Array.isArray(v.params) &&
    v.params.length <= MAX_PARAMS &&
    v.params.every((p) => typeof p === 'string' && p.length <= MAX_TEXT)
  );
}
