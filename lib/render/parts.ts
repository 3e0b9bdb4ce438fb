/**
 * How long messages are divided (markdown.ts, html-parts.ts): the first parts are small, so
 * the renderer can stop as soon as the screen is full and paint it (index.ts); the rest
 * follows in tasks of a few parts each (core.ts), in parts that double in size up to
 * `LATER_PART`. Rows rendered on arrival keep their parts as they were cut then.
 */

/** Below this many characters a message renders in one go. */
export const PROGRESSIVE_MIN = 8_000;
/**
 * Source in the first part: less than a screen of most content even in a small window (a
 * heading and a paragraph, one table row), so the first paint builds, lays out and paints
 * little more than it shows; the parts that follow (twice as long each) top the screen up.
 * Down from 1 000 characters, which were four times what the benchmark's window showed of its
 * markdown (docs/architecture.md §8).
 */
export const FIRST_PART = 250;
/** The largest part: the unit the tasks after the first screen are made of (core.ts). */
export const LATER_PART = 8_000;

/** The least source for part `index` (0 is the first): FIRST_PART, doubling up to LATER_PART. */
export function partSize(index: number): number {
  return Math.min(FIRST_PART * 2 ** index, LATER_PART);
}
