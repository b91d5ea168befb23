import { z } from 'zod';
import { EntityId, IsoDateTime } from '../common';
import { VIDEO_LIMITS, VIDEO_MIME_TYPES } from '../limits';

/** Larger files are refused from their Content-Length header, before the body is read. */
export const VIDEO_MAX_BYTES = VIDEO_LIMITS.maxBytes;
/** What browsers on tablets and phones can all play. The first bytes are checked too (ftyp / EBML). */
export { VIDEO_MIME_TYPES };
export const VideoMimeType = z.enum(VIDEO_MIME_TYPES);

/**
 * POST /api/organisations/:organisationId/videos?title=… with the file itself as the body
 * (Content-Type video/mp4 or video/webm). Organisers only.
 */
export const UploadVideoQuery = z.object({ title: z.string().trim().min(1, 'enter a title').max(VIDEO_LIMITS.title) });

export const ExerciseVideo = z.object({
  id: EntityId,
  organisationId: EntityId,
  title: z.string(),
  mimeType: VideoMimeType,
  sizeBytes: z.number().int(),
  createdAt: IsoDateTime,
});
export type ExerciseVideo = z.infer<typeof ExerciseVideo>;
export const ExerciseVideoList = z.object({ videos: z.array(ExerciseVideo) });
export type ExerciseVideoList = z.infer<typeof ExerciseVideoList>;
export const VideoParams = z.object({ videoId: EntityId });
export const OrganisationParams = z.object({ organisationId: EntityId });
/** A video file's link given to a live session: valid until `exp` (seconds), signed; without them, the staff's sign-in. */
export const SignedVideoQuery = z.object({ exp: z.coerce.number().int().optional(), sig: z.string().max(200).optional() });
