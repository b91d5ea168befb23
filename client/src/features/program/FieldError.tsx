/** The red line under a field the server or the browser rejected. */
export function FieldError({ id, text }: { id?: string; text: string }) {
  return (
    <span className="form-field__error" id={id} data-testid="field-error">
      <span aria-hidden="true">⚠ </span>
      {text}
    </span>
  );
}
