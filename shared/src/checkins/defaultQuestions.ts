import type { CheckinAnswerOption, CheckinQuestion, LocalizedText } from './questions';

// Types only: this module carries no zod, so the organiser's question editor can offer 「はじめの質問にもどす」
// without putting the schemas in the browser bundle. Re-exported from ./questions.

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
