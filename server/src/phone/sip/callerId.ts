import { addressUri, header, userOf, type SipRequest } from './message';

/**
 * The caller's number of an inbound INVITE: P-Asserted-Identity (the trunk's verified identity) before From; null
 * when withheld (非通知): an anonymous From, or Privacy: id / header, which asks us not to use the identity.
 */
export function callerNumber(request: SipRequest): string | null {
  const privacy = (header(request, 'privacy') ?? '').toLowerCase().split(/[;,\s]+/);
  if (privacy.includes('id') || privacy.includes('header') || privacy.includes('user')) return null;
  const asserted = header(request, 'p-asserted-identity');
  return userOf(addressUri(asserted ?? header(request, 'from') ?? ''));
}
