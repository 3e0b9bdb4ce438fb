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
  blockImages: boolean;
  copyText: (text: string) => Promise<void>;
}

/**
 * The message body, rendered by lib/render into a shadow root (docs/architecture.md §8): text
 * as text nodes at once, markdown and HTML sanitised once their renderer has loaded (or, long,
 * parsed at once from the parts rendered when it arrived), `<copy>` tags as real buttons,
 * remote images optionally held back behind a "load images" button.
 */
export function MessageContent({ content, contentType, rendered, blockImages, copyText }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);

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
    const parts = renderedParts({ content, contentType, rendered });
    if (parts) {
      renderRendered(host, parts, options);
      host.dataset.rendered = 'arrival';
      return;
    }
    delete host.dataset.rendered;
    const render = (renderer: Render) => renderer(host, { content, contentType }, options);
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
  }, [content, contentType, rendered, blockImages, copyText]);

  return <div class="message-content" ref={hostRef} data-testid="message-content" />;
}
