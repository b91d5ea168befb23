import type { phoneRoutes } from '@shared/phone/routes';
import { requireRole, requireUser } from '../auth/plugin';
import type { RouteHandlers } from '../core/routes';
import type { PhoneCallOutService } from './callOut';
import type { PhoneNumberService } from './staffNumbers';

/** A participant's numbers and keypad number, and a venue's number (the organiser's). */
export function phoneHandlers({
  numbers,
  callOut,
}: {
  numbers: PhoneNumberService;
  callOut: PhoneCallOutService;
}): RouteHandlers<typeof phoneRoutes> {
  return {
    participantPhone: (request) => numbers.participantPhone(requireUser(request), request.params.participantId),
    addPhoneNumber: (request) => numbers.addNumber(requireUser(request), request.params.participantId, request.body),
    removePhoneNumber: (request) => numbers.removeNumber(requireUser(request), request.params.participantId, request.params.numberId),
    reissueKeypadNumber: (request) => numbers.reissueKeypadNumber(requireUser(request), request.params.participantId),
    venuePhoneLine: (request) => numbers.venuePhoneLine(requireUser(request), request.params.venueId),
    setVenuePhoneLine: (request) =>
      numbers.setVenuePhoneLine(requireRole(request, 'organiser'), request.params.venueId, request.body.number),
    organisationPhoneLine: (request) => numbers.organisationPhoneLine(requireRole(request, 'organiser')),
    phoneRegulars: (request) => callOut.regulars(requireUser(request), request.params.sessionId),
    callOut: (request) => callOut.callOut(requireUser(request), request.params.sessionId, request.body.participantId),
    callAll: (request) => callOut.callAll(requireUser(request), request.params.sessionId),
    setOrganisationPhoneLine: (request) => numbers.setOrganisationPhoneLine(requireRole(request, 'organiser'), request.body.number),
  };
}
