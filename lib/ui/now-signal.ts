import { signal, type ReadonlySignal } from '@preact/signals';

/**
 * The current time, ticking every `intervalMs`: what countdowns and relative times read, so
 * they update without each component running its own timer.
 */
export function createNow(intervalMs = 1_000): { now: ReadonlySignal<number>; dispose(): void } {
  const now = signal(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), intervalMs);
  return { now, dispose: () => clearInterval(timer) };
}
