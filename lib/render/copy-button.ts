import type { RenderLabels } from './types';

/** How long "copied"/"copy failed" stays on the button before the label comes back. */
export const COPY_FEEDBACK_MS = 1500;

/** Longest preview of the copied text shown in a tooltip or the "copied" feedback. */
export const COPY_PREVIEW_CHARS = 120;

type CopyLabels = Pick<RenderLabels, 'copy' | 'copied' | 'copyFailed' | 'copyTitle'>;

/** The copied text as one line, cut with an ellipsis past COPY_PREVIEW_CHARS. */
export function copyPreview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return chars.length > COPY_PREVIEW_CHARS
    ? `${chars.slice(0, COPY_PREVIEW_CHARS - 1).join('')}…`
    : line;
}

/**
 * Replaces every sanitised `<copy data-clipboard-text="TEXT">LABEL</copy>` by a real button
 * that copies TEXT (docs/protocol.md §5). Runs after sanitising, so these are the only buttons a
 * message can contain. Without `data-clipboard-text` the label itself is copied.
 *
 * The sender chooses both LABEL and TEXT, so a button labelled with a harmless command may copy
 * another one: its tooltip and its "copied" feedback show what it copies, and say so when that
 * differs from its label (`data-differs` lets the page mark it).
 */
export function upgradeCopyElements(
  root: DocumentFragment,
  copyText: (text: string) => Promise<void>,
  labels: CopyLabels,
): number {
  const elements = Array.from(root.querySelectorAll('copy'));
  for (const element of elements) {
    const own = (element.textContent ?? '').trim();
    const label = own || labels.copy;
    const text = element.getAttribute('data-clipboard-text') ?? label;
    // A generic "Copy" label promises nothing; a label of its own promises its own text.
    const differs = own !== '' && text.trim() !== own;
    const button = createCopyButton(element.ownerDocument, text, label, copyText, labels);
    button.title = labels.copyTitle(copyPreview(text), differs);
    if (differs) button.dataset.differs = '';
    button.dataset.copied = copyPreview(text);
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
    status.textContent =
      state === 'copied'
        ? labels.copied(copyPreview(text), button.dataset.differs !== undefined)
        : labels.copyFailed;
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
