import type { ToolbarOpens } from '../lib/storage/settings';
import type { FieldError } from '../lib/ui/options-store';
import type { ToolbarOptions } from '../lib/ui/toolbar-options';
import { t } from '../lib/i18n';
import { FieldMessage } from './FieldMessage';

interface Props {
  value: ToolbarOpens;
  /** Absent in a page without the browser's commands (unit tests of the rest). */
  toolbar?: ToolbarOptions;
  error?: FieldError;
  saved: boolean;
  onSave: (value: ToolbarOpens) => void;
}

/** What the toolbar button opens (popup or side panel), and the shortcut that opens it. */
export function ToolbarField({ value, toolbar, error, saved, onSave }: Props) {
  const hasSidePanel = toolbar?.hasSidePanel ?? true;
  const shortcut = toolbar?.shortcut.value;
  const choices: Array<[ToolbarOpens, string]> = [
    ['popup', t('optToolbarOpensPopup')],
    ['sidePanel', t('optToolbarOpensSidePanel')],
  ];
  return (
    <>
      <fieldset class="field" aria-describedby="toolbar-msg">
        <legend class="field-legend">{t('optToolbarOpensLabel')}</legend>
        {choices.map(([choice, label]) => (
          <label key={choice} class="radio-field">
            <input
              type="radio"
              name="toolbar-opens"
              value={choice}
              checked={value === choice}
              disabled={choice === 'sidePanel' && !hasSidePanel}
              onChange={() => onSave(choice)}
              data-testid={`toolbar-opens-${choice}`}
            />
            {label}
          </label>
        ))}
        {!hasSidePanel && <p class="field-desc">{t('optToolbarNoSidePanel')}</p>}
        <FieldMessage id="toolbar-msg" error={error} saved={saved} />
      </fieldset>
      {toolbar && (
        <div class="field">
          <p class="field-label" id="shortcut-label">
            {t('optShortcutLabel')}
          </p>
          <div class="inline" role="group" aria-labelledby="shortcut-label">
            <kbd data-testid="shortcut">
              {shortcut === undefined ? '…' : shortcut || t('optShortcutNone')}
            </kbd>
            <button
              type="button"
              class="button small"
              onClick={() => void toolbar.openShortcuts()}
              data-testid="change-shortcut"
            >
              {t('optShortcutChange')}
            </button>
          </div>
          {toolbar.error.value && (
            <p class="field-error" role="alert">
              {toolbar.error.value}
            </p>
          )}
        </div>
      )}
    </>
  );
}
