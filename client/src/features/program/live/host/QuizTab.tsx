import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveQuiz, LiveState } from '@shared/program/live';
import type { CallClient } from '../../../../call/CallClient';
import { BigButton } from '../../../../ui/BigButton';
import { errorKeys } from '../../../../lib/errors';
import { useResource } from '../../../../lib/useResource';
import { programRoutes } from '@shared/program/routes';
import { apiCall } from '../../../../lib/api';
import { firstQuestionId, quizSections, type QuizSection } from './quizSections';
import { useHostT } from './text';
import type { HostAction } from './useHostAction';
import { useVenueCounts } from './useVenueCounts';

interface QuizTabProps {
  client: CallClient;
  live: LiveState;
  sessionId: string;
  action: HostAction;
}

/** 脳トレ: pick a question and show it; while asking, count the hands at the venue; then the results. */
export function QuizTab({ client, live, sessionId, action }: QuizTabProps) {
  return live.quiz ? (
    <QuizRunner client={client} quiz={live.quiz} action={action} />
  ) : (
    <QuizPicker client={client} live={live} sessionId={sessionId} action={action} />
  );
}

function QuizPicker({ client, live, sessionId, action }: QuizTabProps) {
  const { t } = useHostT();
  const { t: tMain } = useTranslation();
  // The questions belong to the venue; the session's program says which venue that is.
  const [questions] = useResource(`quiz:${sessionId}`, async (signal) => {
    const program = await apiCall(programRoutes.program, { params: { sessionId }, signal });
    return apiCall(programRoutes.quizQuestions, { params: { venueId: program.venueId }, signal });
  });
  const segment = live.segments[live.clock.index];
  const plannedIds = segment?.content?.quizQuestionIds;
  const sections = useMemo(
    () => (questions.status === 'ok' ? quizSections(questions.data.builtIn, questions.data.custom, plannedIds ?? []) : []),
    [questions, plannedIds],
  );
  const [picked, setPicked] = useState<string | null>(null);
  useEffect(() => setPicked(null), [segment?.id]);
  const chosen = picked ?? firstQuestionId(sections);

  if (questions.status === 'loading') return <p className="host-note">{t('quiz.loading')}</p>;
  if (questions.status === 'error') {
    return (
      <p className="host-error" role="alert">
        {tMain(errorKeys(questions.error.code).title)}
      </p>
    );
  }
  return (
    <div className="host-tab">
      <BigButton
        label={t('quiz.show')}
        variant="primary"
        disabled={!chosen}
        onClick={() => chosen && void action.run('show quiz', () => client.live.quiz({ action: 'show', questionId: chosen }))}
        data-testid="quiz-show"
        className="host-sticky"
      />
      <h3 className="host-heading">{t('quiz.choose')}</h3>
      {sections.map((section) => (
        <QuestionSection key={section.key} section={section} chosen={chosen} onPick={setPicked} />
      ))}
    </div>
  );
}

function QuestionSection({ section, chosen, onPick }: { section: QuizSection; chosen: string | null; onPick: (id: string) => void }) {
  const { t } = useHostT();
  const headingId = `quiz-section-${section.key}`;
  return (
    <section className="host-section">
      <h4 className="host-label" id={headingId}>
        {t(`quiz.sections.${section.key}`)}
      </h4>
      <div className="host-list" role="radiogroup" aria-labelledby={headingId}>
        {section.questions.map((question) => (
          <button
            key={question.id}
            type="button"
            role="radio"
            aria-checked={question.id === chosen}
            className="host-choice host-choice--wide"
            onClick={() => onPick(question.id)}
            data-testid="quiz-pick"
            data-question-id={question.id}
          >
            <span>{question.prompt}</span>
            <span className="host-choice__detail">{question.choices.join('・')}</span>
          </button>
        ))}
      </div>
    </section>
  );
}

/** While the question is shown: hands at the venue per choice (− / +), answers from home, results, end. */
function QuizRunner({ client, quiz, action }: { client: CallClient; quiz: LiveQuiz; action: HostAction }) {
  const { t } = useHostT();
  const venue = useVenueCounts(client, quiz, action);
  const homeAnswers = quiz.homeCounts.reduce((sum, n) => sum + n, 0);
  const send = (what: 'results' | 'close') => void action.run(`quiz ${what}`, () => client.live.quiz({ action: what }));
  return (
    <div className="host-tab" data-testid="quiz-runner" data-phase={quiz.phase}>
      <p className="host-label">{t('quiz.asking')}</p>
      <p className="host-prompt">{quiz.question.prompt}</p>
      <div className="host-row host-sticky">
        <BigButton
          label={t('quiz.results')}
          variant="primary"
          disabled={quiz.phase === 'results'}
          onClick={() => send('results')}
          data-testid="quiz-results-button"
        />
        <BigButton label={t('quiz.close')} variant="neutral" onClick={() => send('close')} data-testid="quiz-close" />
      </div>
      <p className="host-status" data-testid="quiz-home-answers">
        {t('quiz.homeAnswers', { count: homeAnswers })}
      </p>
      <p className="host-note">{t('quiz.venueHands')}</p>
      {quiz.question.choices.map((choice, index) => (
        <div key={index} className="host-count" data-testid="quiz-venue-row" data-index={index}>
          <span className="host-count__choice">
            {choice}
            {/* The room's TV shows this screen: the right answer appears with the results, not before. */}
            {quiz.phase === 'results' && quiz.question.answerIndex === index && (
              <span className="host-choice__tag">{t('quiz.correct')}</span>
            )}
          </span>
          <button
            type="button"
            className="host-count__button"
            aria-label={`${choice} ${t('quiz.minus')}`}
            onClick={() => venue.change(index, -1)}
            data-testid="quiz-venue-minus"
            data-index={index}
          >
            −
          </button>
          <span className="host-count__value" data-testid="quiz-venue-count" data-index={index}>
            {venue.countOf(index)}
          </span>
          <button
            type="button"
            className="host-count__button"
            aria-label={`${choice} ${t('quiz.plus')}`}
            onClick={() => venue.change(index, 1)}
            data-testid="quiz-venue-plus"
            data-index={index}
          >
            ＋
          </button>
        </div>
      ))}
    </div>
  );
}
