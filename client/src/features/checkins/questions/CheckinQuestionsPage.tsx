import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_CHECKIN_QUESTIONS } from '@shared/checkins/defaultQuestions';
import type { CheckinAnswerOption, CheckinQuestion } from '@shared/checkins/questions';
import { useCheckinsT } from '../../../i18n/checkins';
import { toCallError } from '../../../lib/errors';
import { focusLater } from '../../../lib/focusLater';
import { move } from '../../../lib/move';
import { useResource } from '../../../lib/useResource';
import { Link } from '../../../ui/Link';
import { MoveButtons } from '../../../ui/MoveButtons';
import { StaffLayout } from '../../../ui/staff/StaffLayout';
import { Loaded, Section } from '../../../ui/staff/pageParts';
import { errorText } from '../../../ui/errorText';
import { CheckboxField, FormMessage, TextField } from '../../../ui/form';
import { checkinsApi } from '../api';
import { blankAnswer, blankQuestion, cloneQuestions, parseField, partAt, QUESTION_LIMITS as L, type FieldPlace } from './questionDraft';

/** `/admin/checkin-questions`: the organiser sees and changes the organisation's check-in questions and answers. */
export default function CheckinQuestionsPage() {
  const main = useTranslation().t;
  const [questions, reload] = useResource<CheckinQuestion[]>('checkin-questions', checkinsApi.questions);
  return (
    <StaffLayout size="desktop" current="admin" testId="checkin-questions-page">
      <nav className="breadcrumbs" aria-label={main('staff.nav.label')}>
        <Link href="/admin">{main('admin.backToDashboard')}</Link>
      </nav>
      <h1 className="staff-title">{main('admin.checkinQuestionsTitle')}</h1>
      <Loaded resource={questions} reload={reload}>
        {(data) => <QuestionsEditor saved={data} />}
      </Loaded>
    </StaffLayout>
  );
}

type Message = { tone: 'ok' | 'error'; text: string };

function QuestionsEditor({ saved: initial }: { saved: CheckinQuestion[] }) {
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

  /** Edits the list; a change in its shape makes a server error's position meaningless, so that goes. */
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
  const changeAnswer = (qi: number, ai: number, update: Partial<CheckinAnswerOption>) =>
    changeQuestion(qi, (q) => ({ ...q, answers: q.answers.map((a, i) => (i === ai ? { ...a, ...update } : a)) }));

  const addQuestion = () => {
    const added = blankQuestion(questions, knownKeys.current);
    change([...questions, added], true);
    focusLater(`cq:${added.key}-ja`);
  };
  const addAnswer = (qi: number) => {
    const question = questions[qi]!;
    const added = blankAnswer(question.answers, answerKeysOf(saved, question.key));
    changeQuestion(qi, (q) => ({ ...q, answers: [...q.answers, added] }), true);
    focusLater(`cq:${question.key}:${added.key}-emoji`);
  };

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
      const stored = await checkinsApi.setQuestions(questions);
      for (const key of keysOf(stored)) knownKeys.current.add(key);
      setSaved(stored);
      setQuestions(cloneQuestions(stored));
      setMessage({ tone: 'ok', text: t('questions.saved') });
    } catch (error) {
      const place = toCallError(error).code === 'INVALID_PAYLOAD' ? parseField(toCallError(error).field) : null;
      setErrorPlace(place);
      setMessage({ tone: 'error', text: place ? placeText(place) : errorText(main, error) });
      if (place) focusLater(fieldId(questions, place));
    } finally {
      setBusy(false);
    }
  };

  /** 「質問 1 の 答え 3 の 英語」を確かめてください。1〜200文字で書いてください。 */
  const placeText = (place: FieldPlace): string => {
    const q = place.question === null ? null : place.question + 1;
    let where =
      q === null
        ? t('questions.where.list')
        : place.answer === null
          ? t('questions.where.question', { q })
          : t('questions.where.answer', { q, a: place.answer + 1 });
    const part = partName(place.part);
    if (q !== null && part) where = t('questions.whereWithPart', { where, part: t(`questions.part.${part}`) });
    return t('questions.checkField', { where, why: whyText(place) });
  };
  const whyText = (place: FieldPlace): string => {
    if (place.question === null) return t('questions.why.list');
    if (place.part.startsWith('label')) return t('questions.why.text');
    if (place.part === 'emoji') return t('questions.why.emoji');
    if (place.part === 'answers') return t('questions.why.answers');
    return t('questions.why.other');
  };
  /** The error shown under an input, if the server rejected that one. */
  const fieldError = (qi: number, ai: number | null, part: 'label.ja' | 'label.en' | 'emoji') =>
    partAt(errorPlace, qi, ai) === part ? (part === 'emoji' ? t('questions.why.emoji') : t('questions.why.text')) : null;

  return (
    <form className="staff-stack cq-form" onSubmit={(e) => void save(e)} noValidate data-testid="cq-form">
      <p className="staff-lead">{t('questions.lead')}</p>
      <p className="staff-note">{t('questions.concernNote')}</p>
      <ol className="cq-questions" aria-label={main('admin.checkinQuestionsTitle')}>
        {questions.map((question, qi) => {
          const name = t('questions.question', { n: qi + 1 });
          const listError = partAt(errorPlace, qi) === 'answers';
          return (
            <li key={question.key} className="cq-question" data-testid="cq-question" data-key={question.key}>
              <Section
                title={name}
                actions={
                  <MoveOrRemove
                    idPrefix={`cq:${question.key}`}
                    what={name}
                    index={qi}
                    count={questions.length}
                    onMove={(by) => change(move(questions, qi, by), true)}
                    removeText={t('questions.removeQuestion')}
                    canRemove={questions.length > L.minQuestions}
                    onRemove={() => {
                      change(
                        questions.filter((_, i) => i !== qi),
                        true,
                      );
                      focusLater('cq-add-question');
                    }}
                  />
                }
              >
                <div className="field-grid">
                  {LANGUAGES.map((lang) => (
                    <WordingField
                      key={lang}
                      lang={lang}
                      focusId={`cq:${question.key}-${lang}`}
                      label={t(lang === 'ja' ? 'questions.questionJa' : 'questions.questionEn')}
                      value={question.label[lang]}
                      onChange={(text) => changeQuestion(qi, (q) => ({ ...q, label: { ...q.label, [lang]: text } }))}
                      error={fieldError(qi, null, `label.${lang}`)}
                      testId={`cq-question-${lang}`}
                    />
                  ))}
                </div>
                <h3 className="staff-subtitle">
                  {t('questions.answers')}{' '}
                  <span className={`cq-count${listError ? ' cq-count--error' : ''}`}>
                    {t('questions.answerCount', { count: question.answers.length, min: L.minAnswers, max: L.maxAnswers })}
                  </span>
                </h3>
                <ol className="cq-answers">
                  {question.answers.map((answer, ai) => {
                    const answerName = `${name} ${t('questions.answer', { n: ai + 1 })}`;
                    const prefix = `cq:${question.key}:${answer.key}`;
                    return (
                      <li key={answer.key} className="cq-answer" data-testid="cq-answer" data-key={answer.key}>
                        <span className="cq-answer__number" aria-hidden="true">
                          {ai + 1}
                        </span>
                        <TextField
                          data-focus-id={`${prefix}-emoji`}
                          className="cq-answer__emoji"
                          label={t('questions.emoji')}
                          aria-label={`${answerName} ${t('questions.emoji')}`}
                          value={answer.emoji}
                          onChange={(emoji) => changeAnswer(qi, ai, { emoji })}
                          error={fieldError(qi, ai, 'emoji')}
                          maxLength={L.emojiMax}
                          data-testid="cq-answer-emoji"
                        />
                        {LANGUAGES.map((lang) => {
                          const label = t(lang === 'ja' ? 'questions.answerJa' : 'questions.answerEn');
                          return (
                            <WordingField
                              key={lang}
                              lang={lang}
                              focusId={`${prefix}-${lang}`}
                              label={label}
                              ariaLabel={`${answerName} ${label}`}
                              value={answer.label[lang]}
                              onChange={(text) => changeAnswer(qi, ai, { label: { ...answer.label, [lang]: text } })}
                              error={fieldError(qi, ai, `label.${lang}`)}
                              testId={`cq-answer-${lang}`}
                            />
                          );
                        })}
                        <div className="cq-answer__concern" data-testid="cq-answer-concern">
                          <CheckboxField
                            label={t('questions.concern')}
                            checked={answer.concern}
                            onChange={(concern) => changeAnswer(qi, ai, { concern })}
                          />
                        </div>
                        <MoveOrRemove
                          idPrefix={prefix}
                          what={answerName}
                          index={ai}
                          count={question.answers.length}
                          onMove={(by) => changeQuestion(qi, (q) => ({ ...q, answers: move(q.answers, ai, by) }), true)}
                          removeText={t('questions.remove')}
                          canRemove={question.answers.length > L.minAnswers}
                          onRemove={() => {
                            changeQuestion(qi, (q) => ({ ...q, answers: q.answers.filter((_, i) => i !== ai) }), true);
                            focusLater(`cq:${question.key}-add-answer`);
                          }}
                        />
                      </li>
                    );
                  })}
                </ol>
                <div className="button-row">
                  <button
                    type="button"
                    id={`cq:${question.key}-add-answer`}
                    className="btn"
                    onClick={() => addAnswer(qi)}
                    disabled={question.answers.length >= L.maxAnswers}
                    data-testid="cq-add-answer"
                  >
                    {t('questions.addAnswer')}
                  </button>
                </div>
              </Section>
            </li>
          );
        })}
      </ol>
      <div className="button-row">
        <button
          type="button"
          id="cq-add-question"
          className="btn"
          onClick={addQuestion}
          disabled={questions.length >= L.maxQuestions}
          data-testid="cq-add-question"
        >
          {t('questions.addQuestion')}
        </button>
        <span className={`cq-count${errorPlace && errorPlace.question === null ? ' cq-count--error' : ''}`}>
          {t('questions.questionCount', { count: questions.length, min: L.minQuestions, max: L.maxQuestions })}
        </span>
      </div>
      <div className="cq-savebar">
        <div className="button-row">
          <button type="submit" className="btn btn--primary btn--large" disabled={busy} data-testid="cq-save">
            {busy ? t('questions.saving') : t('questions.save')}
          </button>
          <button type="button" className="btn" onClick={restore} disabled={busy} data-testid="cq-restore">
            {t('questions.restore')}
          </button>
          {dirty && !message && <span className="cq-unsaved">{t('questions.unsaved')}</span>}
        </div>
        {message && (
          <FormMessage tone={message.tone} testId={message.tone === 'ok' ? 'cq-message' : 'cq-error'}>
            {message.text}
          </FormMessage>
        )}
      </div>
    </form>
  );
}

const LANGUAGES = ['ja', 'en'] as const;

/** A question's or an answer's wording in one language. */
function WordingField(props: {
  lang: (typeof LANGUAGES)[number];
  focusId: string;
  label: string;
  ariaLabel?: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  testId: string;
}) {
  return (
    <TextField
      data-focus-id={props.focusId}
      label={props.label}
      aria-label={props.ariaLabel}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      maxLength={L.textMax}
      lang={props.lang}
      data-testid={props.testId}
    />
  );
}

/** ▲ 上へ / ▼ 下へ / 消す for one question or answer; the buttons name what they move for screen readers. */
function MoveOrRemove(props: {
  idPrefix: string;
  what: string;
  index: number;
  count: number;
  onMove: (by: -1 | 1) => void;
  removeText: string;
  canRemove: boolean;
  onRemove: () => void;
}) {
  const { t } = useCheckinsT();
  const { what } = props;
  const labels = {
    up: t('questions.up'),
    down: t('questions.down'),
    upAria: t('questions.moveUpLabel', { what }),
    downAria: t('questions.moveDownLabel', { what }),
  };
  return (
    <MoveButtons
      idPrefix={props.idPrefix}
      testIdPrefix="cq"
      className="cq-move"
      index={props.index}
      count={props.count}
      onMove={props.onMove}
      labels={labels}
    >
      <button
        type="button"
        className="btn btn--danger-outline"
        disabled={!props.canRemove}
        onClick={props.onRemove}
        aria-label={t('questions.removeLabel', { what })}
        data-testid="cq-remove"
      >
        {props.removeText}
      </button>
    </MoveButtons>
  );
}

function keysOf(questions: readonly CheckinQuestion[]): string[] {
  return questions.map((q) => q.key);
}

function answerKeysOf(questions: readonly CheckinQuestion[], questionKey: string): string[] {
  return questions.find((q) => q.key === questionKey)?.answers.map((a) => a.key) ?? [];
}

/** The part names the messages know (`label.ja`, `emoji`, …), or null. */
function partName(part: string): 'label.ja' | 'label.en' | 'emoji' | 'answers' | null {
  return part === 'label.ja' || part === 'label.en' || part === 'emoji' || part === 'answers' ? part : null;
}

/** The id of the input a rejected field points at (the question's Japanese wording when it is not one input). */
function fieldId(questions: readonly CheckinQuestion[], place: FieldPlace): string {
  const question = place.question === null ? undefined : questions[place.question];
  if (!question) return 'cq-add-question';
  const answer = place.answer === null ? undefined : question.answers[place.answer];
  const suffix = place.part === 'label.en' ? 'en' : place.part === 'emoji' ? 'emoji' : 'ja';
  if (answer) return `cq:${question.key}:${answer.key}-${suffix}`;
  return place.part === 'answers' ? `cq:${question.key}-add-answer` : `cq:${question.key}-${suffix === 'emoji' ? 'ja' : suffix}`;
}
