import { z } from 'zod';
import { EntityId, IsoDateTime } from '../common';
import { CAPTION_LIMITS } from './limits';

export { CAPTION_LIMITS };

/** Who wrote a line: a person typing (要約筆記) or the venue browser's speech recognition (自動字幕). */
export const CaptionSource = z.enum(['typed', 'auto']);
export type CaptionSource = z.infer<typeof CaptionSource>;

export const CaptionLine = z.object({
  id: EntityId,
  text: z.string(),
  source: CaptionSource,
  /** An automatic line a caption writer corrected (it is shown as typed from then on). */
  corrected: z.boolean(),
  at: IsoDateTime,
});
export type CaptionLine = z.infer<typeof CaptionLine>;

/** The captions of a session now: every screen shows the last few lines; the writer's page lists more. */
export const CaptionsState = z.object({
  sessionId: EntityId,
  lines: z.array(CaptionLine),
  /** Automatic captions: the words still being recognised; null when none. */
  interim: z.string().nullable(),
  /** 「記録を残す」: the host keeps a transcript of this session (stored with it, exported, deleted with it). */
  keepTranscript: z.boolean(),
});
export type CaptionsState = z.infer<typeof CaptionsState>;

const CaptionText = z.string().trim().min(1, 'Type something first').max(CAPTION_LIMITS.maxLineChars);

/**
 * The caption writer's page opens its session: a signed-in staff member names the session, a caption link holder
 * sends the link's token (the session is the venue's gathering live now).
 */
export const OpenCaptions = z.union([z.strictObject({ sessionId: EntityId }), z.strictObject({ token: z.string().min(1).max(128) })]);
export type OpenCaptions = z.infer<typeof OpenCaptions>;

/** A line typed by the caption role; with `replaces`, it corrects that line on every screen. */
export const SendCaption = z.strictObject({ text: CaptionText, replaces: EntityId.optional() });
export type SendCaption = z.infer<typeof SendCaption>;

/** The venue browser's speech recognition: interim words (`final: false`) or a finished line. */
export const AutoCaption = z.strictObject({
  text: z.string().trim().max(CAPTION_LIMITS.maxInterimChars),
  final: z.boolean(),
});
export type AutoCaption = z.infer<typeof AutoCaption>;

export const SetCaptionTranscript = z.strictObject({ keep: z.boolean() });

// REST: caption links and the stored transcript.

export const CreateCaptionLink = z.strictObject({
  /** How long the link works (hours), up to two weeks. */
  hours: z.number().int().min(1).max(CAPTION_LIMITS.maxLinkHours).default(12),
});
export type CreateCaptionLink = z.input<typeof CreateCaptionLink>;

export const CaptionLink = z.object({
  id: EntityId,
  venueId: EntityId,
  /** Only in the answer that creates it (the server keeps a hash). */
  url: z.string().optional(),
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  revokedAt: IsoDateTime.nullable(),
});
export type CaptionLink = z.infer<typeof CaptionLink>;

export const CaptionLinkList = z.object({ links: z.array(CaptionLink) });
export type CaptionLinkList = z.infer<typeof CaptionLinkList>;

export const CaptionLinkParams = z.object({ linkId: EntityId });

export const CaptionTranscript = z.object({
  sessionId: EntityId,
  keepTranscript: z.boolean(),
  lines: z.array(CaptionLine.pick({ id: true, text: true, source: true, corrected: true, at: true })),
});
export type CaptionTranscript = z.infer<typeof CaptionTranscript>;
