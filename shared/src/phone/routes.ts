import { defineRoutes, type ErrorStatus } from '../http/routes';

const tags = ['phone'];
const withConflict: readonly ErrorStatus[] = [400, 401, 403, 404, 409];

/**
 * Telephone data for staff (issue #14): a participant's numbers and keypad number (organisers, and hosts of the
 * participant's venues; every read and change is audited), and a venue's number (the organiser's).
 */
export const phoneRoutes = defineRoutes({
  participantPhone: {
    method: 'GET',
    path: '/api/participants/:participantId/phone',
    access: 'staff',
    params: 'ParticipantParams',
    response: 'ParticipantPhone',
    head: false,
    description: 'Their numbers and 電話番号用の番号 (issued now if they had none); the read is audited.',
    tags,
  },
  addPhoneNumber: {
    method: 'POST',
    path: '/api/participants/:participantId/phone/numbers',
    access: 'staff',
    params: 'ParticipantParams',
    body: 'AddPhoneNumber',
    response: 'ParticipantPhone',
    status: 201,
    errors: withConflict,
    description: 'Adds a number (03-1234-5678, 090…, +81…; stored as E.164); at most a few, no duplicates.',
    tags,
  },
  removePhoneNumber: {
    method: 'DELETE',
    path: '/api/participants/:participantId/phone/numbers/:numberId',
    access: 'staff',
    params: 'PhoneNumberParams',
    response: 'ParticipantPhone',
    tags,
  },
  reissueKeypadNumber: {
    method: 'POST',
    path: '/api/participants/:participantId/phone/keypad-number',
    access: 'staff',
    params: 'ParticipantParams',
    response: 'ParticipantPhone',
    errors: withConflict,
    description: 'A new random 電話番号用の番号; the old one stops working at once (a new card is needed).',
    tags,
  },
  venuePhoneLine: {
    method: 'GET',
    path: '/api/venues/:venueId/phone-line',
    access: 'staff',
    params: 'VenueParams',
    response: 'VenuePhoneLine',
    tags,
  },
  setVenuePhoneLine: {
    method: 'PUT',
    path: '/api/venues/:venueId/phone-line',
    access: 'organiser',
    params: 'VenueParams',
    body: 'SetVenuePhoneLine',
    response: 'VenuePhoneLine',
    errors: withConflict,
    description: 'The number people dial for this venue (a 050 DID from the SIP provider), or null; 409 if another venue has it.',
    tags,
  },
  organisationPhoneLine: {
    method: 'GET',
    path: '/api/phone/organisation-line',
    access: 'organiser',
    response: 'OrganisationPhoneLine',
    tags,
  },
  setOrganisationPhoneLine: {
    method: 'PUT',
    path: '/api/phone/organisation-line',
    access: 'organiser',
    body: 'SetVenuePhoneLine',
    response: 'OrganisationPhoneLine',
    errors: withConflict,
    description: 'One number for the whole organisation (callers key in their number; their venue gives the gathering), or null.',
    tags,
  },
  phoneRegulars: {
    method: 'GET',
    path: '/api/venue-sessions/:sessionId/phone-regulars',
    access: 'staff',
    params: 'VenueSessionParams',
    response: 'PhoneRegulars',
    description:
      'Whom 「電話をかける」 can ring for this session: members of its venue with a number (names only), and whether the telephone is on.',
    servedBy: 'sessionNode',
    tags,
  },
  callOut: {
    method: 'POST',
    path: '/api/venue-sessions/:sessionId/phone-calls',
    access: 'staff',
    params: 'VenueSessionParams',
    body: 'CallOut',
    response: 'CallOutResult',
    errors: [400, 401, 403, 404, 409, 503],
    description:
      "Rings the person's first number for the session and answers once they picked up (they are then joining) or the phone gave up (busy, no answer …); audited without the number. 503 PHONE_OFF when the telephone is not configured.",
    servedBy: 'sessionNode',
    tags,
  },
  callAll: {
    method: 'POST',
    path: '/api/venue-sessions/:sessionId/phone-calls/everyone',
    access: 'staff',
    params: 'VenueSessionParams',
    response: 'CallAllResult',
    errors: [400, 401, 403, 404, 409, 503],
    description:
      'Rings every member with a number who is not in the call or being rung already, a few lines at a time (KAYOI_SIP_MAX_OUTBOUND_CALLS); answers at once with whom it calls and whom it left out and why; each call then shows in phone-regulars. Audited once, without numbers.',
    servedBy: 'sessionNode',
    tags,
  },
});
