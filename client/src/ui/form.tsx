import { useId, type ChangeEvent, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import '../styles/auth.css';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Always shown under the label (e.g. "10文字以上"). */
  hint?: ReactNode;
  /** Shown in bold red with a mark when the value is wrong. */
  error?: string | null;
  multiline?: boolean;
  ref?: Ref<HTMLInputElement>;
}

/** A labelled input with its hint and error tied to it for screen readers. Sizes follow the form's font size. */
export function TextField({ label, value, onChange, hint, error, multiline, ref, className, ...rest }: TextFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const shared = {
    id,
    value,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value),
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div className={['form-field', error ? 'form-field--error' : '', className].filter(Boolean).join(' ')}>
      <label className="form-field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <span className="form-field__hint" id={hintId}>
          {hint}
        </span>
      )}
      {multiline ? (
        <textarea
          {...shared}
          className="form-field__input form-field__input--multiline"
          name={rest.name}
          maxLength={rest.maxLength}
          rows={3}
        />
      ) : (
        <input ref={ref} {...shared} className="form-field__input" {...rest} />
      )}
      {error && (
        <span className="form-field__error" id={errorId}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </span>
      )}
    </div>
  );
}

/** A big checkbox whose whole row is the target. */
export function CheckboxField({
  label,
  checked,
  onChange,
  hint,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
}) {
  return (
    <label className="form-check">
      <input type="checkbox" className="form-check__box" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="form-check__text">
        <span className="form-check__label">{label}</span>
        {hint && <span className="form-check__hint">{hint}</span>}
      </span>
    </label>
  );
}

/** A message about the whole form: what went wrong (read out at once) or that it worked. */
export function FormMessage({ tone, children, testId }: { tone: 'error' | 'ok'; children: ReactNode; testId?: string }) {
  return (
    <p className={`form-message form-message--${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <span className="form-message__mark" aria-hidden="true">
        {tone === 'error' ? '⚠' : '✓'}
      </span>
      <span>{children}</span>
    </p>
  );
}
