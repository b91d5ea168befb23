/**
 * SIP transactions (RFC 3261 §17, with RFC 6026's fix for INVITE 2xx): retransmission over UDP with timers
 * A/B/E/F/G/H/J on T1 and T2, matching by the top Via's branch. Over TCP nothing is retransmitted.
 */
import { randomBytes } from 'node:crypto';
import { cseqOf, header, headerValues, params, serialize, type Header, type SipRequest, type SipResponse } from './message';
import type { Flow } from './transport';

export interface TimerSettings {
  t1Ms: number;
  t2Ms: number;
}

export function newBranch(): string {
  return `z9hG4bK${randomBytes(10).toString('hex')}`;
}

export function newTag(): string {
  return randomBytes(6).toString('hex');
}

export function topBranch(message: SipRequest | SipResponse): string {
  const via = headerValues(message, 'via')[0] ?? '';
  return params(via).get('branch') ?? '';
}

type Send = (flow: Flow, data: Buffer) => void;

/** A request we sent, waiting for its final response. */
export class ClientTransaction {
  private retransmitTimer: NodeJS.Timeout | null = null;
  private timeoutTimer: NodeJS.Timeout | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;
  provisional = false;
  final: SipResponse | null = null;
  readonly branch: string;
  /** branch|method: a CANCEL shares its INVITE's branch. */
  readonly key: string;
  readonly isInvite: boolean;

  constructor(
    readonly request: SipRequest,
    readonly flow: Flow,
    private readonly send: Send,
    private readonly timers: TimerSettings,
    private readonly handlers: {
      response: (response: SipResponse) => void;
      failure: (reason: 'timeout' | 'transport') => void;
      done: () => void;
    },
  ) {
    this.branch = topBranch(request);
    this.key = `${this.branch}|${request.method}`;
    this.isInvite = request.method === 'INVITE';
  }

  start(): void {
    const data = serialize(this.request);
    this.send(this.flow, data);
    if (this.flow.transport === 'udp') this.scheduleRetransmit(data, this.timers.t1Ms);
    this.timeoutTimer = setTimeout(() => {
      this.stop();
      this.handlers.failure('timeout');
      this.handlers.done();
    }, 64 * this.timers.t1Ms);
  }

  private scheduleRetransmit(data: Buffer, delay: number): void {
    this.retransmitTimer = setTimeout(() => {
      if (this.final) return;
      this.send(this.flow, data);
      const next = this.isInvite ? delay * 2 : Math.min(delay * 2, this.timers.t2Ms);
      this.scheduleRetransmit(data, this.provisional && !this.isInvite ? this.timers.t2Ms : next);
    }, delay);
  }

  /** The connection to the other side failed (RFC 3261 §8.1.3.1: as a 503). */
  transportFailed(): void {
    if (this.final) return;
    this.final = { kind: 'response', status: 503, reason: 'Service Unavailable', headers: [], body: Buffer.alloc(0) };
    this.stop();
    this.handlers.failure('transport');
    this.handlers.done();
  }

  onResponse(response: SipResponse): void {
    if (response.status < 200) {
      if (this.final) return;
      this.provisional = true;
      if (this.isInvite) {
        // Proceeding: an INVITE may ring for minutes; the caller's own timeout (placeCall) decides.
        this.clearTimer('retransmitTimer');
        this.clearTimer('timeoutTimer');
      }
      this.handlers.response(response);
      return;
    }
    const retransmission = this.final !== null;
    this.final = response;
    this.stop();
    if (this.isInvite && response.status >= 300) {
      this.send(this.flow, serialize(ackForNonSuccess(this.request, response)));
      if (retransmission) return;
    }
    if (retransmission && response.status >= 300) return;
    this.handlers.response(response);
    if (!retransmission) {
      // Linger (timers D/K, RFC 6026 timer M) to absorb the final response's retransmissions.
      const linger = this.flow.transport === 'udp' || (this.isInvite && response.status < 300) ? 64 * this.timers.t1Ms : 0;
      this.lingerTimer = setTimeout(() => this.handlers.done(), linger);
    }
  }

  stop(): void {
    this.clearTimer('retransmitTimer');
    this.clearTimer('timeoutTimer');
  }

  dispose(): void {
    this.stop();
    this.clearTimer('lingerTimer');
  }

  private clearTimer(name: 'retransmitTimer' | 'timeoutTimer' | 'lingerTimer'): void {
    const timer = this[name];
    if (timer) clearTimeout(timer);
    this[name] = null;
  }
}

/** The ACK for a non-2xx final response to an INVITE: part of the INVITE transaction (same branch). */
export function ackForNonSuccess(invite: SipRequest, response: SipResponse): SipRequest {
  const headers: Header[] = [];
  const via = headerValues(invite, 'via')[0];
  if (via) headers.push(['via', via]);
  for (const name of ['route', 'from', 'call-id', 'max-forwards']) {
    for (const [h, v] of invite.headers) if (h === name) headers.push([h, v]);
  }
  headers.push(['to', header(response, 'to') ?? header(invite, 'to') ?? '']);
  headers.push(['cseq', `${cseqOf(invite).seq} ACK`]);
  return { kind: 'request', method: 'ACK', uri: invite.uri, headers, body: Buffer.alloc(0) };
}

/** A request we received: its last response is resent when the request is retransmitted. */
export class ServerTransaction {
  lastResponse: Buffer | null = null;
  finalStatus: number | null = null;
  private retransmitTimer: NodeJS.Timeout | null = null;
  private endTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly key: string,
    readonly request: SipRequest,
    readonly flow: Flow,
    private readonly send: Send,
    private readonly timers: TimerSettings,
    private readonly done: (key: string) => void,
  ) {}

  get isInvite(): boolean {
    return this.request.method === 'INVITE';
  }

  respond(response: SipResponse): void {
    if (this.finalStatus !== null) return;
    const data = serialize(response);
    this.lastResponse = data;
    this.send(this.flow, data);
    if (response.status < 200) return;
    this.finalStatus = response.status;
    const udp = this.flow.transport === 'udp';
    if (this.isInvite && response.status >= 300 && udp) this.scheduleRetransmit(data, this.timers.t1Ms);
    // Timers H (INVITE, waiting for ACK) and J (non-INVITE, absorbing retransmissions); the 2xx's own
    // retransmissions belong to the dialog (RFC 3261 §13.3.1.4).
    const linger = this.isInvite || udp ? 64 * this.timers.t1Ms : 0;
    this.endTimer = setTimeout(() => this.finish(), linger);
  }

  /** A retransmission of the request arrived. */
  retransmitted(): void {
    if (this.lastResponse) this.send(this.flow, this.lastResponse);
  }

  /** The ACK for our non-2xx final response arrived. */
  acknowledged(): void {
    if (this.retransmitTimer) clearTimeout(this.retransmitTimer);
    this.retransmitTimer = null;
  }

  private scheduleRetransmit(data: Buffer, delay: number): void {
    this.retransmitTimer = setTimeout(() => {
      this.send(this.flow, data);
      this.scheduleRetransmit(data, Math.min(delay * 2, this.timers.t2Ms));
    }, delay);
  }

  finish(): void {
    if (this.retransmitTimer) clearTimeout(this.retransmitTimer);
    if (this.endTimer) clearTimeout(this.endTimer);
    this.retransmitTimer = null;
    this.endTimer = null;
    this.done(this.key);
  }
}

/** Resends `data` (a 2xx to an INVITE) on T1, 2·T1 … capped at T2, until stopped or 64·T1 (then gaveUp). */
export function retransmitUntilAck(send: () => void, timers: TimerSettings, udp: boolean, gaveUp: () => void): () => void {
  send();
  let delay = timers.t1Ms;
  let retransmit: NodeJS.Timeout | null = null;
  const schedule = () => {
    retransmit = setTimeout(() => {
      send();
      delay = Math.min(delay * 2, timers.t2Ms);
      schedule();
    }, delay);
  };
  if (udp) schedule();
  const giveUp = setTimeout(() => {
    if (retransmit) clearTimeout(retransmit);
    gaveUp();
  }, 64 * timers.t1Ms);
  return () => {
    if (retransmit) clearTimeout(retransmit);
    clearTimeout(giveUp);
  };
}
