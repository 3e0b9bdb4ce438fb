import { existsSync } from 'node:fs';
import { buildExtension, launchExtension, type LaunchedExtension } from '../e2e/extension';

/** Where Debian's `faketime` package puts the library, per architecture. */
const LIBFAKETIME = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1',
];

/** libfaketime's path, or a clear error saying how to get it. */
export function libfaketime(): string {
  const found = LIBFAKETIME.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      'The clock-skew scenarios need libfaketime: sudo apt-get install -y faketime ' +
        `(looked in ${LIBFAKETIME.join(', ')})`,
    );
  }
  return found;
}

/**
 * Chromium whose wall clock is off by `offset` (libfaketime syntax: '-5h', '+2h', '+8d'),
 * for the extension built against `serverUrl`. Every Chromium process inherits LD_PRELOAD
 * (they run unsandboxed here), so the worker's `Date.now()` is skewed as on a machine whose
 * clock is wrong; monotonic clocks are left alone, so timers and timeouts run at real speed.
 * libfaketime's run-time fix for `pthread_cond_timedwait` is turned off: Chromium does not need
 * it (its waits use the monotonic clock, left alone) and with it a launch took 80 s, not 3 s.
 */
export async function launchSkewed(serverUrl: string, offset: string): Promise<LaunchedExtension> {
  return launchExtension(await buildExtension(serverUrl), {
    env: {
      LD_PRELOAD: libfaketime(),
      FAKETIME: offset,
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      FAKETIME_FORCE_MONOTONIC_FIX: '0',
    },
  });
}
