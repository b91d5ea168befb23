import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Resource } from '../../lib/useResource';
import { errorText } from '../errorText';

/** A titled part of a staff page. */
export function Section({
  title,
  actions,
  children,
  testId,
  id,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
  id?: string;
}) {
  return (
    <section className="staff-section" aria-labelledby={id ? `${id}-title` : undefined} data-testid={testId}>
      <div className="staff-section__head">
        <h2 className="staff-section__title" id={id ? `${id}-title` : undefined}>
          {title}
        </h2>
        {actions && <div className="staff-section__actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

/** A form's save and cancel buttons. */
export function FormActions({
  submitLabel,
  busy,
  onCancel,
  submitTestId,
}: {
  submitLabel: string;
  busy: boolean;
  onCancel: () => void;
  submitTestId?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="button-row">
      <button type="submit" className="btn btn--primary" disabled={busy} data-testid={submitTestId}>
        {submitLabel}
      </button>
      <button type="button" className="btn" onClick={onCancel}>
        {t('staff.cancel')}
      </button>
    </div>
  );
}

/**
 * What a part of a page shows while its data loads or when loading failed (with a retry button);
 * the data itself once it is there.
 */
export function Loaded<T>({ resource, reload, children }: { resource: Resource<T>; reload: () => void; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (resource.status === 'loading') {
    return (
      <p className="staff-loading" aria-busy="true">
        <span className="spinner" aria-hidden="true" /> {t('common.loading')}
      </p>
    );
  }
  if (resource.status === 'error') {
    return (
      <div className="form-message form-message--error" role="alert">
        <span className="form-message__mark" aria-hidden="true">
          ⚠
        </span>
        <span className="staff-stack">
          <span>{errorText(t, resource.error)}</span>
          <button type="button" className="btn" onClick={reload}>
            {t('common.retry')}
          </button>
        </span>
      </div>
    );
  }
  return <>{children(resource.data)}</>;
}
