import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TEXT_LIMITS } from '@shared/limits';
import type { SessionListItem } from '@shared/venues/schemas';
import { venueRoutes } from '@shared/venues/routes';
import { apiCall } from '../../lib/api';
import { errorText } from '../../ui/errorText';
import { FormMessage, TextField } from '../../ui/form';
import { FormActions } from '../../ui/staff/pageParts';

interface CancelSessionControlProps {
  session: SessionListItem;
  onChanged: () => void;
}

/** 「お休みにする」 with a reason everyone sees (台風のため …), or 「お休みをとりやめる」 before it starts. */
export function CancelSessionControl({ session, onChanged }: CancelSessionControlProps) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (request: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await request();
      setAsking(false);
      onChanged();
    } catch (e) {
      setError(errorText(t, e, { reason: t('admin.sessions.cancelReason') }));
    } finally {
      setBusy(false);
    }
  };

  if (session.cancelledAt) {
    return (
      <>
        <button
          type="button"
          className="btn"
          disabled={busy}
          data-testid="uncancel-session"
          onClick={() => void run(() => apiCall(venueRoutes.uncancelSession, { params: { sessionId: session.id } }))}
        >
          {t('admin.sessions.uncancel')}
        </button>
        {error && <FormMessage tone="error">{error}</FormMessage>}
      </>
    );
  }
  if (!asking) {
    return (
      <button type="button" className="btn" data-testid="cancel-session" onClick={() => setAsking(true)}>
        {t('admin.sessions.cancel')}
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setError(t('admin.sessions.cancelReasonMissing'));
    void run(() => apiCall(venueRoutes.cancelSession, { params: { sessionId: session.id }, body: { reason } }));
  };
  return (
    <form className="staff-fieldset" onSubmit={submit} data-testid="cancel-session-form">
      <TextField
        label={t('admin.sessions.cancelReason')}
        hint={t('admin.sessions.cancelReasonHint')}
        value={reason}
        onChange={setReason}
        maxLength={TEXT_LIMITS.cancelReason}
        autoFocus
      />
      {error && <FormMessage tone="error">{error}</FormMessage>}
      <FormActions
        submitLabel={t('admin.sessions.cancelConfirm')}
        busy={busy}
        onCancel={() => setAsking(false)}
        submitTestId="cancel-session-confirm"
      />
    </form>
  );
}
