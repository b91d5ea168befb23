/** An inbound INVITE's dialog and session timer (RFC 4028), once the endpoint has decided to offer it as a call. */
import type { RemoteMedia } from '../types';
import { SipCall, type DialogHost } from './call';
import { callerNumber } from './callerId';
import { addressUri, cseqOf, header, headerValues, params, tagOf, userOf, type Header, type SipRequest } from './message';
import { newTag } from './transactions';
import type { Flow } from './transport';

export function inboundCall(host: DialogHost, request: SipRequest, flow: Flow, remoteMedia: RemoteMedia, contact: string): SipCall {
  const from = header(request, 'from') ?? '';
  const to = header(request, 'to') ?? '';
  return new SipCall(host, {
    callId: header(request, 'call-id') ?? '',
    direction: 'inbound',
    localTag: newTag(),
    localAddress: to.replace(/;tag=[^;]*/i, ''),
    remoteAddress: from.replace(/;tag=[^;]*/i, ''),
    remoteTag: tagOf(from),
    remoteTarget: addressUri(contact),
    routeSet: headerValues(request, 'record-route'),
    localSeq: Math.floor(Math.random() * 10_000),
    remoteSeq: cseqOf(request).seq,
    flow,
    remoteNumber: callerNumber(request),
    localNumber: userOf(addressUri(to)) ?? userOf(request.uri) ?? '',
    remoteMedia,
    origin: { sessionId: String(Date.now()), version: 1 },
  });
}

/** RFC 4028 for an initial INVITE: who refreshes, and the headers our 200 carries; 'too-small' below our Min-SE. */
export function sessionFromInvite(
  request: SipRequest,
  minSessionExpires: number,
): 'too-small' | { value: SipCall['session']; headers: Header[] } | null {
  const value = header(request, 'session-expires');
  if (!value) return null;
  const interval = Number.parseInt(value, 10);
  if (!Number.isFinite(interval) || interval < minSessionExpires) return 'too-small';
  const asked = params(value).get('refresher');
  const supportsTimer = headerValues(request, 'supported').some((s) => s.toLowerCase() === 'timer');
  const remote = asked === 'uac' || (!asked && supportsTimer);
  const headers: Header[] = [['session-expires', `${interval};refresher=${remote ? 'uac' : 'uas'}`]];
  if (remote) headers.push(['require', 'timer']);
  return { value: { interval, refresher: remote ? 'remote' : 'local' }, headers };
}
