import type { ComponentChildren } from 'preact';

interface Props {
  id: string;
  label: string;
  description?: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
  children?: ComponentChildren;
}

/** A labelled checkbox with an optional description, styled as a switch. */
export function CheckboxField({
  id,
  label,
  description,
  checked,
  disabled,
  onChange,
  children,
}: Props) {
  return (
    <div class="field checkbox-field">
      <input
        id={id}
        type="checkbox"
        class="switch"
        checked={checked}
        disabled={disabled}
        aria-describedby={description ? `${id}-desc` : undefined}
        onChange={(e) => onChange(e.currentTarget.checked)}
        data-testid={id}
      />
      <div class="field-text">
        <label for={id}>{label}</label>
        {description && (
          <p id={`${id}-desc`} class="field-desc">
            {description}
          </p>
        )}
        {children}
      </div>
    </div>
  );
}
