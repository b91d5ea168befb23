import type { CallIdentity } from '../../sessions/service';
import type { PhoneDirectory } from '../directory';
import { HAND_OFF_PREFIX } from '../handOff';
import { PhoneLeg } from '../media/PhoneLeg';
import type { LineSettings } from '../media/RtpLine';
import { SipCallError, type SipCallFailure, type SipEndpoint } from '../sip';
import type { IncomingCall, PhoneCall } from '../types';
import { PhoneCallSession, type CallSessionDeps, type KeypadCheck } from './PhoneCallSession';
import type { VideoSounds } from './VideoSounds';

export interface PhoneBridgeDeps extends CallSessionDeps {
  sip: SipEndpoint;
  directory: PhoneDirectory;
  line: LineSettings;
}

/** How an outbound call went: answered (the person is joining), or why not. */
export type OutboundOutcome = 'answered' | SipCallFailure;

/** Nobody keys a number on a call the gathering made, or one handed over: they are known. */
const noKeypad: KeypadCheck = () => Promise.resolve({ ok: false, reason: 'WRONG_KEYPAD_NUMBER' });

/** How long the gathering lets a phone ring before giving up (older people take time to reach the phone). */
export const OUTBOUND_RING_MS = 45_000;

/**
 * The telephone in the product: callers who dial a venue's number (found by their number or the keypad number
 * on their card) and people the gathering calls (「電話をかける」) become phone peers of the session's room.
 */
export class PhoneBridge {
  private readonly calls = new Set<PhoneCallSession>();

  constructor(private readonly deps: PhoneBridgeDeps) {
    deps.sip.on('call', (call) => {
      this.answer(call).catch((error: unknown) => deps.logger.error({ err: error, callId: call.callId }, 'telephone call could not start'));
    });
  }

  /** The peers of the calls in progress (for tests and the operations log). */
  get activeCalls(): number {
    return this.calls.size;
  }

  /** The exercise video's sound for callers, one decoder per session playing (tests, the operations log). */
  get videoSounds(): VideoSounds {
    return this.deps.videoSounds;
  }

  /** Rings the person's phone for the gathering; resolves once they answered (then they join) or with why not. */
  async callOut(identity: CallIdentity, number: string, from: string | null): Promise<OutboundOutcome> {
    // Until the callee's answer says where to send, the line sends nothing.
    const leg = await PhoneLeg.openLine({ remote: null, line: this.deps.line, logger: this.deps.logger });
    let call: PhoneCall;
    try {
      call = await this.deps.sip.placeCall({ to: number, ...(from ? { from } : {}), local: leg.local, timeoutMs: OUTBOUND_RING_MS });
    } catch (error) {
      leg.close();
      if (error instanceof SipCallError) return error.reason;
      throw error;
    }
    leg.setRemote(call.remoteMedia);
    this.track(new PhoneCallSession(call, leg, this.deps, noKeypad)).start({ kind: 'known' }, identity);
    return 'answered';
  }

  /** Ends every call (the server is stopping) and kills the video sound decoders. */
  close(): void {
    for (const call of this.calls) call.end();
    this.deps.videoSounds.close();
  }

  private async answer(call: IncomingCall): Promise<void> {
    const { directory, logger } = this.deps;
    logger.debug({ callId: call.callId, media: call.remoteMedia }, 'inbound telephone call');
    if (this.deps.handOver && call.localNumber.startsWith(HAND_OFF_PREFIX)) return this.answerHandOff(call);
    const lookup = await directory.byCaller(call.localNumber, call.remoteNumber);
    if (!lookup.ok && lookup.reason === 'UNKNOWN_LINE') return call.reject(404);
    const byKeypad: KeypadCheck = async (pin) => {
      const found = await directory.byKeypadNumber(call.localNumber, pin, call.remoteNumber);
      return found.ok ? { ok: true, identity: found.identity } : found;
    };
    const session = await this.answered(call, byKeypad);
    if (!session) return;
    if (lookup.ok) session.start({ kind: 'known' }, lookup.identity);
    else if (lookup.reason === 'NEEDS_KEYPAD_NUMBER') session.start({ kind: 'unknown' }, null);
    else session.start({ kind: 'noGathering' }, lookup);
  }

  /**
   * A caller another node transferred here (sip:kayoi-<token>@this node): a valid hand-off starts them straight in
   * their session; an unsigned, altered, expired or reused one is refused with 403 before anything is answered.
   */
  private async answerHandOff(call: IncomingCall): Promise<void> {
    const taken = this.deps.handOver!.take(call.localNumber);
    if ('refused' in taken) {
      this.deps.logger.warn({ callId: call.callId, reason: taken.refused }, 'refused a telephone hand-off');
      return call.reject(403);
    }
    const lookup = await this.deps.directory.byHandOff(taken.sessionId, taken.participantId);
    const session = await this.answered(call, noKeypad);
    if (!session) return;
    if (!lookup.ok) session.start({ kind: 'noGathering' }, lookup);
    else session.start(taken.greeted ? { kind: 'handedOff' } : { kind: 'known' }, lookup.identity, { muted: taken.muted });
  }

  /** Opens the caller's line and answers; null (the call refused with 503) when no RTP port is free. */
  private async answered(call: IncomingCall, checkKeypad: KeypadCheck): Promise<PhoneCallSession | null> {
    const { line, logger } = this.deps;
    let leg: PhoneLeg;
    try {
      leg = await PhoneLeg.openLine({ remote: call.remoteMedia, line, logger });
    } catch (error) {
      logger.warn({ err: error }, 'no RTP port for a telephone call');
      call.reject(503);
      return null;
    }
    try {
      await call.answer(leg.local);
    } catch (error) {
      leg.close();
      throw error;
    }
    return this.track(new PhoneCallSession(call, leg, this.deps, checkKeypad));
  }

  private track(session: PhoneCallSession): PhoneCallSession {
    this.calls.add(session);
    session.onEnded(() => this.calls.delete(session));
    return session;
  }
}
