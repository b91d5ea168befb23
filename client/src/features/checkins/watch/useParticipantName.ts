import { useCallback } from 'react';
import type { Participant } from '@shared/venues/schemas';
import { useResource, type Resource } from '../../../lib/useResource';
import { venueRoutes } from '@shared/venues/routes';
import { apiCall } from '../../../lib/api';

/**
 * A participant's name and reading, found in the participant lists of the venues this user sees (the
 * trend and history answers carry only the id). Null when none of those venues has them.
 */
export function useParticipant(participantId: string): Resource<Participant | null> {
  const load = useCallback(
    async (signal: AbortSignal) => {
      for (const venue of await apiCall(venueRoutes.list, { signal })) {
        const found = (await apiCall(venueRoutes.participants, { params: { venueId: venue.id }, signal })).find(
          (p) => p.id === participantId,
        );
        if (found) return found;
      }
      return null;
    },
    [participantId],
  );
  return useResource<Participant | null>(`participant:${participantId}`, load)[0];
}
