import { useState, type FormEvent } from 'react';
import { useVenueChoice } from './useVenueChoice';
import { useTranslation } from 'react-i18next';
import type { UserRole } from '@shared/auth/schemas';
import { staffRoutes } from '@shared/staff/routes';
import type { StaffAccessLink } from '@shared/staff/schemas';
import type { Venue } from '@shared/venues/schemas';
import { useStaffT } from '../../i18n/staff';
import { apiCall } from '../../lib/api';
import { toCallError } from '../../lib/errors';
import { errorText } from '../../ui/errorText';
import { CheckboxField, FormMessage, TextField } from '../../ui/form';
import { FormActions } from '../../ui/staff/pageParts';

type Field = 'displayName' | 'email';

const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

/** Name, email, role and (for a host) venues: adds the account and hands back its one-time link. */
export function AddStaffForm({
  venues,
  onAdded,
  onCancel,
}: {
  venues: Venue[];
  onAdded: (link: StaffAccessLink) => void;
  onCancel: () => void;
}) {
  const { t } = useStaffT();
  const main = useTranslation().t;
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<UserRole>('host');
  const { chosen, toggle, chosenIds } = useVenueChoice(venues, () => (venues.length === 1 ? [venues[0]!.id] : []));
  const [problem, setProblem] = useState<{ field: Field | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!displayName.trim()) return setProblem({ field: 'displayName', text: t('add.nameMissing') });
    if (!looksLikeEmail(email.trim())) return setProblem({ field: 'email', text: t('add.emailInvalid') });
    setBusy(true);
    setProblem(null);
    try {
      const venueIds = role === 'host' ? chosenIds() : [];
      onAdded(await apiCall(staffRoutes.invite, { body: { displayName: displayName.trim(), email: email.trim(), role, venueIds } }));
    } catch (error) {
      const callError = toCallError(error, 'NETWORK');
      if (callError.code === 'CONFLICT' && callError.field === 'email') setProblem({ field: 'email', text: t('add.emailTaken') });
      else setProblem({ field: null, text: errorText(main, error, { displayName: t('add.name'), email: t('add.email') }) });
      setBusy(false);
    }
  };

  const errorFor = (field: Field) => (problem?.field === field ? problem.text : null);
  return (
    <form className="participant-form staff-form" onSubmit={(e) => void submit(e)} noValidate data-testid="add-staff-form">
      <fieldset className="staff-fieldset">
        <legend>{t('add.legend')}</legend>
        {problem && !problem.field && <FormMessage tone="error">{problem.text}</FormMessage>}
        <TextField
          label={t('add.name')}
          value={displayName}
          onChange={setDisplayName}
          error={errorFor('displayName')}
          autoComplete="off"
          data-testid="add-staff-name"
        />
        <TextField
          label={t('add.email')}
          type="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={errorFor('email')}
          data-testid="add-staff-email"
        />
        <div className="form-field">
          <label className="form-field__label" htmlFor="add-staff-role">
            {t('add.role')}
          </label>
          <select
            id="add-staff-role"
            className="form-field__input"
            value={role}
            onChange={(e) => setRole(e.target.value === 'organiser' ? 'organiser' : 'host')}
            data-testid="add-staff-role"
          >
            <option value="host">{main('staff.roles.host')}</option>
            <option value="organiser">{main('staff.roles.organiser')}</option>
          </select>
        </div>
      </fieldset>
      {role === 'host' && venues.length > 0 && (
        <fieldset className="staff-fieldset">
          <legend>{t('add.venues')}</legend>
          {venues.map((venue) => (
            <CheckboxField key={venue.id} label={venue.name} checked={chosen.has(venue.id)} onChange={(on) => toggle(venue.id, on)} />
          ))}
        </fieldset>
      )}
      <FormActions submitLabel={busy ? t('add.saving') : t('add.submit')} busy={busy} onCancel={onCancel} submitTestId="add-staff-submit" />
    </form>
  );
}
