import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_CHECKIN_QUESTIONS } from '@shared/checkins/defaultQuestions';
import type { CheckinAnswerOption, CheckinQuestion } from '@shared/checkins/questions';
import { useCheckinsT } from '../../../i18n/checkins';
import { toCallError } from '../../../lib/errors';
import { focusLater } from '../../../lib/focusLater';
import { move } from '../../../lib/move';
import { errorText } from '../../../ui/errorText';
import { checkinRoutes } from '@shared/checkins/routes';
import { apiCall } from '../../../lib/api';
import { blankAnswer, blankQuestion, cloneQuestions, parseField, type FieldPlace } from './questionDraft';
import { fieldId, placeText } from './rejectedField';

export type Message = { tone: 'ok' | 'error'; text: string };
export type Language = 'ja' | 'en';

/**
 * The organisation's check-in questions being edited: the list, what was saved, and every change the editor
 * makes. A change in the list's shape makes a server error's position meaningless, so that goes with it.
 */
export function useQuestionsDraft(initial: CheckinQuestion[]) {
  const { t } = useCheckinsT();
  const main = useTranslation().t;
  const [saved, setSaved] = useState(initial);
  const [questions, setQuestions] = useState(() => cloneQuestions(initial));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const [errorPlace, setErrorPlace] = useState<FieldPlace | null>(null);
  // Keys saved at some point: a new question or answer never takes one, so it cannot inherit old answers.
  const knownKeys = useRef(new Set(keysOf(initial)));
  const dirty = JSON.stringify(questions) !== JSON.stringify(saved);

  const change = (next: CheckinQuestion[], reshaped = false) => {
    setQuestions(next);
    setMessage(null);
    if (reshaped) setErrorPlace(null);
  };
  const changeQuestion = (qi: number, update: (q: CheckinQuestion) => CheckinQuestion, reshaped = false) =>
    change(
      questions.map((q, i) => (i === qi ? update(q) : q)),
      reshaped,
    );

  const edit = {
    setWording: (qi: number, lang: Language, text: string) => changeQuestion(qi, (q) => ({ ...q, label: { ...q.label, [lang]: text } })),
    moveQuestion: (qi: number, by: -1 | 1) => change(move(questions, qi, by), true),
    removeQuestion: (qi: number) => {
      change(
        questions.filter((_, i) => i !== qi),
        true,
      );
      focusLater('cq-add-question');
    },
    addQuestion: () => {
      const added = blankQuestion(questions, knownKeys.current);
      change([...questions, added], true);
      focusLater(`cq:${added.key}-ja`);
    },
    setAnswer: (qi: number, ai: number, update: Partial<CheckinAnswerOption>) =>
      changeQuestion(qi, (q) => ({ ...q, answers: q.answers.map((a, i) => (i === ai ? { ...a, ...update } : a)) })),
    moveAnswer: (qi: number, ai: number, by: -1 | 1) => changeQuestion(qi, (q) => ({ ...q, answers: move(q.answers, ai, by) }), true),
    removeAnswer: (qi: number, ai: number) => {
      const questionKey = questions[qi]!.key;
      changeQuestion(qi, (q) => ({ ...q, answers: q.answers.filter((_, i) => i !== ai) }), true);
      focusLater(`cq:${questionKey}-add-answer`);
    },
    addAnswer: (qi: number) => {
      const question = questions[qi]!;
      const added = blankAnswer(question.answers, answerKeysOf(saved, question.key));
      changeQuestion(qi, (q) => ({ ...q, answers: [...q.answers, added] }), true);
      focusLater(`cq:${question.key}:${added.key}-emoji`);
    },
  };

  /** はじめの質問にもどす (after asking): the defaults in the form, not saved yet. */
  const restore = () => {
    if (!window.confirm(t('questions.restoreConfirm'))) return;
    change(cloneQuestions(DEFAULT_CHECKIN_QUESTIONS), true);
    setMessage({ tone: 'ok', text: t('questions.restored') });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    setErrorPlace(null);
    try {
      const stored = await apiCall(checkinRoutes.setQuestions, { body: questions });
      for (const key of keysOf(stored)) knownKeys.current.add(key);
      setSaved(stored);
      setQuestions(cloneQuestions(stored));
      setMessage({ tone: 'ok', text: t('questions.saved') });
    } catch (error) {
      const place = toCallError(error).code === 'INVALID_PAYLOAD' ? parseField(toCallError(error).field) : null;
      setErrorPlace(place);
      setMessage({ tone: 'error', text: place ? placeText(t, place) : errorText(main, error) });
      if (place) focusLater(fieldId(questions, place));
    } finally {
      setBusy(false);
    }
  };

  return { questions, busy, message, errorPlace, dirty, edit, restore, save };
}

export type QuestionsDraft = ReturnType<typeof useQuestionsDraft>;

function keysOf(questions: readonly CheckinQuestion[]): string[] {
  return questions.map((q) => q.key);
}

function answerKeysOf(questions: readonly CheckinQuestion[], questionKey: string): string[] {
  return questions.find((q) => q.key === questionKey)?.answers.map((a) => a.key) ?? [];
}
