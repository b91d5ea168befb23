import type { captionRoutes } from '@shared/captions/routes';
import { Readable } from 'node:stream';
import { EXPORT_CONTENT_TYPES } from '@shared/reports/exportFormats';
import { requireUser } from '../auth/plugin';
import { contentDisposition } from '../reports/routes';
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
    captionTranscriptCsv: async (request, reply) => {
      const file = await transcripts.csv(requireUser(request), request.params.sessionId);
      return reply
        .header('content-disposition', contentDisposition(file.filename, 'captions'))
        .header('cache-control', 'no-store')
        .type(EXPORT_CONTENT_TYPES.csv)
        .send(Readable.from([file.text]));
    },
    deleteCaptionTranscript: (request) => transcripts.delete(requireUser(request), request.params.sessionId),
  };
}
