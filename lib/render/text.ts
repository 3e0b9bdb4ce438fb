import { splitLinks } from './linkify';
import { setLinkTarget } from './links';

/**
 * Renders contentType 1: text nodes only, URLs as `<a>` built with createElement. Line breaks
 * survive through `white-space: pre-wrap` on `.wxp-text` (styles.ts).
 */
export function renderText(doc: Document, content: string): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  const wrapper = doc.createElement('div');
  wrapper.className = 'wxp-text';
  for (const segment of splitLinks(content)) {
    if (segment.kind === 'text') {
      wrapper.append(doc.createTextNode(segment.text));
    } else {
      const link = doc.createElement('a');
      link.setAttribute('href', segment.href);
      setLinkTarget(link);
      link.textContent = segment.text;
      wrapper.append(link);
    }
  }
  fragment.append(wrapper);
  return fragment;
}
