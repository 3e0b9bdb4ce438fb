import { ProblemError, problemOf, type Problem } from '../problem';
import { StoreWriteError } from '../storage/message-store';

const detailOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error ?? '');

/**
 * A failed write of new messages, as the user is told: a full disk gets its own words (and
 * what to do about it), anything else the browser's own detail.
 */
export function storeProblem(error: unknown): Problem {
  if (!(error instanceof StoreWriteError)) return problemOf(error);
  const full = (error.cause as { name?: unknown } | null)?.name === 'QuotaExceededError';
  return full ? { key: 'errStoreFull' } : { key: 'errStoreWrite', params: [detailOf(error.cause)] };
}

/** A notification or its sound that could not be shown or played, with the browser's detail. */
export function notificationProblem(error: unknown, what: 'notification' | 'sound'): Problem {
  if (error instanceof ProblemError) return error.problem;
  return {
    key: what === 'sound' ? 'errSound' : 'errNotification',
    params: [detailOf(error)],
  };
}
