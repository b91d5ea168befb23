import { defineRoutes } from '../http/routes';
import { EXPORT_CONTENT_TYPES } from '../reports/exportFormats';

const tags = ['captions'];

/**
 * Live captions (issue #16) for staff: caption links (a volunteer 要約筆記 writer's page for one venue, revocable,
 * expiring) and a session's stored transcript (kept only when the host chose 「記録を残す」).
 */
export const captionRoutes = defineRoutes({
  captionLinks: {
    method: 'GET',
    path: '/api/venues/:venueId/caption-links',
    access: 'staff',
    params: 'VenueParams',
    response: 'CaptionLinkList',
    tags,
  },
  createCaptionLink: {
    method: 'POST',
    path: '/api/venue-sessions/:sessionId/caption-links',
    access: 'staff',
    params: 'VenueSessionParams',
    body: 'CreateCaptionLink',
    response: 'CaptionLink',
    status: 201,
    description:
      'A link to the caption writer’s page for the venue of this session (its gathering live at the time); it works until it expires or is stopped.',
    tags,
  },
  revokeCaptionLink: {
    method: 'POST',
    path: '/api/caption-links/:linkId/revoke',
    access: 'staff',
    params: 'CaptionLinkParams',
    response: 'CaptionLink',
    description: 'Stops the link at once: a writer’s page open with it can no longer send.',
    tags,
  },
  captionTranscript: {
    method: 'GET',
    path: '/api/venue-sessions/:sessionId/captions',
    access: 'staff',
    params: 'VenueSessionParams',
    response: 'CaptionTranscript',
    description: 'The session’s stored caption lines (the export); empty unless the host chose 「記録を残す」.',
    tags,
  },
  captionTranscriptCsv: {
    method: 'GET',
    path: '/api/venue-sessions/:sessionId/captions.csv',
    access: 'staff',
    params: 'VenueSessionParams',
    response: { file: [EXPORT_CONTENT_TYPES.csv] },
    errors: [400, 401, 404],
    head: false,
    description: 'The session’s stored caption lines as a CSV download for Excel (time, line, typed or automatic); audited.',
    tags,
  },
  deleteCaptionTranscript: {
    method: 'DELETE',
    path: '/api/venue-sessions/:sessionId/captions',
    access: 'staff',
    params: 'VenueSessionParams',
    response: 'CaptionTranscript',
    description: 'Deletes the session’s stored caption lines and stops keeping new ones.',
    tags,
  },
});
