import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { normalisePhoneNumber, PHONE_NUMBER_INPUT_MAX } from '@shared/phone/numbers';
import { phoneRoutes } from '@shared/phone/routes';
import type { VenuePhoneLine } from '@shared/phone/schemas';
import { usePhoneT } from '../../i18n/phone';
import { apiCall } from '../../lib/api';
import { toCallError } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { errorText } from '../../ui/errorText';
import { FormMessage, TextField } from '../../ui/form';
import { Loaded } from '../../ui/staff/pageParts';

/** The number people dial for the venue's gatherings (its DID): set by an organiser, shown to hosts. */
export function VenuePhoneLineSection({ venueId, canEdit }: { venueId: string; canEdit: boolean }) {
  const { t } = usePhoneT();
  const main = useTranslation().t;
  const load = useCallback((signal: AbortSignal) => apiCall(phoneRoutes.venuePhoneLine, { params: { venueId }, signal }), [venueId]);
  const [line, reload] = useResource<VenuePhoneLine>(`phone-line:${venueId}`, load);
  const saved = line.status === 'ok' ? (line.data.display ?? '') : '';
  const [number, setNumber] = useState(saved);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setNumber(saved), [saved]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const empty = number.trim() === '';
    if (!empty && !normalisePhoneNumber(number)) return setFieldError(t('person.notANumber'));
    setFieldError(null);
    setBusy(true);
    setMessage(null);
    try {
      await apiCall(phoneRoutes.setVenuePhoneLine, { params: { venueId }, body: { number: empty ? null : number } });
      setMessage({ tone: 'ok', text: t('venue.saved') });
      reload();
    } catch (error) {
      const taken = toCallError(error).code === 'CONFLICT';
      setMessage({ tone: 'error', text: taken ? t('venue.taken') : errorText(main, error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Loaded resource={line} reload={reload}>
      {(current) =>
        canEdit ? (
          <form className="staff-form" onSubmit={(e) => void save(e)} noValidate data-testid="venue-phone-line">
            <p>{t('venue.lead')}</p>
            <TextField
              label={t('venue.number')}
              hint={t('venue.numberHint')}
              value={number}
              onChange={setNumber}
              error={fieldError}
              inputMode="tel"
              autoComplete="off"
              maxLength={PHONE_NUMBER_INPUT_MAX}
              data-testid="venue-phone-input"
            />
            {message && <FormMessage tone={message.tone}>{message.text}</FormMessage>}
            <div className="button-row">
              <button type="submit" className="btn btn--primary" disabled={busy}>
                {t('venue.save')}
              </button>
            </div>
          </form>
        ) : (
          <div data-testid="venue-phone-line">
            <p>{t('venue.lead')}</p>
            <p>
              <strong>{current.display ?? t('venue.none')}</strong>
            </p>
            <p className="staff-note">{t('venue.onlyOrganiser')}</p>
          </div>
        )
      }
    </Loaded>
  );
}
