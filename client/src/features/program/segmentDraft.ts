import type { SegmentContent, SegmentInput, SegmentKind } from '@shared/program/schemas';
import { SEGMENT_LIMITS as L } from './limits';

export const SEGMENT_KINDS: readonly SegmentKind[] = ['greeting', 'exercise', 'stretch', 'brain', 'chat', 'break', 'custom'];

/** One card of the editor: a segment plus a key that stays with it while it moves. */
export interface SegmentDraft {
  key: string;
  kind: SegmentKind;
  title: string;
  minutes: number;
  videoId: string | null;
  quizQuestionIds: string[];
  notes: string;
}

let nextKey = 0;
const newKey = () => `segment-${++nextKey}`;

export function toDrafts(segments: readonly SegmentInput[]): SegmentDraft[] {
  return segments.map((s) => ({
    key: newKey(),
    kind: s.kind,
    title: s.title,
    minutes: s.plannedMinutes,
    videoId: s.content?.videoId ?? null,
    quizQuestionIds: [...(s.content?.quizQuestionIds ?? [])],
    notes: s.content?.notes ?? '',
  }));
}

/** A new card; its title is the kind's name until someone writes another. */
export function blankSegment(kindName: string): SegmentDraft {
  return { key: newKey(), kind: 'custom', title: kindName, minutes: 5, videoId: null, quizQuestionIds: [], notes: '' };
}

export const kindUsesVideo = (kind: SegmentKind) => kind === 'exercise' || kind === 'stretch';

/** What is sent: content only where the kind uses it (a video for exercise and stretching, questions for brain training). */
export function toInput(draft: SegmentDraft): SegmentInput {
  const content: SegmentContent = {};
  if (kindUsesVideo(draft.kind) && draft.videoId) content.videoId = draft.videoId;
  if (draft.kind === 'brain' && draft.quizQuestionIds.length > 0) content.quizQuestionIds = draft.quizQuestionIds;
  if (draft.notes.trim()) content.notes = draft.notes.trim();
  const segment: SegmentInput = { kind: draft.kind, title: draft.title.trim(), plannedMinutes: draft.minutes };
  if (Object.keys(content).length > 0) segment.content = content;
  return segment;
}

export const clampMinutes = (minutes: number): number => Math.min(L.maxMinutes, Math.max(L.minMinutes, Math.round(minutes)));

export const totalMinutes = (drafts: readonly SegmentDraft[]): number => drafts.reduce((sum, d) => sum + d.minutes, 0);

/** The part of a card a message is about. */
export type SegmentPart = 'kind' | 'title' | 'minutes' | 'video' | 'questions' | 'notes';

/** A problem with the list as a whole (`index` null) or with one card's part. */
export interface SegmentProblem {
  index: number | null;
  part: SegmentPart | 'list' | 'tooMany';
}

/** What the browser can tell before saving: an empty list, too many cards, an empty title. */
export function checkDrafts(drafts: readonly SegmentDraft[]): SegmentProblem | null {
  if (drafts.length < L.minSegments) return { index: null, part: 'list' };
  if (drafts.length > L.maxSegments) return { index: null, part: 'tooMany' };
  const untitled = drafts.findIndex((d) => !d.title.trim() || d.title.trim().length > L.titleMax);
  if (untitled >= 0) return { index: untitled, part: 'title' };
  return null;
}

const PARTS: Record<string, SegmentPart> = {
  kind: 'kind',
  title: 'title',
  plannedMinutes: 'minutes',
  videoId: 'video',
  quizQuestionIds: 'questions',
  notes: 'notes',
};

/**
 * Where a field the server rejected is: `body.segments.2.plannedMinutes` → card 2, minutes;
 * `body.segments.1.content.quizQuestionIds.0` → card 1, questions; `body.segments` → the list.
 */
export function parseSegmentField(field: string | undefined): SegmentProblem | null {
  if (!field) return null;
  const parts = field.split('.');
  if (parts[0] === 'body') parts.shift();
  if (parts[0] !== 'segments') return null;
  if (parts.length === 1 || !/^\d+$/.test(parts[1]!)) return { index: null, part: 'list' };
  const index = Number(parts[1]);
  const rest = parts.slice(2).filter((p) => p !== 'content');
  const part = PARTS[rest[0] ?? ''] ?? 'title';
  return { index, part };
}
