import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCheckinsT } from '../../i18n/checkins';
import type { Participant } from '@shared/venues/schemas';
import { TEXT_LIMITS } from '@shared/limits';
import { toCallError } from '../../lib/errors';
import { errorText } from '../../ui/errorText';
import { CheckboxField, FormMessage, TextField } from '../../ui/form';
import { venueRoutes } from '@shared/venues/routes';
import { apiCall } from '../../lib/api';
import { FormActions } from '../../ui/staff/pageParts';

/** The server's KanaReading rule (shared/src/common.ts), checked here too so the message sits next to the field. */
const KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}ー・\s]*$/u;

type Values = { displayName: string; kana: string; contact: string; notes: string; wellbeingConsent: boolean };
type TextKey = Exclude<keyof Values, 'wellbeingConsent'>;

const valuesOf = (p: Participant | null): Values => ({
  displayName: p?.displayName ?? '',
  kana: p?.kana ?? '',
  contact: p?.contact ?? '',
  notes: p?.notes ?? '',
  wellbeingConsent: Boolean(p?.wellbeingConsentAt),
});

interface ParticipantFormProps {
  venueId: string;
  /** Edit this participant; add a new one when null. */
  participant: Participant | null;
  onSaved: (participant: Participant) => void;
  onCancel: () => void;
}

/** 名前, ふりがな, 連絡先, メモ and the 同意 checkbox, for a new participant or an existing one. */
export function ParticipantForm({ venueId, participant, onSaved, onCancel }: ParticipantFormProps) {
  const { t } = useTranslation();
  const checkinT = useCheckinsT().t;
  const [values, setValues] = useState<Values>(() => valuesOf(participant));
  const [problem, setProblem] = useState<{ field: TextKey | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const labels: Record<TextKey, string> = {
    displayName: t('admin.people.name'),
    kana: t('admin.people.kana'),
    contact: t('admin.people.contact'),
    notes: t('admin.people.notes'),
  };
  const text = (key: TextKey) => ({
    label: labels[key],
    value: values[key],
    onChange: (value: string) => setValues((v) => ({ ...v, [key]: value })),
    error: problem?.field === key ? problem.text : null,
    name: key,
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const trimmed = {
      displayName: values.displayName.trim(),
      kana: values.kana.trim(),
      contact: values.contact.trim(),
      notes: values.notes.trim(),
    };
    if (!trimmed.displayName) return setProblem({ field: 'displayName', text: t('admin.people.nameMissing') });
    if (!KANA.test(trimmed.kana)) return setProblem({ field: 'kana', text: t('admin.people.kanaInvalid') });
    setBusy(true);
    setProblem(null);
    try {
      const saved = participant
        ? await apiCall(venueRoutes.updateParticipant, {
            params: { participantId: participant.id },
            body: {
              ...trimmed,
              contact: trimmed.contact || null,
              notes: trimmed.notes || null,
              wellbeingConsent: values.wellbeingConsent,
            },
          })
        : await apiCall(venueRoutes.createParticipant, {
            params: { venueId },
            body: {
              displayName: trimmed.displayName,
              kana: trimmed.kana,
              ...(trimmed.contact && { contact: trimmed.contact }),
              ...(trimmed.notes && { notes: trimmed.notes }),
              wellbeingConsent: values.wellbeingConsent,
            },
          });
      onSaved(saved);
    } catch (error) {
      const rejected = toCallError(error).field?.split('.')[0];
      const field = (Object.keys(labels) as TextKey[]).find((key) => key === rejected) ?? null;
      setProblem({ field, text: errorText(t, error, labels) });
      setBusy(false);
    }
  };

  return (
    <form className="staff-form participant-form" onSubmit={(event) => void submit(event)} noValidate data-testid="participant-form">
      <h3 className="staff-subtitle">
        {participant ? t('admin.people.editTitle', { name: participant.displayName }) : t('admin.people.addTitle')}
      </h3>
      {problem && !problem.field && <FormMessage tone="error">{problem.text}</FormMessage>}
      <div className="field-grid">
        <TextField {...text('displayName')} maxLength={TEXT_LIMITS.personName} autoComplete="off" hint={t('admin.people.nameHint')} />
        <TextField {...text('kana')} maxLength={TEXT_LIMITS.kana} autoComplete="off" hint={t('admin.people.kanaHint')} />
        <TextField {...text('contact')} maxLength={TEXT_LIMITS.contact} autoComplete="off" hint={t('admin.people.contactHint')} />
      </div>
      <TextField {...text('notes')} multiline maxLength={TEXT_LIMITS.participantNotes} hint={t('admin.people.notesHint')} />
      <CheckboxField
        label={t('admin.people.consent')}
        hint={t('admin.people.consentHint')}
        checked={values.wellbeingConsent}
        onChange={(wellbeingConsent) => setValues((v) => ({ ...v, wellbeingConsent }))}
      />
      {participant?.wellbeingConsentAt && !values.wellbeingConsent && (
        <FormMessage tone="error">{checkinT('admin.consentWithdrawHint')}</FormMessage>
      )}
      <FormActions
        submitLabel={participant ? t('admin.people.save') : t('admin.people.add')}
        busy={busy}
        onCancel={onCancel}
        submitTestId="participant-save"
      />
    </form>
  );
}
