import { describe, expect, it, vi } from 'vitest';
import { ALARMS, ensureAlarms, watchdogTick } from '../../../lib/worker/alarms';

describe('alarms', () => {
  it('creates only the alarms that are missing (re-creating would restart their period)', async () => {
    const create = vi.fn(async () => undefined);
    await ensureAlarms({
      get: async (name) => (name === ALARMS.prune.name ? { name } : undefined),
      create,
    });
    expect(create).toHaveBeenCalledExactlyOnceWith(ALARMS.watchdog.name, {
      periodInMinutes: ALARMS.watchdog.periodInMinutes,
    });
  });

  it('the watchdog dials (keeping any backoff), flushes the outbox, then catches up if due', async () => {
    const order: string[] = [];
    await watchdogTick({
      connection: { start: () => void order.push('start') },
      flush: async () => void order.push('flush'),
      sync: { runIfDue: async () => void order.push('sync') },
    });
    expect(order).toEqual(['start', 'flush', 'sync']);
  });
});
