/**
 * How long messages are divided (markdown.ts, html-parts.ts): the first part paints at once,
 * the rest follows a part per task.
 */

/** Below this many characters a message renders in one go. */
export const PROGRESSIVE_MIN = 8_000;
/** Source rendered first: about a screenful. */
export const FIRST_PART = 3_000;
/** Source rendered per later step. */
export const LATER_PART = 8_000;
