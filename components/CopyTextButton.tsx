import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../lib/i18n';

/** How long "Copied" stays on the button. */
const FEEDBACK_MS = 1500;

interface Props {
  /**
   * Built on click: turning a 40 000-character message into text need not delay its page. A
   * promise when the text is read first (a message shown from its rendering, without its
   * content in hand): copied once it is there.
   */
  getText: () => string | Promise<string>;
  copyText: (text: string) => Promise<void>;
}

/** Copies the message as plain text, with visible and announced feedback. */
export function CopyTextButton({ getText, copyText }: Props) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const handleClick = () => {
    const text = getText();
    // A text in hand is copied within the click itself (a browser may ask for that).
    (typeof text === 'string' ? copyText(text) : text.then(copyText)).then(
      () => setState('copied'),
      () => setState('failed'),
    );
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), FEEDBACK_MS);
  };

  return (
    <button type="button" class="button" onClick={handleClick} data-testid="copy-text">
      <span aria-live="polite">
        {state === 'copied' ? t('copied') : state === 'failed' ? t('copyFailed') : t('copyText')}
      </span>
    </button>
  );
}
