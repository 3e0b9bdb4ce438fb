import type { RenderLabels } from './types';

/** How long "copied"/"copy failed" stays on the button before the label comes back. */
export const COPY_FEEDBACK_MS = 1500;

type CopyLabels = Pick<RenderLabels, 'copy' | 'copied' | 'copyFailed'>;

/**
 * Replaces every sanitised `<copy data-clipboard-text="TEXT">LABEL</copy>` by a real button
 * that copies TEXT (docs/protocol.md §5). Runs after sanitising, so these are the only buttons a
 * message can contain. Without `data-clipboard-text` the label itself is copied.
 */
export function upgradeCopyElements(
  root: DocumentFragment,
  copyText: (text: string) => Promise<void>,
  labels: CopyLabels,
): number {
  const elements = Array.from(root.querySelectorAll('copy'));
  for (const element of elements) {
    const label = (element.textContent ?? '').trim() || labels.copy;
    const text = element.getAttribute('data-clipboard-text') ?? label;
    const button = createCopyButton(element.ownerDocument, text, label, copyText, labels);
    const style = element.getAttribute('style');
    if (style) button.setAttribute('style', style); // already filtered by the sanitiser
    element.replaceWith(button);
  }
  return elements.length;
}

function createCopyButton(
  doc: Document,
  text: string,
  label: string,
  copyText: (text: string) => Promise<void>,
  labels: CopyLabels,
): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'wxp-copy';
  // The label is its own live region so screen readers announce "copied" / "copy failed".
  const status = doc.createElement('span');
  status.setAttribute('aria-live', 'polite');
  status.textContent = label;
  button.append(status);

  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = (state: 'copied' | 'failed') => {
    button.dataset.state = state;
    status.textContent = state === 'copied' ? labels.copied : labels.copyFailed;
    clearTimeout(timer);
    timer = setTimeout(() => {
      delete button.dataset.state;
      status.textContent = label;
    }, COPY_FEEDBACK_MS);
  };
  const handleClick = () => {
    let copying: Promise<void>;
    try {
      copying = copyText(text);
    } catch (error) {
      copying = Promise.reject(error);
    }
    copying.then(
      () => show('copied'),
      () => show('failed'),
    );
  };
  button.addEventListener('click', handleClick);
  return button;
}
