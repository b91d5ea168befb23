/**
 * REGISTER with the trunk (RFC 3261 §10) when credentials are set: digest answers to 401/407, a refresh before
 * the binding expires, and back-off retries while the trunk is down or refuses.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../core/logger';
import type { Clock } from '../../core/clock';
import { authorization, parseChallenge } from './digest';
import { header, headerValues, params, type SipRequest, type SipResponse } from './message';
import { newBranch, newTag } from './transactions';
import type { Flow } from './transport';

export interface RegistrationHost {
  via(transport: 'udp' | 'tcp', branch: string): string;
  contact(transport: 'udp' | 'tcp', user: string): string;
  request(message: SipRequest, flow: Flow): Promise<SipResponse>;
}

export interface RegistrationSettings {
  trunk: { host: string; port: number; transport: 'udp' | 'tcp' };
  credentials: { username: string; password: string; realm?: string };
  expiresSeconds: number;
  retryMinMs: number;
  retryMaxMs: number;
}

export type RegistrationState = { registered: true; expiresAt: Date } | { registered: false; lastStatus: number | null };

export class Registration {
  private readonly callId = `${randomBytes(12).toString('hex')}@kayoi`;
  private readonly tag = newTag();
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;
  state: RegistrationState = { registered: false, lastStatus: null };

  constructor(
    private readonly host: RegistrationHost,
    private readonly settings: RegistrationSettings,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly onChange: (state: RegistrationState) => void,
  ) {}

  start(): void {
    this.stopped = false;
    void this.register(this.settings.expiresSeconds);
  }

  /** Stops refreshing and removes the binding (best effort, not waited for long). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.state.registered) await Promise.race([this.send(0), new Promise((resolve) => setTimeout(resolve, 500))]);
  }

  private async register(expires: number): Promise<void> {
    let status: number | null = null;
    try {
      const response = await this.send(expires);
      status = response.status;
      if (this.stopped) return;
      if (response.status >= 200 && response.status < 300) {
        const granted = this.grantedExpires(response) ?? expires;
        this.failures = 0;
        this.state = { registered: true, expiresAt: new Date(this.clock.now().getTime() + granted * 1000) };
        this.onChange(this.state);
        // Refresh ahead of expiry: 30 s early for long bindings, at half-time for short ones.
        const refreshIn = granted > 60 ? granted - 30 : granted / 2;
        this.timer = setTimeout(() => void this.register(this.settings.expiresSeconds), Math.max(refreshIn, 1) * 1000);
        return;
      }
      if (response.status === 423) {
        const minExpires = Number(header(response, 'min-expires'));
        if (minExpires > expires && minExpires < 86_400) return void this.register(minExpires);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'sip: REGISTER failed');
    }
    if (this.stopped) return;
    this.failures += 1;
    this.state = { registered: false, lastStatus: status };
    this.onChange(this.state);
    const delay = Math.min(this.settings.retryMinMs * 2 ** (this.failures - 1), this.settings.retryMaxMs);
    this.logger.warn({ status, retryInMs: delay }, 'sip: registration with the trunk failed; retrying');
    this.timer = setTimeout(() => void this.register(this.settings.expiresSeconds), delay);
  }

  /** One REGISTER, answering up to two digest challenges (a second one only for a new or stale nonce). */
  private async send(expires: number): Promise<SipResponse> {
    let auth: [string, string] | null = null;
    let lastNonce: string | null = null;
    for (let attempt = 0; ; attempt++) {
      const request = this.build(expires, auth);
      const response = await this.host.request(request, this.flow());
      if ((response.status !== 401 && response.status !== 407) || attempt >= 2) return response;
      const challengeHeader = header(response, response.status === 401 ? 'www-authenticate' : 'proxy-authenticate');
      const challenge = challengeHeader ? parseChallenge(challengeHeader) : null;
      const stale = challengeHeader ? /stale\s*=\s*"?true/i.test(challengeHeader) : false;
      if (!challenge || (challenge.nonce === lastNonce && !stale)) return response;
      lastNonce = challenge.nonce;
      const { username, password } = this.settings.credentials;
      const value = authorization({ challenge, username, password, method: 'REGISTER', uri: request.uri });
      auth = [response.status === 401 ? 'authorization' : 'proxy-authorization', value];
    }
  }

  private build(expires: number, auth: [string, string] | null): SipRequest {
    const { trunk, credentials } = this.settings;
    const domain = trunk.port === 5060 ? trunk.host : `${trunk.host}:${trunk.port}`;
    const aor = `<sip:${credentials.username}@${credentials.realm ?? trunk.host}>`;
    this.seq += 1;
    const request: SipRequest = {
      kind: 'request',
      method: 'REGISTER',
      uri: `sip:${domain}${trunk.transport === 'tcp' ? ';transport=tcp' : ''}`,
      headers: [
        ['via', this.host.via(trunk.transport, newBranch())],
        ['max-forwards', '70'],
        ['from', `${aor};tag=${this.tag}`],
        ['to', aor],
        ['call-id', this.callId],
        ['cseq', `${this.seq} REGISTER`],
        ['contact', this.host.contact(trunk.transport, credentials.username)],
        ['expires', String(expires)],
        ['user-agent', 'Kayoi'],
      ],
      body: Buffer.alloc(0),
    };
    if (auth) request.headers.push(auth);
    return request;
  }

  private grantedExpires(response: SipResponse): number | null {
    const contacts = headerValues(response, 'contact');
    const ours = contacts.find((c) => params(c).has('expires'));
    const value = ours ? params(ours).get('expires') : header(response, 'expires');
    const seconds = Number(value);
    return value !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : null;
  }

  private flow(): Flow {
    const { trunk } = this.settings;
    return { transport: trunk.transport, address: trunk.host, port: trunk.port };
  }
}
