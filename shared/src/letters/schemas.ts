import { z } from 'zod';
import { EntityId, IsoDateTime } from '../common';
import { LETTER_LIMITS } from '../limits';

/** The containers a message or letter file is stored in (found by ffprobe from its content, never its name). */
export const LETTER_MIME_TYPES = ['video/webm', 'video/mp4'] as const;
export const LetterMimeType = z.enum(LETTER_MIME_TYPES);

/**
 * POST /api/letters/messages with the recording as the body. A home participant sends their invite token; the
 * venue's host sends `venueId` with their sign-in. `consent` must be `yes`: the consent text was shown and agreed.
 */
export const LetterMessageQuery = z
  .object({
    invite: z.string().min(1).max(200).optional(),
    venueId: EntityId.optional(),
    consent: z.literal('yes', { error: 'the person must agree before recording' }),
  })
  .refine((q) => (q.invite === undefined) !== (q.venueId === undefined), { message: 'give invite or venueId', path: ['invite'] });
export type LetterMessageQuery = z.infer<typeof LetterMessageQuery>;

export const LetterMessage = z.object({
  id: EntityId,
  venueId: EntityId,
  /** Who recorded it: a participant's name, or null for the venue (the host). */
  participantId: EntityId.nullable(),
  authorName: z.string(),
  durationMs: z.number().int(),
  sizeBytes: z.number().int(),
  mimeType: LetterMimeType,
  consentText: z.string(),
  consentAt: IsoDateTime,
  createdAt: IsoDateTime,
});
export type LetterMessage = z.infer<typeof LetterMessage>;
export const LetterMessageList = z.object({ messages: z.array(LetterMessage) });
export type LetterMessageList = z.infer<typeof LetterMessageList>;
export const LetterMessageParams = z.object({ messageId: EntityId });

export const LetterPart = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message'), messageId: EntityId }),
  z.object({ kind: z.literal('video'), videoId: EntityId }),
]);
export type LetterPart = z.infer<typeof LetterPart>;

export const SaveLetter = z.object({
  title: z.string().trim().min(1, 'enter a title').max(LETTER_LIMITS.title),
  parts: z.array(LetterPart).max(LETTER_LIMITS.maxParts),
});
export type SaveLetter = z.infer<typeof SaveLetter>;

export const LETTER_STATUSES = ['draft', 'queued', 'rendering', 'ready', 'failed'] as const;
export const LetterStatus = z.enum(LETTER_STATUSES);
export type LetterStatus = z.infer<typeof LetterStatus>;

export const Letter = z.object({
  id: EntityId,
  venueId: EntityId,
  title: z.string(),
  parts: z.array(LetterPart),
  status: LetterStatus,
  /** 0–1 while rendering. */
  progress: z.number(),
  /** Why the last render failed (for the host), or null. */
  error: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  sizeBytes: z.number().int().nullable(),
  /** How many times the letter was opened through a link (a count, not who). */
  views: z.number().int(),
  createdAt: IsoDateTime,
  renderedAt: IsoDateTime.nullable(),
});
export type Letter = z.infer<typeof Letter>;
export const LetterList = z.object({ letters: z.array(Letter) });
export type LetterList = z.infer<typeof LetterList>;
export const LetterParams = z.object({ letterId: EntityId });
/** The rendered file: a signed link (`exp`, `sig`) or a signed-in staff member of the venue. */
export const SignedLetterQuery = z.object({ exp: z.coerce.number().int().optional(), sig: z.string().max(200).optional() });

export const ShareLetter = z.object({
  /** Participants of the letter's venue, one personal link each. */
  participantIds: z.array(EntityId).max(LETTER_LIMITS.maxRecipients),
  /** Also a link for the venue's own screen (the TV at the next gathering). */
  venue: z.boolean().default(false),
  days: z.number().int().min(LETTER_LIMITS.minLinkDays).max(LETTER_LIMITS.maxLinkDays).default(LETTER_LIMITS.defaultLinkDays),
});
export type ShareLetter = z.infer<typeof ShareLetter>;

export const LetterLink = z.object({
  /** null: the venue's own link (for its screen). */
  participantId: EntityId.nullable(),
  name: z.string(),
  venueName: z.string(),
  letterTitle: z.string(),
  url: z.string(),
  expiresAt: IsoDateTime,
});
export type LetterLink = z.infer<typeof LetterLink>;
export const LetterLinkList = z.object({ links: z.array(LetterLink) });
export type LetterLinkList = z.infer<typeof LetterLinkList>;

export const LetterLinkParams = z.object({ token: z.string().min(1).max(200) });
/** What a link's page shows: whom it is for, and the file to play. */
export const LetterWatch = z.object({
  title: z.string(),
  venueName: z.string(),
  /** The person the link names, or null for the venue's screen. */
  name: z.string().nullable(),
  videoUrl: z.string(),
  durationMs: z.number().int().nullable(),
  expiresAt: IsoDateTime,
});
export type LetterWatch = z.infer<typeof LetterWatch>;

export const LetterRetention = z.object({
  days: z.number().int().min(LETTER_LIMITS.minRetentionDays).max(LETTER_LIMITS.maxRetentionDays),
});
export type LetterRetention = z.infer<typeof LetterRetention>;
