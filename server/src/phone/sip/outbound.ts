/**
 * An outbound call until it is answered: the INVITE (with digest answers to 401/407 and a retry on 422),
 * CANCEL on abort or ring timeout, and the ACK for the 2xx; then it becomes a SipCall dialog.
 */
import { randomBytes } from 'node:crypto';
import type { LocalMedia, PhoneCall } from '../types';
import { ALLOW, SipCall } from './call';
import { authorization, parseChallenge } from './digest';
import { addressUri, header, headerValues, params, tagOf, uriTarget, type Header, type SipRequest, type SipResponse } from './message';
import { buildOffer, parseRemoteMedia } from './sdp';
import type { SipEndpoint } from './SipEndpoint';
import { newBranch, newTag } from './transactions';
import type { Flow } from './transport';

export interface PlaceCallOptions {
  /** A number (digits, maybe +) dialled through the trunk, or a full sip: URI. */
  to: string;
  /** Our number / user part shown to the callee (the venue's DID); the trunk username by default. */
  from?: string;
  local: LocalMedia;
  signal?: AbortSignal;
  /** How long it may ring before we CANCEL (the endpoint's ringTimeoutMs by default). */
  timeoutMs?: number;
}

export type SipCallFailure = 'busy' | 'no-answer' | 'refused' | 'cancelled' | 'unreachable' | 'not-acceptable' | 'failed';

/** Why an outbound call did not connect: the SIP status (486, 480, 408, 603 …) and a plain reason. */
export class SipCallError extends Error {
  readonly reason: SipCallFailure;
  constructor(
    readonly status: number,
    reasonPhrase: string,
  ) {
    super(`the call was not answered: ${status} ${reasonPhrase}`);
    this.name = 'SipCallError';
    this.reason = failureOf(status);
  }
}

function failureOf(status: number): SipCallFailure {
  if (status === 486 || status === 600) return 'busy';
  if (status === 480 || status === 408) return 'no-answer';
  if (status === 603 || status === 403) return 'refused';
  if (status === 487) return 'cancelled';
  if (status === 404 || status === 484 || status === 503) return 'unreachable';
  if (status === 488 || status === 606) return 'not-acceptable';
  return 'failed';
}

export class OutboundCall {
  readonly callId = `${randomBytes(12).toString('hex')}@kayoi`;
  private readonly localTag = newTag();
  private seq = 1;
  private invite: SipRequest;
  private readonly flow: Flow;
  private provisional = false;
  private settled = false;
  private cancelWanted = false;
  private authAttempts = 0;
  private sessionExpires: number;
  private timeout: NodeJS.Timeout | null = null;
  private dialog: SipCall | null = null;
  private ack: SipRequest | null = null;
  private readonly origin = { sessionId: String(Date.now()), version: 1 };
  private resolve: (call: PhoneCall) => void = () => undefined;
  private reject: (error: Error) => void = () => undefined;
  private readonly onAbort = () => this.abort('cancelled');

  constructor(
    private readonly endpoint: SipEndpoint,
    private readonly options: PlaceCallOptions,
    private readonly done: (callId: string) => void,
  ) {
    const { trunk, credentials, publicAddress } = endpoint.config;
    this.sessionExpires = endpoint.options.sessionExpires;
    const uri = options.to.startsWith('sip:') ? options.to : trunk ? `sip:${options.to}@${trunk.host}:${trunk.port}` : null;
    const target = uri ? uriTarget(uri) : null;
    if (!uri || !target) throw new Error(`cannot place a call to "${options.to}" without a trunk`);
    const transport = trunk && !options.to.startsWith('sip:') ? trunk.transport : target.transport;
    this.flow = { transport, address: target.host, port: target.port };
    const fromUser = options.from ?? credentials?.username ?? 'kayoi';
    const domain = trunk?.host ?? publicAddress;
    this.invite = {
      kind: 'request',
      method: 'INVITE',
      uri: transport === 'tcp' && !/;transport=/i.test(uri) ? `${uri};transport=tcp` : uri,
      headers: [
        ['from', `<sip:${fromUser}@${domain}>;tag=${this.localTag}`],
        ['to', `<${uri}>`],
        ['call-id', this.callId],
      ],
      body: Buffer.from(buildOffer(options.local, this.origin)),
    };
  }

  start(): Promise<PhoneCall> {
    const promise = new Promise<PhoneCall>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    if (this.options.signal?.aborted) {
      this.settle(new SipCallError(487, 'Request Terminated (aborted before dialling)'));
      this.done(this.callId);
      return promise;
    }
    this.options.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.timeout = setTimeout(() => this.abort('timeout'), this.options.timeoutMs ?? this.endpoint.options.ringTimeoutMs);
    this.sendInvite([]);
    return promise;
  }

  private sendInvite(auth: Header[]): void {
    const base = this.invite.headers.filter(([name]) => ['from', 'to', 'call-id'].includes(name));
    this.invite = {
      ...this.invite,
      headers: [
        ['via', this.endpoint.via(this.flow.transport, newBranch())],
        ['max-forwards', '70'],
        ...base,
        ['cseq', `${this.seq} INVITE`],
        ['contact', this.endpoint.contact(this.flow.transport)],
        ['allow', ALLOW],
        ['supported', 'timer'],
        ['session-expires', String(this.sessionExpires)],
        ['min-se', String(this.endpoint.options.minSessionExpires)],
        ['user-agent', 'Kayoi'],
        ['content-type', 'application/sdp'],
        ...auth,
      ],
    };
    const invite = this.invite;
    void this.endpoint.request(
      invite,
      this.flow,
      () => {
        this.provisional = true;
        if (this.cancelWanted && invite === this.invite) this.sendCancel();
      },
      (response) => this.onFinal(invite, response),
    );
  }

  private onFinal(invite: SipRequest, response: SipResponse): void {
    if (invite !== this.invite) return;
    if (response.status < 300) {
      this.answered(response);
      return;
    }
    if (this.settled) {
      this.finish();
      return;
    }
    if ((response.status === 401 || response.status === 407) && this.retryWithAuth(response)) return;
    if (response.status === 422 && this.sessionExpires < 7200) {
      const minSe = Number.parseInt(header(response, 'min-se') ?? '', 10);
      if (Number.isFinite(minSe) && minSe > this.sessionExpires) {
        this.sessionExpires = minSe;
        this.seq += 1;
        this.sendInvite([]);
        return;
      }
    }
    this.settle(new SipCallError(response.status, response.reason));
    this.finish();
  }

  private retryWithAuth(response: SipResponse): boolean {
    const credentials = this.endpoint.config.credentials;
    if (!credentials || this.authAttempts >= 2) return false;
    const proxy = response.status === 407;
    const challenge = parseChallenge(header(response, proxy ? 'proxy-authenticate' : 'www-authenticate') ?? '');
    if (!challenge) return false;
    this.authAttempts += 1;
    this.seq += 1;
    const value = authorization({
      challenge,
      username: credentials.username,
      password: credentials.password,
      method: 'INVITE',
      uri: this.invite.uri,
    });
    this.sendInvite([[proxy ? 'proxy-authorization' : 'authorization', value]]);
    return true;
  }

  private answered(response: SipResponse): void {
    if (this.dialog) {
      // A retransmission of the 2xx: our ACK was lost.
      if (this.ack) this.endpoint.send(this.dialog.dialogFlow(), this.ack);
      return;
    }
    const to = header(response, 'to') ?? '';
    const contact = header(response, 'contact');
    const media = response.body.length > 0 ? parseRemoteMedia(response.body.toString('utf8')) : null;
    const call = new SipCall(this.endpoint, {
      callId: this.callId,
      direction: 'outbound',
      localTag: this.localTag,
      localAddress: (header(this.invite, 'from') ?? '').replace(/;tag=[^;]*/i, ''),
      remoteAddress: to.replace(/;tag=[^;]*/i, ''),
      remoteTag: tagOf(to),
      remoteTarget: contact ? addressUri(contact) : this.invite.uri,
      routeSet: headerValues(response, 'record-route').reverse(),
      localSeq: this.seq,
      remoteSeq: 0,
      flow: this.flow,
      remoteNumber: this.options.to,
      localNumber: this.options.from ?? this.endpoint.config.credentials?.username ?? '',
      remoteMedia: media ?? { address: '0.0.0.0', port: 0, codec: 'PCMU', payloadType: 0, telephoneEventPayloadType: null, ptime: 20 },
      origin: this.origin,
    });
    this.dialog = call;
    this.ack = call.ackFor(this.invite);
    this.endpoint.send(call.dialogFlow(), this.ack);
    this.endpoint.adopt(call);
    const value = header(response, 'session-expires');
    const interval = value ? Number.parseInt(value, 10) : NaN;
    const session =
      Number.isFinite(interval) && interval > 0
        ? { interval, refresher: params(value ?? '').get('refresher') === 'uas' ? ('remote' as const) : ('local' as const) }
        : null;
    call.confirmOutbound(this.options.local, session);
    if (this.settled) {
      call.bye('cancelled'); // answered just as we gave up
    } else if (!media) {
      call.bye('error');
      this.settle(new SipCallError(488, 'Not Acceptable Here (no PCMU or PCMA in the answer)'));
    } else {
      this.settled = true;
      this.clearTimer();
      this.resolve(call);
    }
    // Keep answering 2xx retransmissions with the ACK for a while (RFC 6026 timer M).
    setTimeout(() => this.done(this.callId), 64 * this.endpoint.options.t1Ms).unref();
  }

  /** A 2xx arrived after the INVITE transaction ended. */
  retransmitted2xx(response: SipResponse): void {
    if (this.dialog) this.answered(response);
  }

  /** Gives up before the answer: the promise rejects now; CANCEL goes out as soon as the INVITE is ringing. */
  abort(why: 'timeout' | 'cancelled' | 'hangup'): void {
    if (this.settled) {
      if (this.dialog && why === 'hangup') this.dialog.hangup();
      return;
    }
    this.settle(
      why === 'timeout' ? new SipCallError(408, 'Request Timeout (no answer in time)') : new SipCallError(487, 'Request Terminated'),
    );
    this.cancelWanted = true;
    if (this.provisional) this.sendCancel();
  }

  private sendCancel(): void {
    this.cancelWanted = false;
    const invite = this.invite;
    const cancel: SipRequest = {
      kind: 'request',
      method: 'CANCEL',
      uri: invite.uri,
      headers: [
        ...invite.headers.filter(([name]) => ['via', 'max-forwards', 'route', 'from', 'to', 'call-id'].includes(name)),
        ['cseq', `${this.seq} CANCEL`],
        ['user-agent', 'Kayoi'],
      ],
      body: Buffer.alloc(0),
    };
    void this.endpoint.request(cancel, this.flow);
  }

  private settle(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.clearTimer();
    this.reject(error);
  }

  private clearTimer(): void {
    if (this.timeout) clearTimeout(this.timeout);
    this.timeout = null;
    this.options.signal?.removeEventListener('abort', this.onAbort);
  }

  private finish(): void {
    this.clearTimer();
    this.done(this.callId);
  }
}
