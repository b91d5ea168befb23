import { z } from 'zod';
import { EntityId, IsoDateTime } from '../common';
import { PROGRAM_LIMITS } from '../limits';

/** What a part of a gathering is; it decides the default layout (see `defaultLayoutFor`). */
export const SegmentKind = z.enum(['greeting', 'exercise', 'stretch', 'brain', 'chat', 'break', 'custom']);
export type SegmentKind = z.infer<typeof SegmentKind>;

/** Optional content of a segment: the exercise video to play, the quiz questions to show, notes for the leader. */
export const SegmentContent = z.object({
  videoId: EntityId.optional(),
  quizQuestionIds: z.array(EntityId).max(PROGRAM_LIMITS.quizQuestionsPerSegment).optional(),
  notes: z.string().trim().max(PROGRAM_LIMITS.segmentNotes).optional(),
});
export type SegmentContent = z.infer<typeof SegmentContent>;

export const SegmentInput = z.object({
  kind: SegmentKind,
  title: z.string().trim().min(1, 'enter a title').max(PROGRAM_LIMITS.segmentTitle),
  plannedMinutes: z
    .number()
    .int('whole minutes')
    .min(PROGRAM_LIMITS.minMinutes, `at least ${PROGRAM_LIMITS.minMinutes} minute`)
    .max(PROGRAM_LIMITS.maxMinutes, `at most ${PROGRAM_LIMITS.maxMinutes} minutes`),
  content: SegmentContent.optional(),
});
export type SegmentInput = z.infer<typeof SegmentInput>;

export const Segment = SegmentInput.extend({ id: EntityId });
export type Segment = z.infer<typeof Segment>;

export const SegmentList = z
  .array(SegmentInput)
  .min(PROGRAM_LIMITS.minSegments, 'add at least one segment')
  .max(PROGRAM_LIMITS.maxSegments, `at most ${PROGRAM_LIMITS.maxSegments} segments`);

/** PUT /api/sessions/:sessionId/program. By default it also becomes the venue's template for next week. */
export const SaveProgram = z.object({
  segments: SegmentList,
  saveAsTemplate: z.boolean().default(true),
});
export type SaveProgram = z.input<typeof SaveProgram>;

/**
 * A session's program. `source` says where it came from: saved for this session, the venue's
 * template (last saved program), or the built-in default.
 */
export const Program = z.object({
  sessionId: EntityId,
  venueId: EntityId,
  segments: z.array(Segment),
  source: z.enum(['session', 'template', 'default']),
  updatedAt: IsoDateTime.nullable(),
});
export type Program = z.infer<typeof Program>;

/** PUT /api/venues/:venueId/program-template */
export const SaveProgramTemplate = z.object({ segments: SegmentList });
export const ProgramTemplate = z.object({
  venueId: EntityId,
  segments: z.array(Segment),
  updatedAt: IsoDateTime.nullable(),
});
export type ProgramTemplate = z.infer<typeof ProgramTemplate>;

export const SessionProgramParams = z.object({ sessionId: EntityId });

/** The program a venue starts from when nothing was saved yet: a typical weekly 通いの場. */
export const defaultProgram: readonly SegmentInput[] = [
  { kind: 'greeting', title: 'あいさつ・体調確認', plannedMinutes: 5 },
  { kind: 'exercise', title: '準備体操', plannedMinutes: 5 },
  { kind: 'exercise', title: 'いきいき百歳体操', plannedMinutes: 30 },
  { kind: 'stretch', title: 'ストレッチ', plannedMinutes: 10 },
  { kind: 'brain', title: '脳トレ', plannedMinutes: 15 },
  { kind: 'chat', title: 'おしゃべり', plannedMinutes: 20 },
];

/** Exercise and stretching show the leader large; everything else shows everyone. */
export function defaultLayoutFor(kind: SegmentKind): 'spotlight' | 'gallery' {
  return kind === 'exercise' || kind === 'stretch' ? 'spotlight' : 'gallery';
}
