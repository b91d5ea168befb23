import { useCallback } from 'react';
import { phoneRoutes } from '@shared/phone/routes';
import type { VenuePhoneLine } from '@shared/phone/schemas';
import { usePhoneT } from '../../i18n/phone';
import { apiCall } from '../../lib/api';
import { useResource } from '../../lib/useResource';
import { Loaded } from '../../ui/staff/pageParts';
import { PhoneLineForm } from './PhoneLineForm';

/** The number people dial for the venue's gatherings (its DID): set by an organiser, shown to hosts. */
export function VenuePhoneLineSection({ venueId, canEdit }: { venueId: string; canEdit: boolean }) {
  const { t } = usePhoneT();
  const load = useCallback((signal: AbortSignal) => apiCall(phoneRoutes.venuePhoneLine, { params: { venueId }, signal }), [venueId]);
  const [line, reload] = useResource<VenuePhoneLine>(`phone-line:${venueId}`, load);
  return (
    <Loaded resource={line} reload={reload}>
      {(current) =>
        canEdit ? (
          <PhoneLineForm
            texts="venue"
            saved={current.display ?? ''}
            save={(number) => apiCall(phoneRoutes.setVenuePhoneLine, { params: { venueId }, body: { number } })}
            testId="venue-phone-line"
            inputTestId="venue-phone-input"
          />
        ) : (
          <div data-testid="venue-phone-line">
            <p>{t('venue.lead')}</p>
            <p>
              <strong>{current.display ?? t('venue.none')}</strong>
            </p>
            <p className="staff-note">{t('venue.onlyOrganiser')}</p>
          </div>
        )
      }
    </Loaded>
  );
}
