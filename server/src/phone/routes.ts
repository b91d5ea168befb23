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
    participantPhone: async (request) => await numbers.participantPhone(requireUser(request), request.params.participantId),
    addPhoneNumber: async (request) => await numbers.addNumber(requireUser(request), request.params.participantId, request.body),
    removePhoneNumber: async (request) =>
      await numbers.removeNumber(requireUser(request), request.params.participantId, request.params.numberId),
    reissueKeypadNumber: async (request) => await numbers.reissueKeypadNumber(requireUser(request), request.params.participantId),
    venuePhoneLine: (request) => numbers.venuePhoneLine(requireUser(request), request.params.venueId),
    setVenuePhoneLine: async (request) =>
      await numbers.setVenuePhoneLine(requireRole(request, 'organiser'), request.params.venueId, request.body.number),
    organisationPhoneLine: (request) => numbers.organisationPhoneLine(requireRole(request, 'organiser')),
    phoneRegulars: async (request) => await callOut.regulars(requireUser(request), request.params.sessionId),
    callOut: async (request) => await callOut.callOut(requireUser(request), request.params.sessionId, request.body.participantId),
    callAll: async (request) => await callOut.callAll(requireUser(request), request.params.sessionId),
    setOrganisationPhoneLine: async (request) =>
      await numbers.setOrganisationPhoneLine(requireRole(request, 'organiser'), request.body.number),
  };
}
