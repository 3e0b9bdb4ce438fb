import { useLayoutEffect, useRef } from 'preact/hooks';
import { rendererFor, type Render, type RenderLabels } from '../lib/render/load';
import { t } from '../lib/i18n';

interface Props {
  content: string;
  contentType: number;
  blockImages: boolean;
  copyText: (text: string) => Promise<void>;
}

/**
 * The message body, rendered by lib/render into a shadow root (docs/architecture.md §8): text
 * as text nodes at once, markdown and HTML sanitised once their renderer has loaded, `<copy>` tags as real buttons, remote images
 * optionally held back behind a "load images" button.
 */
export function MessageContent({ content, contentType, blockImages, copyText }: Props) {
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
    const render = (renderer: Render) =>
      renderer(host, { content, contentType }, { blockImages, copyText, labels });
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
  }, [content, contentType, blockImages, copyText]);

  return <div class="message-content" ref={hostRef} data-testid="message-content" />;
}
