import type { z } from 'zod';
import type { Checkin, QuestionnaireResult, SubmitCheckin, SubmitQuestionnaire } from '@shared/checkins/schemas';
import type { CallConnection } from '../call/CallConnection';
import { AppError } from '../core/errors';
import type { QuestionnaireService } from './questionnaires';
import type { CheckinService } from './service';

/** What a home participant does from the call: their own check-in and questionnaire. */
export class CheckinCallActions {
  constructor(
    private readonly checkins: CheckinService,
    private readonly questionnaires: QuestionnaireService,
  ) {}

  /** Stores the check-in; 「困りごとがある」 reaches every venue device of the room at once. */
  async submit(connection: CallConnection, request: z.output<typeof SubmitCheckin>): Promise<Checkin> {
    const { room, peer, participantId } = homePeer(connection);
    const checkin = await this.checkins.submitOwn(room.sessionId, participantId, request);
    if (checkin.trouble) {
      room.broadcast('checkin:troubleRequested', { participantId, displayName: peer.displayName }, (other) => other.role === 'venue');
    }
    return checkin;
  }

  async submitQuestionnaire(connection: CallConnection, request: z.output<typeof SubmitQuestionnaire>): Promise<QuestionnaireResult> {
    return await this.questionnaires.submit(homePeer(connection).participantId, request.answers, undefined);
  }
}

/** Only a participant at home answers for themselves; the venue tablet records through the host's roster. */
function homePeer(connection: CallConnection) {
  const { room, peer } = connection.current();
  if (peer.role !== 'home' || !peer.participantId)
    throw new AppError('NOT_ALLOWED', 'The venue records check-ins from the roster, not from the call');
  return { room, peer, participantId: peer.participantId };
}
