import { z } from 'zod';
import { EntityId, IsoDateTime } from '../common';
import { KEYPAD_NUMBER_PATTERN, normalisePhoneNumber, PHONE_NUMBER_INPUT_MAX, PHONE_NUMBER_LABELS } from './numbers';

export { PHONE_NUMBER_LABELS, PHONE_NUMBERS_PER_PARTICIPANT } from './numbers';
export const PhoneNumberLabel = z.enum(PHONE_NUMBER_LABELS);
export type PhoneNumberLabel = z.infer<typeof PhoneNumberLabel>;

/** What staff type: any usual way of writing a number; it arrives here as E.164 (+81…). */
export const PhoneNumberInput = z
  .string()
  .max(PHONE_NUMBER_INPUT_MAX)
  .transform((value, context) => {
    const e164 = normalisePhoneNumber(value);
    if (e164) return e164;
    context.addIssue({ code: 'custom', message: 'is not a telephone number (e.g. 03-1234-5678, 090-1234-5678, +81…)' });
    return z.NEVER;
  });

export const ParticipantPhoneNumber = z.object({
  id: EntityId,
  /** E.164, e.g. +81312345678. */
  number: z.string(),
  /** For people: 03-1234-5678. */
  display: z.string(),
  label: PhoneNumberLabel,
});
export type ParticipantPhoneNumber = z.infer<typeof ParticipantPhoneNumber>;

/** A participant's telephone: their numbers (caller ID) and their 電話番号用の番号 (keypad number). */
export const ParticipantPhone = z.object({
  participantId: EntityId,
  numbers: z.array(ParticipantPhoneNumber),
  /** Six digits, printed on the invite card; issued when first needed (null for someone who left without one). */
  keypadNumber: z.string().regex(KEYPAD_NUMBER_PATTERN).nullable(),
  keypadNumberIssuedAt: IsoDateTime.nullable(),
});
export type ParticipantPhone = z.infer<typeof ParticipantPhone>;

export const AddPhoneNumber = z.object({ number: PhoneNumberInput, label: PhoneNumberLabel });
export type AddPhoneNumber = z.input<typeof AddPhoneNumber>;
export const PhoneNumberParams = z.object({ participantId: EntityId, numberId: EntityId });

/** The number people dial for a venue's gatherings (its DID), or null when it has none. */
export const VenuePhoneLine = z.object({
  venueId: EntityId,
  number: z.string().nullable(),
  display: z.string().nullable(),
});
export type VenuePhoneLine = z.infer<typeof VenuePhoneLine>;
export const SetVenuePhoneLine = z.object({ number: PhoneNumberInput.nullable() });
export type SetVenuePhoneLine = z.input<typeof SetVenuePhoneLine>;

/** The organisation's one number (venue chosen by the keypad number), or null when each venue has its own. */
export const OrganisationPhoneLine = z.object({ number: z.string().nullable(), display: z.string().nullable() });
export type OrganisationPhoneLine = z.infer<typeof OrganisationPhoneLine>;

export const CallOut = z.object({ participantId: EntityId });
export const CALL_OUT_OUTCOMES = [
  'answered',
  'busy',
  'no-answer',
  'refused',
  'cancelled',
  'unreachable',
  'not-acceptable',
  'failed',
] as const;
/** How 「電話をかける」 went, once the phone was answered or gave up ringing. */
export const CallOutResult = z.object({ outcome: z.enum(CALL_OUT_OUTCOMES) });
export type CallOutResult = z.infer<typeof CallOutResult>;

/**
 * Where the gathering's call to someone stands today, for the host's roster: waiting for a free line (calling
 * everyone rings a few at a time), ringing, or how it ended; null when nobody called them.
 */
export const CALL_OUT_STATES = ['waiting', 'ringing', ...CALL_OUT_OUTCOMES] as const;
export const CallOutState = z.enum(CALL_OUT_STATES);
export type CallOutState = z.infer<typeof CallOutState>;

/** Someone the gathering can call (「電話をかける」): a venue member with a number; the number itself is not sent. */
export const PhoneRegular = z.object({
  participantId: EntityId,
  displayName: z.string(),
  /** Already in the call (by phone or from home). */
  inCall: z.boolean(),
  /** The gathering's last call to them today (kept in the server's memory), or null. */
  call: CallOutState.nullable(),
});
export const PhoneRegulars = z.object({
  /** False when this server has no telephone (SIP) configured: the host sees no call buttons. */
  enabled: z.boolean(),
  people: z.array(PhoneRegular),
});
export type PhoneRegulars = z.infer<typeof PhoneRegulars>;

/** Why 「電話の方みんなに電話をかける」 left someone out. */
export const CALL_ALL_SKIP_REASONS = ['in-call', 'already-calling'] as const;
const CalledPerson = z.object({ participantId: EntityId, displayName: z.string() });
/** Whom calling everyone rings (a few lines at a time; the roster shows each one's state) and whom it left out. */
export const CallAllResult = z.object({
  calling: z.array(CalledPerson),
  skipped: z.array(CalledPerson.extend({ reason: z.enum(CALL_ALL_SKIP_REASONS) })),
});
export type CallAllResult = z.infer<typeof CallAllResult>;
