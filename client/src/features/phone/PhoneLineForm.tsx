import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { normalisePhoneNumber } from '@shared/phone/numbers';
import { usePhoneT } from '../../i18n/phone';
import { toCallError } from '../../lib/errors';
import { errorText } from '../../ui/errorText';
import { FormMessage } from '../../ui/form';
import { PhoneNumberField } from './PhoneNumberField';

/** The texts of one kind of line: the venue's number or the organisation's. */
export type PhoneLineTexts = 'venue' | 'organisation';

/** A number people dial (a 050 DID), typed any usual way; empty saves null (no line). 409 means another has it. */
export function PhoneLineForm({
  texts,
  saved,
  save,
  testId,
  inputTestId,
}: {
  texts: PhoneLineTexts;
  /** The number as shown now ('' for none). */
  saved: string;
  /** Saves, and answers with the number as stored (the form shows it; it stays mounted to say 保存しました). */
  save: (number: string | null) => Promise<{ display: string | null }>;
  testId: string;
  inputTestId: string;
}) {
  const { t } = usePhoneT();
  const main = useTranslation().t;
  const [number, setNumber] = useState(saved);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setNumber(saved), [saved]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const empty = number.trim() === '';
    if (!empty && !normalisePhoneNumber(number)) return setFieldError(t('person.notANumber'));
    setFieldError(null);
    setBusy(true);
    setMessage(null);
    try {
      const stored = await save(empty ? null : number);
      setNumber(stored.display ?? '');
      setMessage({ tone: 'ok', text: t(`${texts}.saved`) });
    } catch (error) {
      const taken = toCallError(error).code === 'CONFLICT';
      setMessage({ tone: 'error', text: taken ? t(`${texts}.taken`) : errorText(main, error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="staff-form" onSubmit={(e) => void submit(e)} noValidate data-testid={testId}>
      <p>{t(`${texts}.lead`)}</p>
      <PhoneNumberField
        label={t(`${texts}.number`)}
        hint={t(`${texts}.numberHint`)}
        value={number}
        onChange={setNumber}
        error={fieldError}
        data-testid={inputTestId}
      />
      {message && <FormMessage tone={message.tone}>{message.text}</FormMessage>}
      <div className="button-row">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {t(`${texts}.save`)}
        </button>
      </div>
    </form>
  );
}
