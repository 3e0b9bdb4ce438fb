/**
 * How long messages are divided (markdown.ts, html-parts.ts): the first parts are small, so
 * the renderer can stop as soon as the screen is full and paint it (index.ts); the rest
 * follows a part per task, in parts that double in size up to `LATER_PART`.
 */

/** Below this many characters a message renders in one go. */
export const PROGRESSIVE_MIN = 8_000;
/**
 * Source in the first part: about a screen of structured markdown or HTML (headings, lists,
 * tables) and a little less than one of dense prose, which the next part then tops up.
 */
export const FIRST_PART = 1_000;
/** The largest part: what one task renders once the first screen is up. */
export const LATER_PART = 8_000;

/** The least source for part `index` (0 is the first): FIRST_PART, doubling up to LATER_PART. */
export function partSize(index: number): number {
  return Math.min(FIRST_PART * 2 ** index, LATER_PART);
}
