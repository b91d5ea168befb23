import type { StaffMember } from '@shared/staff/schemas';
import { apiGet, apiRequest } from '../../lib/api';

const enc = encodeURIComponent;

/** The organiser's staff accounts API (types only from the shared schemas). Each change answers the member as it is now. */
export const accountsApi = {
  list: (signal?: AbortSignal) => apiGet<StaffMember[]>('/api/staff', signal),
  unlock: (userId: string) => apiRequest<StaffMember>('POST', `/api/staff/${enc(userId)}/unlock`),
  disable: (userId: string) => apiRequest<StaffMember>('POST', `/api/staff/${enc(userId)}/disable`),
  enable: (userId: string) => apiRequest<StaffMember>('POST', `/api/staff/${enc(userId)}/enable`),
  setVenues: (userId: string, venueIds: string[]) => apiRequest<StaffMember>('PUT', `/api/staff/${enc(userId)}/venues`, { venueIds }),
};
