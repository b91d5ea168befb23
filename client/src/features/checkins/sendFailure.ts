import { toCallError, type ClientErrorCode } from '../../lib/errors';

/**
 * Answers the server would refuse again, whatever the network does: CONFLICT (the questionnaire was answered
 * in the last six months, on another screen or by the host) and NO_CONSENT (no consent to wellbeing records).
 */
const FINAL_CODES: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>(['CONFLICT', 'NO_CONSENT']);

export interface SendFailure {
  code: ClientErrorCode;
  /** Sending the same answers again may work (the network, a busy server); false: say why and offer only to go back. */
  retry: boolean;
}

/** Why answers could not be sent, and whether sending them again can help. */
export function sendFailure(error: unknown): SendFailure {
  const { code } = toCallError(error);
  return { code, retry: !FINAL_CODES.has(code) };
}
