import { useState, type FormEvent } from 'react';
import { useVenueChoice } from './useVenueChoice';
import { useTranslation } from 'react-i18next';
import type { StaffMember } from '@shared/staff/schemas';
import type { Venue } from '@shared/venues/schemas';
import { useStaffT } from '../../i18n/staff';
import { errorText } from '../../ui/errorText';
import { CheckboxField, FormMessage } from '../../ui/form';
import { FormActions } from '../../ui/staff/pageParts';
import { staffRoutes } from '@shared/staff/routes';
import { apiCall } from '../../lib/api';

interface HostVenuesFormProps {
  member: StaffMember;
  venues: Venue[];
  onSaved: (member: StaffMember) => void;
  onCancel: () => void;
}

/** One checkbox per venue of the organisation: the venues this host runs. */
export function HostVenuesForm({ member, venues, onSaved, onCancel }: HostVenuesFormProps) {
  const { t } = useStaffT();
  const main = useTranslation().t;
  const { chosen, toggle, chosenIds } = useVenueChoice(venues, () => member.venueIds);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      onSaved(
        await apiCall(staffRoutes.setVenues, {
          params: { userId: member.id },
          body: { venueIds: chosenIds() },
        }),
      );
    } catch (error) {
      setProblem(errorText(main, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="participant-form" onSubmit={(e) => void submit(e)} data-testid="host-venues-form">
      <fieldset className="staff-fieldset">
        <legend>{t('venuesLegend', { name: member.displayName })}</legend>
        {venues.map((venue) => (
          <CheckboxField key={venue.id} label={venue.name} checked={chosen.has(venue.id)} onChange={(on) => toggle(venue.id, on)} />
        ))}
      </fieldset>
      {problem && <FormMessage tone="error">{problem}</FormMessage>}
      <FormActions submitLabel={t('saveVenues')} busy={busy} onCancel={onCancel} submitTestId="save-venues" />
    </form>
  );
}
