import type { QuizFormat, QuizQuestion } from '@shared/program/quizzes';

export type QuizSectionKey = 'segment' | QuizFormat;

export interface QuizSection {
  key: QuizSectionKey;
  questions: QuizQuestion[];
}

/** The built-in formats in the order hosts know them; the venue's own questions come last. */
const FORMAT_ORDER: readonly QuizFormat[] = ['calculation', 'word-collection', 'odd-one-out', 'recall', 'custom'];

/**
 * The questions as the host picks from them: first the ones planned for this part of the program
 * (in the planned order), then the built-in set by format, then the venue's own. Each question
 * appears once; sections without questions are left out.
 */
export function quizSections(
  builtIn: readonly QuizQuestion[],
  custom: readonly QuizQuestion[],
  plannedIds: readonly string[],
): QuizSection[] {
  const all = [...builtIn, ...custom];
  const byId = new Map(all.map((q) => [q.id, q]));
  const planned = plannedIds.map((id) => byId.get(id)).filter((q): q is QuizQuestion => q !== undefined);
  const plannedSet = new Set(planned.map((q) => q.id));
  const rest = all.filter((q) => !plannedSet.has(q.id));
  const customIds = new Set(custom.map((q) => q.id));
  const sectionOf = (q: QuizQuestion): QuizFormat => (customIds.has(q.id) ? 'custom' : q.format);
  const sections: QuizSection[] = [{ key: 'segment', questions: planned }];
  for (const format of FORMAT_ORDER) sections.push({ key: format, questions: rest.filter((q) => sectionOf(q) === format) });
  return sections.filter((s) => s.questions.length > 0);
}

/** The question to have selected at first: the first planned one, else the first of all. */
export function firstQuestionId(sections: readonly QuizSection[]): string | null {
  return sections[0]?.questions[0]?.id ?? null;
}
