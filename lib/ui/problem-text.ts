import { t } from '../i18n';
import { isProblem, type Problem } from '../problem';

/**
 * A problem in the page's words (docs/architecture.md §7): our own by catalogue key, the
 * server's as it sent them, labelled as the server's. Plain text from an older worker or an
 * older cached status is shown as it is.
 */
export function problemText(problem: Problem | string): string {
  if (typeof problem === 'string') return problem;
  if ('server' in problem) return t('errServerSays', problem.server);
  return t(problem.key, ...(problem.params ?? []));
}

/** An error from a worker call, with its message in the page's words. */
export function pageError(error: unknown): Error {
  const problem = (error as { problem?: unknown } | null)?.problem;
  if (!isProblem(problem)) return error instanceof Error ? error : new Error(String(error));
  return Object.assign(new Error(problemText(problem), { cause: error }), { problem });
}
