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
import { SurveyPersonFields, surveyPersonBody, surveyPersonValues, type SurveyPersonValues } from '../survey/SurveyPersonFields';

/** The server's KanaReading rule (shared/src/common.ts), checked here too so the message sits next to the field. */
const KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}ー・\s]*$/u;

type Values = { displayName: string; kana: string; contact: string; notes: string; wellbeingConsent: boolean; survey: SurveyPersonValues };
type TextKey = Exclude<keyof Values, 'wellbeingConsent' | 'survey'>;

const valuesOf = (p: Participant | null): Values => ({
  displayName: p?.displayName ?? '',
  kana: p?.kana ?? '',
  contact: p?.contact ?? '',
  notes: p?.notes ?? '',
  wellbeingConsent: Boolean(p?.wellbeingConsentAt),
  survey: surveyPersonValues(p),
});

interface ParticipantFormProps {
  venueId: string;
  /** Edit this participant; add a new one when null. */
  participant: Participant | null;
  onSaved: (participant: Participant) => void;
  onCancel: () => void;
}

/** 名前, ふりがな, 連絡先, メモ, the 同意 checkbox and (for the survey) 性別 and 生まれ年, for a new participant or an existing one. */
export function ParticipantForm({ venueId, participant, onSaved, onCancel }: ParticipantFormProps) {
  const { t } = useTranslation();
  const checkinT = useCheckinsT().t;
  const [values, setValues] = useState<Values>(() => valuesOf(participant));
  const [problem, setProblem] = useState<{ field: TextKey | null; text: string } | null>(null);
  const [birthYearError, setBirthYearError] = useState(false);
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
    const survey = surveyPersonBody(values.survey);
    setBirthYearError(survey === null);
    if (survey === null) return setProblem(null);
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
              ...survey,
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
              ...survey,
            },
          });
      onSaved(saved);
    } catch (error) {
      const rejected = toCallError(error).field?.split('.')[0];
      if (rejected === 'birthYear') setBirthYearError(true);
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
      <SurveyPersonFields
        values={values.survey}
        onChange={(survey) => setValues((v) => ({ ...v, survey }))}
        birthYearError={birthYearError}
      />
      <FormActions
        submitLabel={participant ? t('admin.people.save') : t('admin.people.add')}
        busy={busy}
        onCancel={onCancel}
        submitTestId="participant-save"
      />
    </form>
  );
}
