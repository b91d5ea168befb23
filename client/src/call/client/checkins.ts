import type { ResponseOf } from '@shared/call/events';
import type { CheckinOffer, SubmitCheckin } from '@shared/checkins/schemas';
import { request } from '../socket';
import type { CallContext } from './context';

/** Someone at home pressed 「困りごとがある」: shown at the venue until the host presses 対応した. */
export interface TroubleRequest {
  readonly participantId: string;
  readonly displayName: string;
  /** When this page heard of it (ms since the epoch). */
  readonly at: number;
}

/**
 * The call's check-in side. At home: the offer from the join answer and the two socket requests that
 * answer it. At the venue: the open 「困りごと」 requests announced live by the server.
 */
export class CallCheckins {
  private offerValue: CheckinOffer | null = null;
  private requests: readonly TroubleRequest[] = [];

  constructor(private readonly ctx: CallContext) {}

  get offer(): CheckinOffer | null {
    return this.offerValue;
  }

  get troubleRequests(): readonly TroubleRequest[] {
    return this.requests;
  }

  /** Every (re)join brings the server's current offer (after a check-in, `alreadyAnswered` is true). */
  setOffer(offer: CheckinOffer | null | undefined): void {
    this.offerValue = offer ?? null;
  }

  async submit(body: SubmitCheckin): Promise<ResponseOf<'checkin:submit'>> {
    const saved = await request(this.ctx.socket, 'checkin:submit', body);
    if (this.offerValue) this.offerValue = { ...this.offerValue, alreadyAnswered: true };
    this.ctx.changed();
    return saved;
  }

  async submitQuestionnaire(answers: Record<string, string>): Promise<ResponseOf<'checkin:submitQuestionnaire'>> {
    const saved = await request(this.ctx.socket, 'checkin:submitQuestionnaire', { answers });
    if (this.offerValue) this.offerValue = { ...this.offerValue, questionnaireDue: false };
    this.ctx.changed();
    return saved;
  }

  /** A request announced by the server, or found open when the venue page loads; one per person. */
  addTroubleRequest(participantId: string, displayName: string): void {
    if (this.requests.some((r) => r.participantId === participantId)) return;
    this.requests = [...this.requests, { participantId, displayName, at: Date.now() }];
    this.ctx.changed();
  }

  /** The host handled it (or it was handled elsewhere). */
  removeTroubleRequest(participantId: string): void {
    if (!this.requests.some((r) => r.participantId === participantId)) return;
    this.requests = this.requests.filter((r) => r.participantId !== participantId);
    this.ctx.changed();
  }
}
