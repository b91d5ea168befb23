import { useId } from 'react';

interface SelectFieldProps<V extends string> {
  label: string;
  value: V | '';
  /** The choices in order, each with its label; '' is the "not set" choice, shown first as `emptyLabel`. */
  options: readonly { value: V; label: string }[];
  emptyLabel: string;
  onChange: (value: V | '') => void;
  hint?: string;
  error?: string | null;
  testId?: string;
}

/** A labelled drop-down in the form's style (same size and focus ring as a text field), with a "not set" choice. */
export function SelectField<V extends string>({ label, value, options, emptyLabel, onChange, hint, error, testId }: SelectFieldProps<V>) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`form-field${error ? ' form-field--error' : ''}`}>
      <label className="form-field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <span className="form-field__hint" id={hintId}>
          {hint}
        </span>
      )}
      <select
        id={id}
        className="form-field__input"
        value={value}
        onChange={(e) => onChange(e.target.value as V | '')}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        data-testid={testId}
      >
        <option value="">{emptyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error && (
        <span className="form-field__error" id={errorId}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </span>
      )}
    </div>
  );
}
