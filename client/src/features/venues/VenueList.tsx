import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Venue } from '@shared/venues/schemas';
import { TEXT_LIMITS } from '@shared/limits';
import { errorText } from '../../ui/errorText';
import { FormMessage, TextField } from '../../ui/form';
import { venueRoutes } from '@shared/venues/routes';
import { apiCall } from '../../lib/api';
import { formatWeeklyList } from '../../lib/staffFormat';
import { Link } from '../../ui/Link';

/** Every venue with its weekly time and the way to its participants, schedule and cards; and a form to add one. */
export function VenueList({ venues, onAdded }: { venues: Venue[]; onAdded: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      {venues.length === 0 ? (
        <p>{t('admin.venues.none')}</p>
      ) : (
        <ul className="venue-list">
          {venues.map((venue) => (
            <li key={venue.id} className="venue-list__item" data-testid="venue-item">
              <div>
                <h3 className="venue-list__name">{venue.name}</h3>
                <p>
                  {venue.schedules.length
                    ? formatWeeklyList(
                        t,
                        venue.schedules.filter((s) => s.active),
                      )
                    : t('admin.venues.noSchedule')}
                </p>
              </div>
              <div className="button-row">
                <Link className="btn btn--primary" href={`/admin/venues/${encodeURIComponent(venue.id)}`}>
                  {t('admin.venues.manage')}
                </Link>
                <Link className="btn" href={`/admin/venues/${encodeURIComponent(venue.id)}/cards`}>
                  {t('admin.venues.cards')}
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
      <AddVenueForm onAdded={onAdded} />
    </>
  );
}

function AddVenueForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!name.trim()) return setMessage({ tone: 'error', text: t('admin.venues.nameMissing') });
    setBusy(true);
    try {
      const venue = await apiCall(venueRoutes.create, { body: { name: name.trim() } });
      setName('');
      setMessage({ tone: 'ok', text: t('admin.venues.added', { name: venue.name }) });
      onAdded();
    } catch (error) {
      setMessage({ tone: 'error', text: errorText(t, error, { name: t('admin.venues.name') }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="staff-form inline-form" onSubmit={(event) => void submit(event)} noValidate>
      <TextField
        label={t('admin.venues.name')}
        value={name}
        onChange={setName}
        maxLength={TEXT_LIMITS.venueName}
        placeholder={t('admin.venues.namePlaceholder')}
      />
      <button type="submit" className="btn btn--primary" disabled={busy}>
        {t('admin.venues.add')}
      </button>
      {message && <FormMessage tone={message.tone}>{message.text}</FormMessage>}
    </form>
  );
}
