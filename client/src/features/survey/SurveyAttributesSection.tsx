import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VenueSurveyAttributes } from '@shared/venues/schemas';
import { venueRoutes } from '@shared/venues/routes';
import { VENUE_ACTIVITIES, VENUE_OPERATORS, VENUE_PLACES, type VenueActivity } from '@shared/venues/surveyCategories';
import { useSurveyT } from '../../i18n/survey';
import { apiCall } from '../../lib/api';
import { withMember } from '../../lib/sets';
import { errorText } from '../../ui/errorText';
import { CheckboxField, FormMessage } from '../../ui/form';
import { SelectField } from './SelectField';

/**
 * The venue's attributes for the national survey: 運営主体 and 場所 (one each), its activities (any) and the main
 * one among them. Saved with one button (PUT …/survey-attributes); nothing else of the venue changes.
 */
export function SurveyAttributesSection({ venueId, saved }: { venueId: string; saved: VenueSurveyAttributes }) {
  const { t } = useSurveyT();
  const main = useTranslation().t;
  const [values, setValues] = useState<VenueSurveyAttributes>(saved);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const activities = new Set(values.activities);
  const mainMissing = values.mainActivity !== null && !activities.has(values.mainActivity);

  const toggle = (activity: VenueActivity, on: boolean) =>
    setValues((v) => ({ ...v, activities: VENUE_ACTIVITIES.filter((a) => withMember(new Set(v.activities), activity, on).has(a)) }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (mainMissing) return setMessage({ tone: 'error', text: t('attributes.mainNotChosen') });
    setBusy(true);
    setMessage(null);
    try {
      setValues(await apiCall(venueRoutes.setSurveyAttributes, { params: { venueId }, body: values }));
      setMessage({ tone: 'ok', text: t('attributes.saved') });
    } catch (error) {
      setMessage({ tone: 'error', text: errorText(main, error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="staff-form" onSubmit={(event) => void submit(event)} noValidate data-testid="survey-attributes">
      <p>{t('attributes.lead')}</p>
      <div className="field-grid">
        <SelectField
          label={t('attributes.operator')}
          value={values.operator ?? ''}
          options={VENUE_OPERATORS.map((value) => ({ value, label: t(`operators.${value}`) }))}
          emptyLabel={t('attributes.notSet')}
          onChange={(operator) => setValues((v) => ({ ...v, operator: operator || null }))}
          testId="survey-operator"
        />
        <SelectField
          label={t('attributes.place')}
          value={values.place ?? ''}
          options={VENUE_PLACES.map((value) => ({ value, label: t(`places.${value}`) }))}
          emptyLabel={t('attributes.notSet')}
          onChange={(place) => setValues((v) => ({ ...v, place: place || null }))}
          testId="survey-place"
        />
      </div>
      <fieldset className="staff-fieldset">
        <legend>{t('attributes.activities')}</legend>
        <div className="check-list">
          {VENUE_ACTIVITIES.map((activity) => (
            <CheckboxField
              key={activity}
              label={t(`activities.${activity}`)}
              checked={activities.has(activity)}
              onChange={(on) => toggle(activity, on)}
            />
          ))}
        </div>
      </fieldset>
      <SelectField
        label={t('attributes.mainActivity')}
        hint={t('attributes.mainActivityHint')}
        value={values.mainActivity ?? ''}
        options={values.activities.map((value) => ({ value, label: t(`activities.${value}`) }))}
        emptyLabel={t('attributes.notSet')}
        onChange={(mainActivity) => setValues((v) => ({ ...v, mainActivity: mainActivity || null }))}
        error={mainMissing ? t('attributes.mainNotChosen') : null}
        testId="survey-main-activity"
      />
      {message && <FormMessage tone={message.tone}>{message.text}</FormMessage>}
      <div className="button-row">
        <button type="submit" className="btn btn--primary" disabled={busy} data-testid="survey-attributes-save">
          {t('attributes.save')}
        </button>
      </div>
    </form>
  );
}
