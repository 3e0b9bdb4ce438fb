import { describe, expect, it } from 'vitest';
import { BACKOFF_MIN_MS, BACKOFF_SCHEDULE_S, backoffDelay } from '../../../lib/push/backoff';

const mid = () => 0.5;
const low = () => 0;
const high = () => 0.999999;

describe('backoffDelay', () => {
  it('follows the schedule with no jitter at random = 0.5', () => {
    const delays = Array.from({ length: 10 }, (_, attempt) => backoffDelay(attempt, mid));
    expect(delays).toEqual([1, 2, 5, 10, 15, 30, 60, 120, 120, 120].map((s) => s * 1000));
  });

  it.each([
    [0, low, 800],
    [0, high, 1200],
    [1, low, 1600],
    [1, high, 2400],
    [2, low, 4000],
    [7, low, 96_000],
    [7, high, 144_000],
    [1000, mid, 120_000],
  ])('attempt %i with jitter → %i ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, random)).toBe(expected);
  });

  it.each([
    [-1, 1000],
    [-Infinity, 1000],
    [NaN, 1000],
    [Infinity, 120_000],
    [2.7, 5000],
  ])('clamps attempt %s → %i ms', (attempt, expected) => {
    expect(backoffDelay(attempt, mid)).toBe(expected);
  });

  it.each([[-5], [7], [NaN], [Infinity]])('tolerates a bad random() = %s', (value) => {
    const delay = backoffDelay(0, () => value);
    expect(delay).toBeGreaterThanOrEqual(800);
    expect(delay).toBeLessThanOrEqual(1200);
  });

  it('stays within ±20 % and never below the floor', () => {
    for (let attempt = 0; attempt < BACKOFF_SCHEDULE_S.length; attempt++) {
      const base = BACKOFF_SCHEDULE_S[attempt]! * 1000;
      for (const r of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999]) {
        const delay = backoffDelay(attempt, () => r);
        expect(delay).toBeGreaterThanOrEqual(Math.max(BACKOFF_MIN_MS, base * 0.8));
        expect(delay).toBeLessThanOrEqual(base * 1.2);
      }
    }
  });
});
