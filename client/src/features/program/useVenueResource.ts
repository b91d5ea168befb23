import type { Venue } from '@shared/venues/schemas';
import { useResource } from '../../lib/useResource';
import { venueRoutes } from '@shared/venues/routes';
import { apiCall } from '../../lib/api';

/** A venue page's data, loaded once per venue: the venue (null if the signed-in staff cannot see it) and the page's `content`. */
export function useVenueResource<T>(name: string, venueId: string, loadContent: (venueId: string, signal: AbortSignal) => Promise<T>) {
  return useResource(`${name}:${venueId}`, async (signal): Promise<{ venue: Venue | null; content: T }> => {
    const [venues, content] = await Promise.all([apiCall(venueRoutes.list, { signal }), loadContent(venueId, signal)]);
    return { venue: venues.find((v) => v.id === venueId) ?? null, content };
  });
}
