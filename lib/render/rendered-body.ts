/**
 * Content rendered ahead of its opening (docs/architecture.md §8), in terms the worker can use
 * without a DOM: which messages are rendered when they arrive, and whether a stored rendering
 * still fits its message.
 */
import { ContentType, type RenderedBody } from '../message';
import { PROGRESSIVE_MIN } from './parts';

/**
 * The version of what the renderer makes (rich.ts, its sanitiser and builder): raised with
 * every change to what they keep or how they cut parts, so a body rendered by an older
 * extension is rendered again on opening rather than shown as it was made.
 */
export const RENDERED_VERSION = 1;

/**
 * Whether a message is rendered when it arrives: HTML and markdown long enough to be cut into
 * parts (parts.ts). Shorter content renders on opening about as fast as a text message.
 * `length`: the content's, where the content itself is not in hand (lib/ui/served-row.ts).
 */
export function rendersOnArrival(
  message: { content: string; contentType: number },
  length = message.content.length,
): boolean {
  return (
    (message.contentType === ContentType.html || message.contentType === ContentType.markdown) &&
    length >= PROGRESSIVE_MIN
  );
}

/** Whether `value` has a rendered body's shape: a version, a length and one part or more. */
export function isRenderedBody(value: unknown): value is RenderedBody {
  const body = value as Partial<RenderedBody> | null;
  return (
    typeof body?.v === 'number' &&
    typeof body.length === 'number' &&
    Array.isArray(body.parts) &&
    body.parts.length > 0 &&
    body.parts.every((part) => typeof part === 'string')
  );
}

/**
 * The message's rendered parts, when it has ones this renderer made from this content (of
 * `length`, where the content itself is not in hand).
 */
export function renderedParts(
  message: { content: string; contentType: number; rendered?: RenderedBody },
  length = message.content.length,
): string[] | null {
  const body = message.rendered;
  const fits =
    isRenderedBody(body) &&
    body.v === RENDERED_VERSION &&
    body.length === length &&
    rendersOnArrival(message, length);
  return fits ? body.parts : null;
}
