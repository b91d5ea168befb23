import type { captionRoutes } from '@shared/captions/routes';
import { requireUser } from '../auth/plugin';
import type { RouteHandlers } from '../core/routes';
import type { CaptionLinkService } from './links';
import type { CaptionTranscripts } from './transcript';

/** Caption links (made and stopped by the venue's staff) and a session's stored transcript. */
export function captionHandlers({
  links,
  transcripts,
}: {
  links: CaptionLinkService;
  transcripts: CaptionTranscripts;
}): RouteHandlers<typeof captionRoutes> {
  return {
    captionLinks: (request) => links.list(requireUser(request), request.params.venueId),
    createCaptionLink: (request) => links.create(requireUser(request), request.params.sessionId, request.body),
    revokeCaptionLink: (request) => links.revoke(requireUser(request), request.params.linkId),
    captionTranscript: (request) => transcripts.read(requireUser(request), request.params.sessionId),
    deleteCaptionTranscript: (request) => transcripts.delete(requireUser(request), request.params.sessionId),
  };
}
