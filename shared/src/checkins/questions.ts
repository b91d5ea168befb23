import { z } from 'zod';

export const LocalizedText = z.object({ ja: z.string().min(1).max(200), en: z.string().min(1).max(200) });
export type LocalizedText = z.infer<typeof LocalizedText>;

const Key = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lowercase letters, digits and -');

export const CheckinAnswerOption = z.object({
  key: Key,
  emoji: z.string().min(1).max(8),
  label: LocalizedText,
  /** Answering this is a worry: twice in a row puts the person on the watch-over list. */
  concern: z.boolean(),
});
export type CheckinAnswerOption = z.infer<typeof CheckinAnswerOption>;

export const CheckinQuestion = z.object({
  key: Key,
  label: LocalizedText,
  answers: z.array(CheckinAnswerOption).min(2).max(5),
});
export type CheckinQuestion = z.infer<typeof CheckinQuestion>;

export const CheckinQuestionSet = z
  .array(CheckinQuestion)
  .min(1)
  .max(8)
  .refine((qs) => new Set(qs.map((q) => q.key)).size === qs.length, { message: 'question keys must be unique' });

const threeWay = (good: LocalizedText, ok: LocalizedText, bad: LocalizedText): CheckinAnswerOption[] => [
  { key: 'good', emoji: '😊', label: good, concern: false },
  { key: 'ok', emoji: '😐', label: ok, concern: false },
  { key: 'bad', emoji: '😟', label: bad, concern: true },
];

/** The default five questions, three picture answers each; an organisation may replace them. */
export const DEFAULT_CHECKIN_QUESTIONS: CheckinQuestion[] = [
  {
    key: 'mood',
    label: { ja: 'きょうの気分は？', en: 'How do you feel today?' },
    answers: threeWay({ ja: 'よい', en: 'Good' }, { ja: 'ふつう', en: 'So-so' }, { ja: 'よくない', en: 'Not good' }),
  },
  {
    key: 'body',
    label: { ja: '体の調子は？', en: 'How is your body?' },
    answers: threeWay({ ja: 'よい', en: 'Good' }, { ja: 'ふつう', en: 'So-so' }, { ja: 'よくない', en: 'Not good' }),
  },
  {
    key: 'sleep',
    label: { ja: 'よく眠れましたか？', en: 'Did you sleep well?' },
    answers: threeWay({ ja: 'よく眠れた', en: 'Well' }, { ja: 'ふつう', en: 'So-so' }, { ja: '眠れなかった', en: 'Badly' }),
  },
  {
    key: 'meals',
    label: { ja: '食事はとれていますか？', en: 'Are you eating well?' },
    answers: threeWay({ ja: 'とれている', en: 'Yes' }, { ja: 'ふつう', en: 'So-so' }, { ja: 'とれていない', en: 'No' }),
  },
  {
    key: 'outings',
    label: { ja: '外出や買い物はできていますか？', en: 'Can you go out and shop?' },
    answers: threeWay({ ja: 'できている', en: 'Yes' }, { ja: 'ときどき', en: 'Sometimes' }, { ja: 'できていない', en: 'No' }),
  },
];
