import type { Clock } from '../clock';
import type { Problem } from '../problem';
import { ApiError, CODE, type TargetApi } from './api';

/** Waits between attempts to report a pushToken: 1, 2, 5, 10, 30 s, then every 60 s. */
export const REPORT_RETRY_S = [1, 2, 5, 10, 30, 60] as const;

/**
 * Reports the open socket's pushToken with `update-device-info` until the server has it
 * (docs/protocol.md §2, step 6): until then the server pushes to the old token and live
 * messages stop, so a failure is retried with backoff while the socket lasts, not left to
 * the next reconnect. 1001/1002 mean the binding is gone.
 */
export function createPushTokenReporter(deps: {
  clock: Clock;
  platform: () => string;
  /** The bound device's API and uuid; null while not bound. */
  binding: () => { api: Pick<TargetApi, 'updateDeviceInfo'>; deviceUuid: string } | null;
  /** The pushToken the server last accepted. */
  registered: () => string | undefined;
  onRegistered: (pushToken: string, retried: boolean) => Promise<void>;
  onGone: (problem: Problem) => Promise<void>;
}) {
  /** The pushToken of the open socket ('' before the first 202). */
  let current = '';
  let timer: unknown;

  function stop() {
    if (timer !== undefined) deps.clock.clearTimeout(timer);
    timer = undefined;
  }

  async function attempt(pushToken: string, tries: number): Promise<void> {
    timer = undefined;
    const bound = deps.binding();
    if (pushToken !== current || !bound || deps.registered() === pushToken) return;
    try {
      await bound.api.updateDeviceInfo({
        pushToken,
        deviceUuid: bound.deviceUuid,
        platform: deps.platform(),
      });
      if (pushToken === current) await deps.onRegistered(pushToken, tries > 0);
    } catch (error) {
      if (
        error instanceof ApiError &&
        (error.code === CODE.NOT_LOGGED_IN || error.code === CODE.BUSINESS)
      ) {
        await deps.onGone(error.problem);
        return;
      }
      if (pushToken !== current) return;
      const wait = REPORT_RETRY_S[Math.min(tries, REPORT_RETRY_S.length - 1)]! * 1000;
      stop();
      timer = deps.clock.setTimeout(() => void attempt(pushToken, tries + 1), wait);
    }
  }

  return {
    /** A 202 brought `pushToken`: report it unless the server has it already. */
    report(pushToken: string): Promise<void> {
      current = pushToken;
      stop();
      return attempt(pushToken, 0);
    },
    /** True when the server has the open socket's pushToken. */
    registered: () => current !== '' && deps.registered() === current,
    /** Ends the retries (unbound). */
    stop,
  };
}
