import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckinQuestion } from '@shared/checkins/questions';
import type { WatchEntry } from '@shared/checkins/schemas';
import { useCheckinsT } from '../../../i18n/checkins';
import { withMember } from '../../../lib/sets';
import { FormActions } from '../../../ui/staff/pageParts';
import { useSignedInUser } from '../../auth';
import { errorText } from '../../../ui/errorText';
import { CheckboxField, FormMessage, TextField } from '../../../ui/form';
import { checkinRoutes } from '@shared/checkins/routes';
import { TEXT_LIMITS } from '@shared/limits';
import { apiCall } from '../../../lib/api';
import { reasonText } from './reasons';

/** Now, as a `datetime-local` value in the device's time (Japan on staff devices). */
function localNow(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

interface HandleFormProps {
  entry: WatchEntry;
  questions: CheckinQuestion[];
  onHandled: () => void;
  onCancel: () => void;
}

type Field = 'who' | 'when' | 'outcome' | 'reasons';

/**
 * 「対応済みにする」: who contacted the person, when, and how it went; for all their reasons at once, or
 * for those ticked. Each reason is recorded as handled and leaves the list; the note stays in their history.
 */
export function HandleForm({ entry, questions, onHandled, onCancel }: HandleFormProps) {
  const { t, i18n } = useCheckinsT();
  const main = useTranslation().t;
  const user = useSignedInUser();
  const [who, setWho] = useState(user.displayName);
  const [when, setWhen] = useState(localNow);
  const [outcome, setOutcome] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(entry.reasons.map((r) => r.key)));
  const [problem, setProblem] = useState<{ field: Field | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!who.trim()) return setProblem({ field: 'who', text: t('watch.form.missingName') });
    if (!when) return setProblem({ field: 'when', text: t('watch.form.missingWhen') });
    if (!outcome.trim()) return setProblem({ field: 'outcome', text: t('watch.form.missingOutcome') });
    if (chosen.size === 0) return setProblem({ field: 'reasons', text: t('watch.form.missingReason') });
    setBusy(true);
    setProblem(null);
    try {
      for (const reasonKey of chosen) {
        await apiCall(checkinRoutes.handleWatch, {
          params: { participantId: entry.participantId },
          body: {
            reasonKey,
            contactedBy: who.trim(),
            contactedAt: new Date(when).toISOString(),
            outcome: outcome.trim(),
          },
        });
      }
      onHandled();
    } catch (error) {
      setProblem({ field: null, text: errorText(main, error) });
      setBusy(false);
    }
  };
  const errorFor = (field: Field) => (problem?.field === field ? problem.text : null);
  const toggle = (key: string, on: boolean) => setChosen((previous) => withMember(previous, key, on));

  return (
    <form className="staff-form watch-form" onSubmit={(e) => void submit(e)} noValidate data-testid="watch-form">
      <h3 className="staff-subtitle">{t('watch.form.title', { name: entry.displayName })}</h3>
      {problem && (problem.field === null || problem.field === 'reasons') && <FormMessage tone="error">{problem.text}</FormMessage>}
      {entry.reasons.length > 1 && (
        <fieldset className="staff-fieldset">
          <legend>{t('watch.form.which')}</legend>
          {entry.reasons.map((reason) => (
            <CheckboxField
              key={reason.key}
              label={reasonText(t, reason, questions, i18n.language)}
              checked={chosen.has(reason.key)}
              onChange={(on) => toggle(reason.key, on)}
            />
          ))}
        </fieldset>
      )}
      <div className="field-grid">
        <TextField
          label={t('watch.form.contactedBy')}
          value={who}
          onChange={setWho}
          maxLength={TEXT_LIMITS.contactedBy}
          autoComplete="name"
          error={errorFor('who')}
          data-testid="watch-who"
        />
        <TextField
          label={t('watch.form.contactedAt')}
          type="datetime-local"
          value={when}
          onChange={setWhen}
          error={errorFor('when')}
          data-testid="watch-when"
        />
      </div>
      <TextField
        label={t('watch.form.outcome')}
        hint={t('watch.form.outcomeHint')}
        value={outcome}
        onChange={setOutcome}
        multiline
        maxLength={TEXT_LIMITS.watchOutcome}
        error={errorFor('outcome')}
        name="outcome"
      />
      <FormActions submitLabel={t('watch.form.save')} busy={busy} onCancel={onCancel} submitTestId="watch-save" />
    </form>
  );
}
