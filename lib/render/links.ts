/**
 * Every link opens in a new tab without an opener or referrer: a message link must never
 * navigate the extension page itself, nor learn it from `window.opener` or the Referer.
 */
export function setLinkTarget(link: Element): void {
  link.setAttribute('target', '_blank');
  link.setAttribute('rel', 'noopener noreferrer');
}
