import { useEffect, useRef, useState } from 'react';
import type { CheckinQuestion } from '@shared/checkins/questions';
import type { ParticipantTrend } from '@shared/checkins/schemas';
import { useCheckinsT } from '../../../i18n/checkins';
import { AttendanceMark, PatternLegend } from '../../attendance/AttendanceMark';
import { localized, SKIPPED } from '../text';
import { TableScroll } from '../../../ui/staff/TableScroll';

/** Columns shown before 「もっと前も見る」. */
const RECENT = 8;

const shortDate = (date: string) => `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;

/**
 * A person's gatherings side by side, oldest on the left: how they attended (会/オ/電/・), then one row
 * per check-in question with the answer as its picture and word (😊 よい). A worrying answer is also
 * marked with a yellow box and bold words, so nothing depends on colour or on decoding numbers.
 */
export function AnswerGrid({ trend }: { trend: ParticipantTrend }) {
  const { t } = useCheckinsT();
  const [all, setAll] = useState(false);
  const points = all ? trend.points : trend.points.slice(-RECENT);
  const scroller = useRef<HTMLDivElement>(null);
  // When the table is wider than the page, start at its right end: the latest gatherings.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollLeft = scroller.current.scrollWidth;
  }, [all]);
  if (trend.points.length === 0) return <p>{t('trend.none')}</p>;
  return (
    <>
      <PatternLegend />
      <TableScroll ref={scroller}>
        <table className="data-table answer-grid" data-testid="answer-grid">
          <thead>
            <tr>
              <th scope="col">{t('trend.date')}</th>
              {points.map((p) => (
                <th key={p.sessionId} scope="col" className="answer-grid__cell">
                  {shortDate(p.date)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr data-testid="answer-grid-attendance">
              <th scope="row">{t('trend.attendance')}</th>
              {points.map((p) => (
                <td key={p.sessionId} className="answer-grid__cell">
                  <AttendanceMark mode={p.mode} />
                </td>
              ))}
            </tr>
            {trend.questions.map((question) => (
              <QuestionRow key={question.key} question={question} points={points} />
            ))}
          </tbody>
        </table>
      </TableScroll>
      {trend.points.length > RECENT && (
        <button type="button" className="btn" onClick={() => setAll((v) => !v)} aria-expanded={all}>
          {all ? t('trend.showRecent', { count: RECENT }) : t('trend.showAll', { count: trend.points.length })}
        </button>
      )}
    </>
  );
}

function QuestionRow({ question, points }: { question: CheckinQuestion; points: ParticipantTrend['points'] }) {
  const { t, i18n } = useCheckinsT();
  const asked = points.filter((p) => p.answers?.[question.key] !== undefined);
  const concerns = asked.filter((p) => question.answers.find((a) => a.key === p.answers?.[question.key])?.concern).length;
  return (
    <tr data-testid="answer-grid-question" data-question={question.key}>
      <th scope="row">
        {localized(question.label, i18n.language)}
        {concerns > 0 && (
          <span className="answer-grid__concerns">{t('trend.concernCount', { count: concerns, total: points.length })}</span>
        )}
      </th>
      {points.map((p) => {
        const value = p.answers?.[question.key];
        const answer = question.answers.find((a) => a.key === value);
        if (!answer) {
          const words = value === SKIPPED ? t('answer.skipped') : t('answer.notAsked');
          return (
            <td key={p.sessionId} className="answer-grid__cell answer-grid__cell--empty">
              <span aria-label={value === SKIPPED ? t('answer.skipped') : t('answer.notAskedLong')}>{words}</span>
            </td>
          );
        }
        return (
          <td
            key={p.sessionId}
            className={`answer-grid__cell${answer.concern ? ' answer-grid__cell--concern' : ''}`}
            data-answer={answer.key}
          >
            <span className="answer-grid__emoji" aria-hidden="true">
              {answer.emoji}
            </span>
            <span className="answer-grid__word">{localized(answer.label, i18n.language)}</span>
          </td>
        );
      })}
    </tr>
  );
}
