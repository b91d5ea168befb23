import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { normalisePhoneNumber, PHONE_NUMBER_LABELS, PHONE_NUMBERS_PER_PARTICIPANT } from '@shared/phone/numbers';
import { phoneRoutes } from '@shared/phone/routes';
import type { ParticipantPhone, PhoneNumberLabel } from '@shared/phone/schemas';
import { usePhoneT } from '../../i18n/phone';
import { apiCall } from '../../lib/api';
import { useResource } from '../../lib/useResource';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { errorText } from '../../ui/errorText';
import { FormMessage } from '../../ui/form';
import { PhoneNumberField } from './PhoneNumberField';
import { Loaded } from '../../ui/staff/pageParts';

type Note = { tone: 'ok' | 'error'; text: string };

/**
 * A participant's 「電話」: their numbers (add, remove) and 電話番号用の番号 (shown, reissued). Loaded only when
 * opened: every read of someone's numbers is audited. `active`: still in a group (else read-only).
 */
export function ParticipantPhonePanel({ participantId, active, onClose }: { participantId: string; active: boolean; onClose: () => void }) {
  const { t } = usePhoneT();
  const main = useTranslation().t;
  const load = useCallback(
    (signal: AbortSignal) => apiCall(phoneRoutes.participantPhone, { params: { participantId }, signal }),
    [participantId],
  );
  const [phone, reload] = useResource<ParticipantPhone>(`phone:${participantId}`, load);
  const [number, setNumber] = useState('');
  const [label, setLabel] = useState<PhoneNumberLabel>('home');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setNote(null);
    try {
      await action();
      setNote({ tone: 'ok', text: done });
      reload();
      return true;
    } catch (error) {
      setNote({ tone: 'error', text: errorText(main, error) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = async (event: FormEvent, current: ParticipantPhone) => {
    event.preventDefault();
    if (busy) return;
    const e164 = normalisePhoneNumber(number);
    const problem = !e164
      ? t('person.notANumber')
      : current.numbers.some((n) => n.number === e164)
        ? t('person.duplicate')
        : current.numbers.length >= PHONE_NUMBERS_PER_PARTICIPANT
          ? t('person.tooMany', { max: PHONE_NUMBERS_PER_PARTICIPANT })
          : null;
    setFieldError(problem);
    if (problem) return;
    const added = await run(
      () => apiCall(phoneRoutes.addPhoneNumber, { params: { participantId }, body: { number, label } }),
      t('person.added'),
    );
    if (added) setNumber('');
  };

  return (
    <div className="staff-form phone-panel" data-testid="phone-panel">
      <h3 className="staff-subtitle">{t('person.title')}</h3>
      <p className="staff-note">{t('person.lead')}</p>
      <Loaded resource={phone} reload={reload}>
        {(current) => (
          <>
            <h4 className="phone-panel__heading">{t('person.numbers')}</h4>
            {current.numbers.length === 0 ? (
              <p>{t('person.none')}</p>
            ) : (
              <ul className="phone-panel__numbers" data-testid="phone-numbers">
                {current.numbers.map((n) => (
                  <li key={n.id} className="phone-panel__number">
                    <span>
                      {t(`labels.${n.label}`)}: <strong>{n.display}</strong>
                    </span>
                    <button
                      type="button"
                      className="btn btn--danger-outline"
                      disabled={busy}
                      onClick={() =>
                        void run(
                          () => apiCall(phoneRoutes.removePhoneNumber, { params: { participantId, numberId: n.id } }),
                          t('person.removed'),
                        )
                      }
                    >
                      {t('person.remove')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {active && current.numbers.length < PHONE_NUMBERS_PER_PARTICIPANT && (
              <form className="phone-panel__add" onSubmit={(e) => void add(e, current)} noValidate data-testid="phone-add">
                <PhoneNumberField
                  label={t('person.number')}
                  hint={t('person.numberHint')}
                  value={number}
                  onChange={setNumber}
                  error={fieldError}
                  data-testid="phone-number-input"
                />
                <div className="form-field">
                  <label className="form-field__label" htmlFor={`phone-label-${participantId}`}>
                    {t('person.label')}
                  </label>
                  <select
                    id={`phone-label-${participantId}`}
                    className="form-field__input"
                    value={label}
                    onChange={(e) => setLabel(e.target.value as PhoneNumberLabel)}
                  >
                    {PHONE_NUMBER_LABELS.map((l) => (
                      <option key={l} value={l}>
                        {t(`labels.${l}`)}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit" className="btn btn--primary" disabled={busy}>
                  {t('person.add')}
                </button>
              </form>
            )}
            <h4 className="phone-panel__heading">{t('person.keypadNumber')}</h4>
            <p className="phone-panel__keypad" data-testid="keypad-number">
              {current.keypadNumber ?? t('person.keypadNone')}
            </p>
            <p className="staff-note">{t('person.keypadHint')}</p>
            {note && <FormMessage tone={note.tone}>{note.text}</FormMessage>}
            <div className="button-row">
              {active && (
                <button type="button" className="btn" disabled={busy} onClick={() => setConfirming(true)} data-testid="keypad-reissue">
                  {t('person.reissue')}
                </button>
              )}
              <button type="button" className="btn" onClick={onClose}>
                {t('person.close')}
              </button>
            </div>
            {confirming && (
              <ConfirmDialog
                title={t('person.reissueTitle')}
                body={t('person.reissueBody')}
                confirmLabel={t('person.reissue')}
                cancelLabel={main('staff.cancel')}
                busy={busy}
                onConfirm={() =>
                  void run(() => apiCall(phoneRoutes.reissueKeypadNumber, { params: { participantId } }), t('person.reissued')).then(() =>
                    setConfirming(false),
                  )
                }
                onCancel={() => setConfirming(false)}
              />
            )}
          </>
        )}
      </Loaded>
    </div>
  );
}
