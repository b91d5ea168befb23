/**
 * The SIP endpoint the telephone bridge uses towards its trunk: listens on UDP and TCP, turns inbound INVITEs
 * into IncomingCalls, places outbound calls, registers when the trunk wants it, and answers OPTIONS pings.
 * Every message is bounded and parsed without throwing; only the trunk's addresses are served.
 */
import { EventEmitter } from 'node:events';
import { systemClock, type Clock } from '../../core/clock';
import type { Logger } from '../../core/logger';
import type { IncomingCall, PhoneCall, SipConfig } from '../types';
import { AllowList, systemResolveHost, type ResolveHost } from './allowList';
import { ALLOW, type DialogHost, type SipCall } from './call';
import { inboundCall, sessionFromInvite } from './inbound';
import {
  cseqOf,
  header,
  headerValues,
  parseMessage,
  responseTo,
  serialize,
  tagOf,
  type Header,
  type SipRequest,
  type SipResponse,
} from './message';
import { OutboundCall, type PlaceCallOptions } from './outbound';
import { Registration, type RegistrationState } from './registration';
import { parseRemoteMedia } from './sdp';
import { ClientTransaction, newTag, ServerTransaction, topBranch, type TimerSettings } from './transactions';
import { SipTransport, type Flow } from './transport';

export interface SipEndpointOptions {
  /** RFC 3261 T1 and T2 (500 ms, 4 s). */
  t1Ms: number;
  t2Ms: number;
  /** Our Min-SE (RFC 4028: at least 90 s on real lines) and the Session-Expires we ask for on outbound calls. */
  minSessionExpires: number;
  sessionExpires: number;
  registerExpires: number;
  registerRetryMinMs: number;
  registerRetryMaxMs: number;
  /** REGISTER when credentials are set (false for trunks that authenticate calls by digest but take no REGISTER). */
  register: boolean;
  /** How long an outbound call may ring before it is cancelled (placeCall's timeoutMs overrides it). */
  ringTimeoutMs: number;
  maxDialogs: number;
  maxTransactions: number;
  /** How often host names in allowFrom (and the trunk's) are looked up again; and the lookup itself. */
  allowFromRefreshMs: number;
  resolveHost: ResolveHost;
  maxTcpConnections: number;
  tcpIdleMs: number;
}

export const defaultSipEndpointOptions: SipEndpointOptions = {
  t1Ms: 500,
  t2Ms: 4000,
  minSessionExpires: 90,
  sessionExpires: 1800,
  register: true,
  registerExpires: 3600,
  registerRetryMinMs: 2000,
  registerRetryMaxMs: 300_000,
  ringTimeoutMs: 60_000,
  maxDialogs: 64,
  maxTransactions: 512,
  allowFromRefreshMs: 5 * 60_000,
  resolveHost: systemResolveHost,
  maxTcpConnections: 64,
  tcpIdleMs: 10 * 60_000,
};

interface EndpointEvents {
  call: [call: IncomingCall];
  registration: [state: RegistrationState];
}

export class SipEndpoint extends EventEmitter<EndpointEvents> implements DialogHost {
  readonly options: SipEndpointOptions;
  private readonly transport: SipTransport;
  readonly allowList: AllowList;
  private readonly serverTxs = new Map<string, ServerTransaction>();
  private readonly clientTxs = new Map<string, ClientTransaction>();
  readonly calls = new Map<string, SipCall>();
  private readonly outbound = new Map<string, OutboundCall>();
  private registration: Registration | null = null;
  private boundPort = 0;

  constructor(
    readonly config: SipConfig,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
    options: Partial<SipEndpointOptions> = {},
  ) {
    super();
    this.options = { ...defaultSipEndpointOptions, ...options };
    // The trunk itself (an address, or a name resolved like allowFrom's) may always talk to us: its answers to our
    // REGISTER and INVITEs.
    const trunk = config.trunk ? [config.trunk.host] : [];
    this.allowList = new AllowList([...config.allowFrom, ...trunk], this.options.resolveHost, logger);
    this.transport = new SipTransport(config.bindAddress, this.allowList, this.options, logger);
    this.transport.on('message', (data, flow, allowed) => this.onMessage(data, flow, allowed));
    this.transport.on('connectFailed', (address, port) => {
      for (const tx of [...this.clientTxs.values()]) {
        if (tx.flow.transport === 'tcp' && tx.flow.address === address && tx.flow.port === port) tx.transportFailed();
      }
    });
  }

  /** The port SIP listens on (UDP and TCP); the bound one when config.port was 0. */
  get port(): number {
    return this.boundPort;
  }

  get timers(): TimerSettings {
    return this.options;
  }

  get credentials(): { username: string; password: string } | null {
    return this.config.credentials;
  }

  get minSessionExpires(): number {
    return this.options.minSessionExpires;
  }

  get registrationState(): RegistrationState | null {
    return this.registration?.state ?? null;
  }

  async start(): Promise<void> {
    await this.allowList.start(this.options.allowFromRefreshMs);
    this.boundPort = await this.transport.listen(this.config.port);
    const { trunk, credentials } = this.config;
    if (trunk && credentials && this.options.register) {
      this.registration = new Registration(
        this,
        {
          trunk,
          credentials,
          expiresSeconds: this.options.registerExpires,
          retryMinMs: this.options.registerRetryMinMs,
          retryMaxMs: this.options.registerRetryMaxMs,
        },
        this.clock,
        this.logger,
        (state) => this.emit('registration', state),
      );
      this.registration.start();
    }
    this.logger.info({ port: this.boundPort, trunk: trunk?.host ?? null }, 'sip: listening on udp and tcp');
  }

  /** Hangs up every call, unregisters, and closes the sockets. */
  async stop(): Promise<void> {
    for (const call of [...this.outbound.values()]) call.abort('hangup');
    for (const call of [...this.calls.values()]) call.hangup();
    await this.registration?.stop();
    this.registration = null;
    this.allowList.stop();
    await new Promise((resolve) => setImmediate(resolve));
    for (const tx of this.clientTxs.values()) tx.dispose();
    for (const tx of this.serverTxs.values()) tx.finish();
    this.clientTxs.clear();
    this.serverTxs.clear();
    await this.transport.close();
  }

  /** Calls a number through the trunk; resolves once answered (200 and our ACK), rejects with a SipCallError. */
  placeCall(options: PlaceCallOptions): Promise<PhoneCall> {
    if (this.calls.size + this.outbound.size >= this.options.maxDialogs) {
      return Promise.reject(new Error('too many telephone calls at once'));
    }
    const call = new OutboundCall(this, options, (callId) => this.outbound.delete(callId));
    this.outbound.set(call.callId, call);
    return call.start();
  }

  // ------------------------------------------------------------------- DialogHost --

  via(transport: 'udp' | 'tcp', branch: string): string {
    return `SIP/2.0/${transport.toUpperCase()} ${this.hostPort()};branch=${branch};rport`;
  }

  contact(transport: 'udp' | 'tcp', user = 'kayoi'): string {
    return `<sip:${user}@${this.hostPort()}${transport === 'tcp' ? ';transport=tcp' : ''}>`;
  }

  private hostPort(): string {
    const address = this.config.publicAddress.includes(':') ? `[${this.config.publicAddress}]` : this.config.publicAddress;
    return `${address}:${this.boundPort}`;
  }

  send(flow: Flow, message: SipRequest): void {
    this.transport.send(flow, serialize(message));
  }

  /** Sends a request in a new client transaction; `provisional` sees 1xx; resolves with the final (408 on timeout). */
  request(
    message: SipRequest,
    flow: Flow,
    provisional?: (response: SipResponse) => void,
    final?: (response: SipResponse) => void,
  ): Promise<SipResponse> {
    return new Promise((resolve) => {
      const tx = new ClientTransaction(message, flow, (f, d) => this.transport.send(f, d), this.options, {
        response: (response) => {
          if (response.status < 200) provisional?.(response);
          else {
            final?.(response);
            resolve(response);
          }
        },
        failure: (reason) => {
          const local =
            reason === 'timeout'
              ? localResponse(message, 408, 'Request Timeout (no answer from the other side)')
              : localResponse(message, 503, 'Service Unavailable (cannot connect)');
          final?.(local);
          resolve(local);
        },
        done: () => this.clientTxs.delete(tx.key),
      });
      this.clientTxs.set(tx.key, tx);
      tx.start();
    });
  }

  respond(tx: ServerTransaction, status: number, extra: Header[] = [], body?: Buffer): void {
    const call = this.calls.get(header(tx.request, 'call-id') ?? '');
    const toTag = call ? call.localTagFor(tx.request) : status > 100 ? newTag() : undefined;
    tx.respond(responseTo(tx.request, status, toTag, extra, body));
  }

  forget(call: SipCall): void {
    if (this.calls.get(call.callId) === call) this.calls.delete(call.callId);
  }

  /** An answered outbound call becomes a dialog like any other. */
  adopt(call: SipCall): void {
    this.calls.set(call.callId, call);
  }

  // ------------------------------------------------------------------- receiving --

  private onMessage(data: Buffer, flow: Flow, allowed: boolean): void {
    try {
      this.handle(data, flow, allowed);
    } catch (error) {
      this.logger.error({ err: error, from: `${flow.address}:${flow.port}` }, 'sip: failed to handle a message');
    }
  }

  private handle(data: Buffer, flow: Flow, allowed: boolean): void {
    const parsed = parseMessage(data);
    if (!parsed.ok) {
      this.logger.debug({ from: `${flow.address}:${flow.port}`, reason: parsed.reason }, 'sip: malformed message');
      const request = parsed.answerable;
      if (request && request.method !== 'ACK') {
        const status = allowed ? 400 : 403;
        this.transport.send(flow, serialize(responseTo(request, status, newTag(), [['warning', `399 Kayoi "${parsed.reason}"`]])));
      }
      if (!allowed) flow.connection?.end();
      return;
    }
    const message = parsed.message;
    if (!allowed) {
      // TCP from an address not on the allow-list (UDP never gets here): the handshake proved the address, so a
      // 403 tells a misconfigured trunk what is wrong; then the connection is closed.
      if (message.kind === 'request' && message.method !== 'ACK') {
        this.transport.send(flow, serialize(responseTo(message, 403, newTag())));
      }
      this.logRefused(flow.address);
      flow.connection?.end();
      return;
    }
    if (message.kind === 'response') this.onResponse(message);
    else this.onRequest(message, flow);
  }

  private refusedSinceLog = 0;
  private refusedLoggedAt = 0;

  /** At most one line per 10 s however many strangers knock, with how many there were. */
  private logRefused(address: string): void {
    this.refusedSinceLog += 1;
    const now = Date.now();
    if (now - this.refusedLoggedAt < 10_000) return;
    this.logger.warn({ from: address, refused: this.refusedSinceLog }, 'sip: refused requests from addresses not in allowFrom');
    this.refusedLoggedAt = now;
    this.refusedSinceLog = 0;
  }

  private onResponse(response: SipResponse): void {
    const tx = this.clientTxs.get(`${topBranch(response)}|${cseqOf(response).method}`);
    if (tx) {
      tx.onResponse(response);
      return;
    }
    // A retransmitted 2xx for an INVITE whose transaction is gone: the dialog ACKs it again.
    if (response.status >= 200 && response.status < 300 && cseqOf(response).method === 'INVITE') {
      this.outbound.get(header(response, 'call-id') ?? '')?.retransmitted2xx(response);
    }
  }

  private onRequest(request: SipRequest, flow: Flow): void {
    const method = request.method;
    const key = `${transactionId(request)}|${method === 'ACK' || method === 'CANCEL' ? 'INVITE' : method}`;
    if (method === 'ACK') {
      const tx = this.serverTxs.get(key);
      if (tx && tx.finalStatus !== null && tx.finalStatus >= 300) tx.acknowledged();
      else this.calls.get(header(request, 'call-id') ?? '')?.onAck(request);
      return;
    }
    if (method === 'CANCEL') {
      this.onCancel(request, flow, this.serverTxs.get(key));
      return;
    }
    const existing = this.serverTxs.get(key);
    if (existing) {
      existing.retransmitted();
      return;
    }
    if (this.serverTxs.size >= this.options.maxTransactions) {
      this.transport.send(flow, serialize(responseTo(request, 503, newTag(), [['retry-after', '5']])));
      return;
    }
    const tx = new ServerTransaction(
      key,
      request,
      flow,
      (f, d) => this.transport.send(f, d),
      this.options,
      (k) => this.serverTxs.delete(k),
    );
    this.serverTxs.set(key, tx);
    const unsupported = headerValues(request, 'require').filter((ext) => ext.toLowerCase() !== 'timer');
    if (unsupported.length > 0 && method !== 'OPTIONS') {
      this.respond(tx, 420, [['unsupported', unsupported.join(', ')]]);
      return;
    }
    const toTag = tagOf(header(request, 'to') ?? '');
    const call = this.calls.get(header(request, 'call-id') ?? '');
    if (toTag) {
      if (call && call.state !== 'ended') call.onRequest(request, tx);
      else this.respond(tx, 481);
      return;
    }
    if (method === 'INVITE') this.onInvite(request, tx, flow);
    else if (method === 'OPTIONS')
      this.respond(tx, 200, [
        ['allow', ALLOW],
        ['accept', 'application/sdp'],
        ['supported', 'timer'],
      ]);
    else if (method === 'BYE' || method === 'INFO' || method === 'UPDATE') this.respond(tx, 481);
    else this.respond(tx, 405, [['allow', ALLOW]]);
  }

  private onCancel(request: SipRequest, flow: Flow, inviteTx: ServerTransaction | undefined): void {
    if (!inviteTx) {
      this.transport.send(flow, serialize(responseTo(request, 481, newTag())));
      return;
    }
    const call = this.calls.get(header(request, 'call-id') ?? '');
    this.transport.send(flow, serialize(responseTo(request, 200, call?.localTag ?? newTag())));
    if (call && call.inviteTx === inviteTx) call.cancelled();
  }

  private onInvite(request: SipRequest, tx: ServerTransaction, flow: Flow): void {
    const callId = header(request, 'call-id') ?? '';
    if (this.calls.has(callId)) {
      this.respond(tx, 482); // a merged request (a fork came back)
      return;
    }
    if (this.calls.size + this.outbound.size >= this.options.maxDialogs) {
      this.respond(tx, 503, [['retry-after', '30']]);
      return;
    }
    if (this.listenerCount('call') === 0) {
      this.respond(tx, 480);
      return;
    }
    const contentType = (header(request, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (request.body.length === 0 || contentType !== 'application/sdp') {
      // A delayed offer (no SDP: our offer in the 200, the answer in the ACK) is refused with 488 and Accept: the bridge
      // opens the caller's line from their offer before it answers (README → Telephone: ask the trunk to offer).
      this.respond(tx, request.body.length === 0 ? 488 : 415, [['accept', 'application/sdp']]);
      return;
    }
    const remoteMedia = parseRemoteMedia(request.body.toString('utf8'));
    if (!remoteMedia) {
      this.respond(tx, 488, [['warning', '304 Kayoi "PCMU or PCMA only"']]);
      return;
    }
    const session = sessionFromInvite(request, this.options.minSessionExpires);
    if (session === 'too-small') {
      this.respond(tx, 422, [['min-se', String(this.options.minSessionExpires)]]);
      return;
    }
    const contact = header(request, 'contact');
    if (!contact) {
      this.respond(tx, 400, [['warning', '399 Kayoi "missing Contact"']]);
      return;
    }
    const call = inboundCall(this, request, flow, remoteMedia, contact);
    call.inviteTx = tx;
    call.setInitialSession(session?.value ?? null, session?.headers ?? []);
    this.calls.set(callId, call);
    this.respond(tx, 100);
    this.emit('call', call as IncomingCall);
    if (call.state === 'pending' && call.inviteTx === tx) this.respond(tx, 180, [['contact', this.contact(flow.transport)]]);
  }
}

/** The RFC 3261 branch, or for an old (RFC 2543) client without one: Call-ID, From tag and CSeq number. */
function transactionId(request: SipRequest): string {
  const branch = topBranch(request);
  if (branch.startsWith('z9hG4bK')) return branch;
  return `${header(request, 'call-id') ?? ''}|${tagOf(header(request, 'from') ?? '') ?? ''}|${cseqOf(request).seq}`;
}

/** A final response we make up ourselves (a transaction timeout). */
function localResponse(request: SipRequest, status: number, reason: string): SipResponse {
  return { ...responseTo(request, status), reason };
}
