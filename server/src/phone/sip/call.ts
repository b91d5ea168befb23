/**
 * One SIP dialog (RFC 3261 §12) as a PhoneCall: in-dialog requests both ways (BYE, re-INVITE, UPDATE, INFO),
 * the 2xx retransmission until ACK, and session timers (RFC 4028).
 */
import { EventEmitter } from 'node:events';
import type { CallEndReason, LocalMedia, PhoneCall, RemoteMedia, TransferOutcome } from '../types';
import { authorization, parseChallenge } from './digest';
import { dtmfFromInfo } from './dtmf';
import { addressUri, cseqOf, header, headerValues, params, uriTarget, type Header, type SipRequest, type SipResponse } from './message';
import { buildAnswer, parseRemoteMedia, sameMedia, type SdpOrigin } from './sdp';
import { newBranch, retransmitUntilAck, type ServerTransaction, type TimerSettings } from './transactions';
import type { Flow } from './transport';

export const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, UPDATE, NOTIFY';

/** What a dialog needs from its endpoint. */
export interface DialogHost {
  readonly timers: TimerSettings;
  readonly minSessionExpires: number;
  /** For trunks that challenge in-dialog requests (BYE, re-INVITE) too. */
  readonly credentials: { username: string; password: string } | null;
  contact(transport: 'udp' | 'tcp'): string;
  via(transport: 'udp' | 'tcp', branch: string): string;
  send(flow: Flow, message: SipRequest): void;
  /** Sends a request in a client transaction; resolves with its final response (408 on timeout). */
  request(message: SipRequest, flow: Flow): Promise<SipResponse>;
  respond(tx: ServerTransaction, status: number, extra?: Header[], body?: Buffer): void;
  forget(call: SipCall): void;
}

export interface DialogInit {
  callId: string;
  direction: 'inbound' | 'outbound';
  localTag: string;
  /** Our side's address (From for outbound, To for inbound) without the tag. */
  localAddress: string;
  remoteAddress: string;
  remoteTag: string | null;
  remoteTarget: string;
  routeSet: string[];
  localSeq: number;
  remoteSeq: number;
  flow: Flow;
  remoteNumber: string | null;
  localNumber: string;
  remoteMedia: RemoteMedia;
  origin: SdpOrigin;
}

type Refresher = 'local' | 'remote';

export class SipCall extends EventEmitter implements PhoneCall {
  readonly callId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly remoteNumber: string | null;
  readonly localNumber: string;
  remoteMedia: RemoteMedia;
  localMedia: LocalMedia | null = null;
  remoteTag: string | null;
  state: 'pending' | 'confirmed' | 'ended' = 'pending';
  private readonly init: DialogInit;
  private localSeq: number;
  private remoteSeq: number;
  private stopRetransmit: (() => void) | null = null;
  private ackWaiter: { seq: number; resolve: () => void } | null = null;
  private sessionTimer: NodeJS.Timeout | null = null;
  session: { interval: number; refresher: Refresher } | null = null;
  /** The inbound INVITE's transaction until it has a final response. */
  inviteTx: ServerTransaction | null = null;
  private pendingSessionHeaders: Header[] = [];

  constructor(
    private readonly host: DialogHost,
    init: DialogInit,
  ) {
    super();
    this.init = init;
    this.callId = init.callId;
    this.direction = init.direction;
    this.remoteNumber = init.remoteNumber;
    this.localNumber = init.localNumber;
    this.remoteMedia = init.remoteMedia;
    this.remoteTag = init.remoteTag;
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
  }

  get localTag(): string {
    return this.init.localTag;
  }

  /** The To tag of our responses in this dialog. */
  localTagFor(_request: SipRequest): string {
    return this.init.localTag;
  }

  // ---------------------------------------------------------------- inbound, before the answer --

  /** Session-Expires negotiated from the INVITE, sent with the 200 (set by the endpoint). */
  setInitialSession(session: { interval: number; refresher: Refresher } | null, responseHeaders: Header[]): void {
    this.session = session;
    this.pendingSessionHeaders = responseHeaders;
  }

  async answer(local: LocalMedia): Promise<void> {
    const tx = this.inviteTx;
    if (this.state !== 'pending' || !tx) throw new Error('the call is no longer waiting for an answer');
    this.localMedia = local;
    this.inviteTx = null;
    const body = Buffer.from(buildAnswer(local, this.remoteMedia, this.nextOrigin()));
    const headers: Header[] = [
      ['contact', this.host.contact(this.init.flow.transport)],
      ['allow', ALLOW],
      ['supported', 'timer'],
      ['content-type', 'application/sdp'],
      ...this.pendingSessionHeaders,
    ];
    const acked = new Promise<void>((resolve, reject) => {
      this.ackWaiter = { seq: cseqOf(tx.request).seq, resolve };
      this.stopRetransmit = retransmitUntilAck(this.sendOk(tx, headers, body), this.host.timers, this.init.flow.transport === 'udp', () => {
        reject(new Error('no ACK for the 200 OK'));
        this.bye('error');
      });
      this.once('ended', () => reject(new Error('the call ended before it was confirmed')));
    });
    this.state = 'confirmed';
    await acked;
    this.startSessionTimer();
  }

  /** The 200 the first time, then the very same bytes again (the transaction keeps them). */
  private sendOk(tx: ServerTransaction, headers: Header[], body: Buffer): () => void {
    let sent = false;
    return () => {
      if (sent) tx.retransmitted();
      else this.host.respond(tx, 200, headers, body);
      sent = true;
    };
  }

  reject(status: number): void {
    const tx = this.inviteTx;
    if (this.state !== 'pending' || !tx) return;
    this.inviteTx = null;
    this.host.respond(tx, status >= 300 && status < 700 ? status : 480);
    this.end('hangup');
  }

  /** The caller gave up (CANCEL) before the answer. */
  cancelled(): void {
    const tx = this.inviteTx;
    if (this.state !== 'pending' || !tx) return;
    this.inviteTx = null;
    this.host.respond(tx, 487);
    this.end('cancelled');
  }

  // ---------------------------------------------------------------- outbound, after the 200 --

  /** The outbound INVITE was answered and ACKed; the dialog is confirmed. */
  confirmOutbound(local: LocalMedia, session: { interval: number; refresher: Refresher } | null): void {
    this.localMedia = local;
    this.state = 'confirmed';
    this.session = session;
    this.startSessionTimer();
  }

  // ---------------------------------------------------------------- in-dialog requests received --

  onAck(request: SipRequest): void {
    const waiter = this.ackWaiter;
    if (!waiter || cseqOf(request).seq !== waiter.seq) return;
    this.ackWaiter = null;
    this.stopRetransmit?.();
    this.stopRetransmit = null;
    waiter.resolve();
  }

  onRequest(request: SipRequest, tx: ServerTransaction): void {
    const { seq } = cseqOf(request);
    if (seq < this.remoteSeq) {
      this.host.respond(tx, 500, [['retry-after', '1']]);
      return;
    }
    this.remoteSeq = seq;
    const target = header(request, 'contact');
    if (target && (request.method === 'INVITE' || request.method === 'UPDATE')) this.init.remoteTarget = addressUri(target);
    if (request.method === 'BYE') {
      this.host.respond(tx, 200);
      this.end('remote-hangup');
    } else if (request.method === 'INFO') this.onInfo(request, tx);
    else if (request.method === 'INVITE') this.onReInvite(request, tx);
    else if (request.method === 'UPDATE') this.onUpdate(request, tx);
    else if (request.method === 'NOTIFY') this.onNotify(request, tx);
    else this.host.respond(tx, request.method === 'OPTIONS' ? 200 : 405, [['allow', ALLOW]]);
  }

  private onInfo(request: SipRequest, tx: ServerTransaction): void {
    if (request.body.length === 0) {
      this.host.respond(tx, 200); // an INFO keepalive
      return;
    }
    const digit = dtmfFromInfo(header(request, 'content-type') ?? '', request.body.toString('utf8'));
    if (digit === undefined) {
      this.host.respond(tx, 415, [['accept', 'application/dtmf-relay, application/dtmf']]);
      return;
    }
    this.host.respond(tx, digit === null ? 400 : 200);
    if (digit !== null) this.emit('dtmf', digit);
  }

  /** A NOTIFY of our REFER's implicit subscription (RFC 3515 §2.4.5): its sipfrag says how the new call goes. */
  private onNotify(request: SipRequest, tx: ServerTransaction): void {
    const event = (header(request, 'event') ?? '').split(';')[0]!.trim().toLowerCase();
    if (event !== 'refer') {
      this.host.respond(tx, 489); // Bad Event: we subscribe to nothing else
      return;
    }
    this.host.respond(tx, 200);
    const status = /^SIP\/2\.0\s+(\d{3})/.exec(request.body.toString('utf8', 0, 64).trim())?.[1];
    if (status) this.emit('transferStatus', Number(status));
  }

  private onReInvite(request: SipRequest, tx: ServerTransaction): void {
    if (this.stopRetransmit || this.state !== 'confirmed' || !this.localMedia) {
      this.host.respond(tx, 491, [['retry-after', '1']]);
      return;
    }
    if (request.body.length > 0) {
      const media = parseRemoteMedia(request.body.toString('utf8'));
      if (!media) {
        this.host.respond(tx, 488, [['warning', '304 Kayoi "PCMU or PCMA only"']]);
        return;
      }
      if (!sameMedia(media, this.remoteMedia)) {
        this.remoteMedia = media;
        this.emit('mediaChanged', media);
      }
    }
    const sessionHeaders = this.refreshedByRemote(request);
    const body = Buffer.from(buildAnswer(this.localMedia, this.remoteMedia, this.nextOrigin()));
    const headers: Header[] = [
      ['contact', this.host.contact(this.init.flow.transport)],
      ['allow', ALLOW],
      ['supported', 'timer'],
      ['content-type', 'application/sdp'],
      ...sessionHeaders,
    ];
    this.ackWaiter = { seq: cseqOf(request).seq, resolve: () => undefined };
    this.stopRetransmit = retransmitUntilAck(this.sendOk(tx, headers, body), this.host.timers, this.init.flow.transport === 'udp', () =>
      this.bye('error'),
    );
  }

  private onUpdate(request: SipRequest, tx: ServerTransaction): void {
    if (request.body.length > 0) {
      this.host.respond(tx, 488); // we never change media by UPDATE
      return;
    }
    this.host.respond(tx, 200, [['contact', this.host.contact(this.init.flow.transport)], ...this.refreshedByRemote(request)]);
  }

  /** A re-INVITE or UPDATE from the other side refreshes the session (RFC 4028 §9); returns our response headers. */
  private refreshedByRemote(request: SipRequest): Header[] {
    const value = header(request, 'session-expires');
    if (!value) {
      if (this.session) this.startSessionTimer();
      return [];
    }
    const interval = Math.max(Number.parseInt(value, 10) || 0, this.host.minSessionExpires);
    const asked = params(value).get('refresher');
    const supportsTimer = headerValues(request, 'supported').some((s) => s.toLowerCase() === 'timer');
    const refresher: Refresher = asked === 'uas' || (!asked && !supportsTimer) ? 'local' : 'remote';
    this.session = { interval, refresher };
    this.startSessionTimer();
    const headers: Header[] = [['session-expires', `${interval};refresher=${refresher === 'remote' ? 'uac' : 'uas'}`]];
    if (refresher === 'remote') headers.push(['require', 'timer']);
    return headers;
  }

  // ---------------------------------------------------------------- session timers --

  private startSessionTimer(): void {
    if (this.sessionTimer) clearTimeout(this.sessionTimer);
    this.sessionTimer = null;
    const session = this.session;
    if (!session || this.state !== 'confirmed') return;
    if (session.refresher === 'local') {
      this.sessionTimer = setTimeout(() => void this.refresh(), (session.interval * 1000) / 2);
    } else {
      const before = Math.min(32, session.interval / 3);
      this.sessionTimer = setTimeout(() => this.bye('session-expired'), (session.interval - before) * 1000);
    }
  }

  /** Our refresh: a re-INVITE with the same SDP (every trunk accepts it; UPDATE support varies). */
  private async refresh(): Promise<void> {
    const session = this.session;
    if (!session || this.state !== 'confirmed' || !this.localMedia) return;
    const body = Buffer.from(buildAnswer(this.localMedia, this.remoteMedia, this.nextOrigin()));
    const headers: Header[] = [
      ['contact', this.host.contact(this.init.flow.transport)],
      ['allow', ALLOW],
      ['supported', 'timer'],
      ['session-expires', `${session.interval};refresher=uac`],
      ['min-se', String(this.host.minSessionExpires)],
      ['content-type', 'application/sdp'],
    ];
    const { request, response } = await this.sendInDialog('INVITE', headers, body);
    if (this.state !== 'confirmed') return;
    if (response.status >= 200 && response.status < 300) {
      this.host.send(this.dialogFlow(), this.ackFor(request));
      const value = header(response, 'session-expires');
      if (value) {
        const refresher = params(value).get('refresher') === 'uas' ? 'remote' : 'local';
        this.session = { interval: Math.max(Number.parseInt(value, 10) || session.interval, 1), refresher };
      }
      const media = response.body.length > 0 ? parseRemoteMedia(response.body.toString('utf8')) : null;
      if (media && !sameMedia(media, this.remoteMedia)) {
        this.remoteMedia = media;
        this.emit('mediaChanged', media);
      }
      this.startSessionTimer();
      this.emit('sessionRefreshed');
    } else if (response.status === 408 || response.status === 481) {
      this.bye('session-expired');
    } else {
      // 491 glare or a refusal: the session still stands; try again a little later (RFC 4028 §10).
      this.sessionTimer = setTimeout(() => void this.refresh(), 2000);
    }
  }

  // ---------------------------------------------------------------- transfer --

  /**
   * Blind transfer (RFC 3515): asks the other side to call `target` (a SIP URI) instead, and waits for the NOTIFY
   * that says the new call was answered (2xx) or failed. The dialog stays up: the caller ends it after.
   */
  async transfer(target: string, timeoutMs = 30_000): Promise<TransferOutcome> {
    if (this.state !== 'confirmed') return { outcome: 'ended' };
    let settle: (outcome: TransferOutcome) => void = () => undefined;
    const settled = new Promise<TransferOutcome>((resolve) => (settle = resolve));
    const onStatus = (status: number) => {
      if (status >= 200) settle(status < 300 ? { outcome: 'transferred' } : { outcome: 'failed', status });
    };
    const onEnded = () => settle({ outcome: 'ended' });
    this.on('transferStatus', onStatus);
    this.once('ended', onEnded);
    const timer = setTimeout(() => settle({ outcome: 'timeout' }), timeoutMs);
    try {
      const headers: Header[] = [
        ['refer-to', `<${target}>`],
        ['referred-by', this.host.contact(this.init.flow.transport)],
        ['contact', this.host.contact(this.init.flow.transport)],
        ['allow', ALLOW],
      ];
      void this.sendInDialog('REFER', headers).then(({ response }) => {
        if (response.status >= 300) settle({ outcome: 'refused', status: response.status });
      });
      return await settled;
    } finally {
      clearTimeout(timer);
      this.off('transferStatus', onStatus);
      this.off('ended', onEnded);
    }
  }

  // ---------------------------------------------------------------- ending --

  hangup(): void {
    if (this.state === 'pending') this.reject(480);
    else this.bye('hangup');
  }

  /** Ends a confirmed dialog with BYE (we do not wait for its answer). */
  bye(reason: CallEndReason): void {
    if (this.state !== 'confirmed') return;
    void this.sendInDialog('BYE', []);
    this.end(reason);
  }

  end(reason: CallEndReason): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.stopRetransmit?.();
    this.stopRetransmit = null;
    if (this.sessionTimer) clearTimeout(this.sessionTimer);
    this.sessionTimer = null;
    this.host.forget(this);
    this.emit('ended', reason);
  }

  // ---------------------------------------------------------------- requests we send --

  /** Sends an in-dialog request and waits for its final response, answering one digest challenge (401/407). */
  private async sendInDialog(method: string, extra: Header[], body?: Buffer): Promise<{ request: SipRequest; response: SipResponse }> {
    let request = this.inDialogRequest(method, extra);
    if (body) request.body = body;
    let response = await this.host.request(request, this.dialogFlow());
    const credentials = this.host.credentials;
    if ((response.status === 401 || response.status === 407) && credentials) {
      const proxy = response.status === 407;
      const challenge = parseChallenge(header(response, proxy ? 'proxy-authenticate' : 'www-authenticate') ?? '');
      if (challenge) {
        const value = authorization({
          challenge,
          username: credentials.username,
          password: credentials.password,
          method,
          uri: request.uri,
        });
        request = this.inDialogRequest(method, [...extra, [proxy ? 'proxy-authorization' : 'authorization', value]]);
        if (body) request.body = body;
        response = await this.host.request(request, this.dialogFlow());
      }
    }
    return { request, response };
  }

  inDialogRequest(method: string, extra: Header[]): SipRequest {
    this.localSeq += 1;
    const headers: Header[] = [
      ['via', this.host.via(this.init.flow.transport, newBranch())],
      ['max-forwards', '70'],
      ...this.init.routeSet.map((route): Header => ['route', route]),
      ['from', `${this.init.localAddress};tag=${this.init.localTag}`],
      ['to', `${this.init.remoteAddress}${this.remoteTag ? `;tag=${this.remoteTag}` : ''}`],
      ['call-id', this.callId],
      ['cseq', `${this.localSeq} ${method}`],
      ['user-agent', 'Kayoi'],
      ...extra,
    ];
    return { kind: 'request', method, uri: this.init.remoteTarget, headers, body: Buffer.alloc(0) };
  }

  /** The ACK for a 2xx to our (re-)INVITE: a new transaction, same CSeq number. */
  ackFor(invite: SipRequest): SipRequest {
    const headers = invite.headers.filter(([name]) => ['max-forwards', 'route', 'from', 'to', 'call-id'].includes(name));
    return {
      kind: 'request',
      method: 'ACK',
      uri: invite.uri,
      headers: [
        ['via', this.host.via(this.init.flow.transport, newBranch())],
        ...headers.map(([name, value]): Header =>
          name === 'to' && this.remoteTag && !/;tag=/.test(value) ? [name, `${value};tag=${this.remoteTag}`] : [name, value],
        ),
        ['cseq', `${cseqOf(invite).seq} ACK`],
      ],
      body: Buffer.alloc(0),
    };
  }

  /** Where in-dialog requests go: the first loose route, else the remote target; on the dialog's connection. */
  dialogFlow(): Flow {
    const next = this.init.routeSet[0] ? addressUri(this.init.routeSet[0]) : this.init.remoteTarget;
    const target = uriTarget(next);
    const flow = this.init.flow;
    if (!target) return flow;
    if (flow.transport === 'tcp') return { transport: 'tcp', address: target.host, port: target.port, connection: flow.connection };
    return { transport: 'udp', address: target.host, port: target.port };
  }

  /** Our media never changes within a call, so the o= version stays the same (RFC 3264 §8). */
  private nextOrigin(): SdpOrigin {
    return this.init.origin;
  }
}
