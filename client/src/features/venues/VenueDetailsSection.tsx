import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TEXT_LIMITS } from '@shared/limits';
import type { Venue } from '@shared/venues/schemas';
import { venueRoutes } from '@shared/venues/routes';
import { apiCall } from '../../lib/api';
import { navigate } from '../../lib/router';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { errorText } from '../../ui/errorText';
import { CheckboxField, FormMessage, TextField } from '../../ui/form';

/** The venue's name, whether it meets on holidays and 年末年始, and 「この会場をしまう」 (archived: off the lists, data kept). */
export function VenueDetailsSection({ venue, onSaved }: { venue: Venue; onSaved: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(venue.name);
  const [meetsOnHolidays, setMeetsOnHolidays] = useState(venue.meetsOnHolidays);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [archiving, setArchiving] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await apiCall(venueRoutes.update, { params: { venueId: venue.id }, body: { name, meetsOnHolidays } });
      setMessage({ tone: 'ok', text: t('admin.venue.saved') });
      onSaved();
    } catch (e) {
      setMessage({ tone: 'error', text: errorText(t, e, { name: t('admin.venue.name') }) });
    } finally {
      setBusy(false);
    }
  };
  const archive = async () => {
    setBusy(true);
    try {
      await apiCall(venueRoutes.archive, { params: { venueId: venue.id } });
      navigate('/admin');
    } catch (e) {
      setMessage({ tone: 'error', text: errorText(t, e) });
      setArchiving(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="staff-fieldset" onSubmit={(e) => void save(e)} data-testid="venue-details">
      <TextField label={t('admin.venue.name')} value={name} onChange={setName} maxLength={TEXT_LIMITS.venueName} required />
      <CheckboxField
        label={t('admin.venue.meetsOnHolidays')}
        hint={t('admin.venue.meetsOnHolidaysHint')}
        checked={meetsOnHolidays}
        onChange={setMeetsOnHolidays}
      />
      {message && <FormMessage tone={message.tone}>{message.text}</FormMessage>}
      <div className="button-row">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {t('admin.venue.save')}
        </button>
        <button type="button" className="btn" onClick={() => setArchiving(true)} data-testid="archive-venue">
          {t('admin.venue.archive')}
        </button>
      </div>
      {archiving && (
        <ConfirmDialog
          title={t('admin.venue.archiveTitle', { venue: venue.name })}
          body={t('admin.venue.archiveBody')}
          confirmLabel={t('admin.venue.archive')}
          cancelLabel={t('staff.cancel')}
          busy={busy}
          onConfirm={() => void archive()}
          onCancel={() => setArchiving(false)}
        />
      )}
    </form>
  );
}
