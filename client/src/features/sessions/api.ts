import type { InviteInfo, VenueSessionInfo } from '@shared/sessions/schemas';
import { apiGet } from '../../lib/api';

const enc = encodeURIComponent;

/** What the join pages read before the call: the home participant's invite and the venue's session. */
export function fetchInvite(token: string, signal?: AbortSignal): Promise<InviteInfo> {
  return apiGet<InviteInfo>(`/api/invites/${enc(token)}`, signal);
}

export function fetchVenueSession(sessionId: string, signal?: AbortSignal): Promise<VenueSessionInfo> {
  return apiGet<VenueSessionInfo>(`/api/sessions/${enc(sessionId)}`, signal);
}
