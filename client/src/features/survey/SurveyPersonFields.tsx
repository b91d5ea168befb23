import { FIRST_BIRTH_YEAR, PARTICIPANT_SEXES, type ParticipantSex } from '@shared/venues/surveyCategories';
import { japanToday } from '@shared/japanTime';
import { useSurveyT } from '../../i18n/survey';
import { TextField } from '../../ui/form';
import { SelectField } from './SelectField';

export interface SurveyPersonValues {
  sex: ParticipantSex | '';
  /** As typed; '' when not given. */
  birthYear: string;
}

export const surveyPersonValues = (p: { sex: ParticipantSex | null; birthYear: number | null } | null): SurveyPersonValues => ({
  sex: p?.sex ?? '',
  birthYear: p?.birthYear ? String(p.birthYear) : '',
});

/** The values for the API, or null when the birth year is not a year from 1900 to this year (the server's rule). */
export function surveyPersonBody(values: SurveyPersonValues): { sex: ParticipantSex | null; birthYear: number | null } | null {
  const typed = values.birthYear.trim();
  const year = Number(typed);
  if (typed && !(/^\d{4}$/.test(typed) && year >= FIRST_BIRTH_YEAR && year <= thisYear())) return null;
  return { sex: values.sex || null, birthYear: typed ? year : null };
}

const thisYear = () => Number(japanToday().slice(0, 4));

/** 性別 and 生まれ年, both optional, with what they are for written above them. */
export function SurveyPersonFields({
  values,
  onChange,
  birthYearError,
}: {
  values: SurveyPersonValues;
  onChange: (values: SurveyPersonValues) => void;
  birthYearError: boolean;
}) {
  const { t } = useSurveyT();
  return (
    <fieldset className="staff-fieldset" data-testid="survey-person-fields">
      <legend>{t('person.purpose')}</legend>
      <div className="field-grid">
        <SelectField
          label={t('person.sex')}
          value={values.sex}
          options={PARTICIPANT_SEXES.map((sex) => ({ value: sex, label: t(`person.${sex}`) }))}
          emptyLabel={t('person.sexNone')}
          onChange={(sex) => onChange({ ...values, sex })}
          testId="participant-sex"
        />
        <TextField
          label={t('person.birthYear')}
          hint={t('person.birthYearHint')}
          value={values.birthYear}
          onChange={(birthYear) => onChange({ ...values, birthYear })}
          inputMode="numeric"
          maxLength={String(FIRST_BIRTH_YEAR).length}
          autoComplete="off"
          name="birthYear"
          error={birthYearError ? t('person.birthYearInvalid', { year: thisYear() }) : null}
        />
      </div>
    </fieldset>
  );
}
