import { useEffect, useRef } from 'react';
import { BigButton, type BigButtonVariant } from './BigButton';

interface ConfirmDialogProps {
  title: string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  /** The confirm button's colour: red (the default) for what cannot be undone. */
  confirmVariant?: BigButtonVariant;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  error?: string | null;
}

/** A full-screen question with two big answers; nothing else on screen to confuse. */
export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  cancelLabel,
  confirmVariant = 'danger',
  onConfirm,
  onCancel,
  busy,
  error,
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div className="confirm" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" data-testid="confirm-dialog">
      <div className="confirm__box">
        <h2 id="confirm-title" className="confirm__title">
          {title}
        </h2>
        <p className="confirm__body">{body}</p>
        {error && (
          <p className="confirm__error" role="alert">
            {error}
          </p>
        )}
        <div className="confirm__actions">
          <BigButton ref={cancelRef} label={cancelLabel} variant="light" onClick={onCancel} data-testid="confirm-cancel" />
          <BigButton label={confirmLabel} variant={confirmVariant} onClick={onConfirm} disabled={busy} data-testid="confirm-ok" />
        </div>
      </div>
    </div>
  );
}
