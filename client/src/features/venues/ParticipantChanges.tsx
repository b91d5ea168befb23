import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { venueRoutes } from '@shared/venues/routes';
import type { Participant, Venue } from '@shared/venues/schemas';
import { apiCall } from '../../lib/api';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { errorText } from '../../ui/errorText';
import { FormMessage, TextField } from '../../ui/form';
import { useVenuesT } from '../../i18n/venues';

type Confirming = 'leave' | 'erase';

/**
 * People coming and going, for one participant of the venue: お休み (with an optional last day) and its end, a move
 * to another venue, leaving, and erasure on request. `onDone` gets the changed participant and what to tell staff.
 */
export function ParticipantChanges({
  venueId,
  participant,
  venues,
  onDone,
  onCancel,
}: {
  venueId: string;
  participant: Participant;
  /** The venues the user may move people to (this one included: it is left out here). */
  venues: Pick<Venue, 'id' | 'name'>[];
  onDone: (participant: Participant, note: string) => void;
  onCancel: () => void;
}) {
  const { t } = useVenuesT();
  const mainT = useTranslation().t;
  const [until, setUntil] = useState('');
  const others = venues.filter((v) => v.id !== venueId);
  const [toVenueId, setToVenueId] = useState(others[0]?.id ?? '');
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = participant.displayName;
  const params = { participantId: participant.id };
  /** Someone who left: only erasure is left to do. */
  const gone = participant.status === 'left';

  const run = async (send: () => Promise<Participant>, note: string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await send(), note);
    } catch (e) {
      setError(errorText(mainT, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="staff-form participant-changes" data-testid="participant-changes">
      <h3 className="staff-subtitle">{t('changes.title', { name })}</h3>
      {gone ? null : participant.status === 'paused' ? (
        <div className="button-row">
          <button
            type="button"
            className="btn btn--primary"
            data-testid="resume"
            disabled={busy}
            onClick={() => void run(() => apiCall(venueRoutes.resumeParticipant, { params }), t('changes.resumed'))}
          >
            {t('changes.resume')}
          </button>
        </div>
      ) : (
        <fieldset className="staff-fieldset">
          <legend>{t('changes.pauseTitle')}</legend>
          <TextField
            label={t('changes.until')}
            hint={t('changes.untilHint')}
            type="date"
            value={until}
            onChange={setUntil}
            data-testid="pause-until"
          />
          <button
            type="button"
            className="btn btn--primary"
            data-testid="pause"
            disabled={busy}
            onClick={() =>
              void run(() => apiCall(venueRoutes.pauseParticipant, { params, body: until ? { until } : {} }), t('changes.paused'))
            }
          >
            {t('changes.pause')}
          </button>
        </fieldset>
      )}
      {!gone && others.length > 0 && (
        <fieldset className="staff-fieldset">
          <legend>{t('changes.moveTitle')}</legend>
          <div className="form-field">
            <label className="form-field__label" htmlFor={`move-${participant.id}`}>
              {t('changes.moveTo')}
            </label>
            <select
              id={`move-${participant.id}`}
              className="form-field__input"
              value={toVenueId}
              onChange={(e) => setToVenueId(e.target.value)}
              data-testid="move-to"
            >
              {others.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </select>
          </div>
          <p className="staff-note">{t('changes.moveNote')}</p>
          <button
            type="button"
            className="btn btn--primary"
            data-testid="move"
            disabled={busy || !toVenueId}
            onClick={() =>
              void run(
                () => apiCall(venueRoutes.moveParticipant, { params, body: { fromVenueId: venueId, toVenueId } }),
                t('changes.moved', { venue: others.find((v) => v.id === toVenueId)?.name ?? '' }),
              )
            }
          >
            {t('changes.move')}
          </button>
        </fieldset>
      )}
      <div className="button-row">
        {!gone && (
          <button type="button" className="btn btn--danger-outline" data-testid="leave" onClick={() => setConfirming('leave')}>
            {t('changes.leave')}
          </button>
        )}
        <button type="button" className="btn btn--danger-outline" data-testid="erase" onClick={() => setConfirming('erase')}>
          {t('changes.erase')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {mainT('staff.cancel')}
        </button>
      </div>
      {error && !confirming && <FormMessage tone="error">{error}</FormMessage>}
      {confirming && (
        <ConfirmDialog
          title={t(`changes.${confirming}ConfirmTitle`, { name })}
          body={t(`changes.${confirming}ConfirmBody`)}
          confirmLabel={t(`changes.${confirming}Yes`)}
          cancelLabel={mainT('staff.cancel')}
          busy={busy}
          error={error}
          onCancel={() => {
            setConfirming(null);
            setError(null);
          }}
          onConfirm={() =>
            void run(
              () =>
                confirming === 'leave'
                  ? apiCall(venueRoutes.leaveParticipant, { params })
                  : apiCall(venueRoutes.eraseParticipant, { params }),
              t(`changes.${confirming === 'leave' ? 'left' : 'erased'}`),
            )
          }
        />
      )}
    </div>
  );
}
