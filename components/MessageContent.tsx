import { useLayoutEffect, useRef } from 'preact/hooks';
import { rendererFor, renderRendered, type Render, type RenderLabels } from '../lib/render/load';
import { renderedParts } from '../lib/render/rendered-body';
import type { RenderedBody } from '../lib/message';
import { t } from '../lib/i18n';

interface Props {
  content: string;
  contentType: number;
  /** The content as rendered when it arrived, if it was (lib/render/rendered-body.ts). */
  rendered?: RenderedBody;
  /** Set when `content` is not in hand (lib/ui/served-row.ts): its length. */
  contentLength?: number;
  blockImages: boolean;
  copyText: (text: string) => Promise<void>;
}

/**
 * The message body, rendered by lib/render into a shadow root (docs/architecture.md §8): text
 * as text nodes at once, markdown and HTML sanitised once their renderer has loaded (or, long,
 * parsed at once from the parts rendered when it arrived), `<copy>` tags as real buttons,
 * remote images optionally held back behind a "load images" button.
 */
export function MessageContent({
  content,
  contentType,
  rendered,
  contentLength,
  blockImages,
  copyText,
}: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  // The same rendering, read again (the row after a change such as its read mark, or in full
  // where it was served without its content), is the same content: shown as it is, not again.
  const shownParts = useRef<string[] | null>(null);
  const parts = renderedParts({ content, contentType, rendered }, contentLength);
  if (!sameParts(shownParts.current, parts)) shownParts.current = parts;
  const source = shownParts.current ?? content;

  // A layout effect: the content lands in the same frame as the header, not one frame later.
  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const labels: RenderLabels = {
      copy: t('copy'),
      copied: (preview, differs) => t(differs ? 'copiedOther' : 'copiedText', preview),
      copyTitle: (preview, differs) => t(differs ? 'copyTitleOther' : 'copyTitle', preview),
      copyFailed: t('copyFailed'),
      loadImages: t('loadImages'),
      imageBlocked: t('imageBlocked'),
    };
    const options = { blockImages, copyText, labels };
    // Rendered when it arrived: its parts are parsed as they are, at once.
    if (typeof source !== 'string') {
      renderRendered(host, source, options);
      host.dataset.rendered = 'arrival';
      return;
    }
    delete host.dataset.rendered;
    const render = (renderer: Render) => renderer(host, { content: source, contentType }, options);
    // HTML and markdown wait for their renderer's import the first time (lib/render/load.ts).
    const renderer = rendererFor(contentType);
    if (typeof renderer === 'function') {
      render(renderer);
      return;
    }
    let current = true;
    void renderer.then((loaded) => current && render(loaded));
    return () => {
      current = false;
    };
  }, [source, contentType, blockImages, copyText]);

  return <div class="message-content" ref={hostRef} data-testid="message-content" />;
}

/** Whether two renderings' parts are the same markup. */
function sameParts(a: string[] | null, b: string[] | null): boolean {
  return (
    a === b || (a !== null && b !== null && a.length === b.length && a.every((p, i) => p === b[i]))
  );
}
