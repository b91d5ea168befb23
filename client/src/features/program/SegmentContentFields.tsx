import { useId } from 'react';
import type { ExerciseVideo } from '@shared/program/videos';
import type { QuizQuestion, QuizQuestionList } from '@shared/program/quizzes';
import { useProgramT } from '../../i18n/program';
import type { Resource } from '../../lib/useResource';
import { FieldError } from './FieldError';
import { SEGMENT_LIMITS as L } from './limits';
import { kindUsesVideo, type SegmentDraft, type SegmentPart } from './segmentDraft';

/** The organisation's videos and the venue's questions, loaded once for every card. */
export interface ContentSources {
  videos: Resource<ExerciseVideo[]>;
  questions: Resource<QuizQuestionList>;
}

interface ContentProps {
  idPrefix: string;
  draft: SegmentDraft;
  sources: ContentSources;
  onChange: (update: Partial<SegmentDraft>) => void;
  errorFor: (part: SegmentPart) => string | null;
}

/** What a card may carry besides its title and minutes: a video (exercise, stretching), questions (brain training), notes. */
export function SegmentContentFields({ idPrefix, draft, sources, onChange, errorFor }: ContentProps) {
  return (
    <div className="segment-content">
      {kindUsesVideo(draft.kind) && (
        <VideoChoice
          idPrefix={idPrefix}
          videos={sources.videos}
          value={draft.videoId}
          onChange={(videoId) => onChange({ videoId })}
          error={errorFor('video')}
        />
      )}
      {draft.kind === 'brain' && (
        <QuestionChoice
          questions={sources.questions}
          chosen={draft.quizQuestionIds}
          onChange={(quizQuestionIds) => onChange({ quizQuestionIds })}
          error={errorFor('questions')}
        />
      )}
      <NotesField idPrefix={idPrefix} value={draft.notes} onChange={(notes) => onChange({ notes })} error={errorFor('notes')} />
    </div>
  );
}

/** Notes for the leader (a TextField's textarea takes no id, so the card's own). */
function NotesField(props: { idPrefix: string; value: string; onChange: (notes: string) => void; error: string | null }) {
  const { t } = useProgramT();
  const errorId = useId();
  const id = `${props.idPrefix}-notes`;
  return (
    <div className={`form-field${props.error ? ' form-field--error' : ''}`}>
      <label className="form-field__label" htmlFor={id}>
        {t('editor.notes')}
      </label>
      <textarea
        id={id}
        className="form-field__input form-field__input--multiline"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        maxLength={L.notesMax}
        rows={2}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        data-testid="segment-notes"
      />
      {props.error && <FieldError id={errorId} text={props.error} />}
    </div>
  );
}

function VideoChoice(props: {
  idPrefix: string;
  videos: Resource<ExerciseVideo[]>;
  value: string | null;
  onChange: (id: string | null) => void;
  error: string | null;
}) {
  const { t } = useProgramT();
  const { videos, value, error } = props;
  const errorId = useId();
  if (videos.status === 'loading') return null;
  if (videos.status === 'error') return <p className="staff-note">{t('editor.videosFailed')}</p>;
  const list = videos.data;
  // A video deleted since the program was saved stays chosen until someone picks another, so the save can say so.
  const missing = value !== null && !list.some((v) => v.id === value);
  return (
    <div className={`form-field${error ? ' form-field--error' : ''}`}>
      <label className="form-field__label" htmlFor={`${props.idPrefix}-video`}>
        {t('editor.video')}
      </label>
      {list.length === 0 && <span className="form-field__hint">{t('editor.noVideos')}</span>}
      <select
        id={`${props.idPrefix}-video`}
        className="form-field__input segment-select"
        value={value ?? ''}
        onChange={(e) => props.onChange(e.target.value || null)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        data-testid="segment-video"
      >
        <option value="">{t('editor.noVideo')}</option>
        {missing && <option value={value}>{value}</option>}
        {list.map((video) => (
          <option key={video.id} value={video.id}>
            {video.title}
          </option>
        ))}
      </select>
      {error && <FieldError id={errorId} text={error} />}
    </div>
  );
}

function QuestionChoice(props: {
  questions: Resource<QuizQuestionList>;
  chosen: string[];
  onChange: (ids: string[]) => void;
  error: string | null;
}) {
  const { t } = useProgramT();
  const { questions, chosen, error } = props;
  if (questions.status === 'loading') return null;
  if (questions.status === 'error') return <p className="staff-note">{t('editor.questionsFailed')}</p>;
  const all = [...questions.data.custom, ...questions.data.builtIn];
  const toggle = (id: string, on: boolean) => props.onChange(on ? [...chosen, id] : chosen.filter((c) => c !== id));
  return (
    <details className={`segment-questions${error ? ' segment-questions--error' : ''}`} open={error !== null || undefined}>
      <summary className="segment-questions__summary" data-testid="segment-questions">
        {t('editor.questions')}：{t('editor.questionsChosen', { count: chosen.length })}
      </summary>
      {error && <FieldError text={error} />}
      <ul className="plain-list segment-questions__list">
        {all.map((question) => (
          <li key={question.id}>
            <label className="form-check">
              <input
                type="checkbox"
                className="form-check__box"
                checked={chosen.includes(question.id)}
                onChange={(e) => toggle(question.id, e.target.checked)}
                data-testid="segment-question"
              />
              <span className="form-check__text">
                <span className="form-check__label">{question.prompt}</span>
                <span className="form-check__hint">{questionHint(t, question)}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
    </details>
  );
}

function questionHint(t: ReturnType<typeof useProgramT>['t'], question: QuizQuestion): string {
  return `${t(`quiz.formats.${question.format}`)}：${question.choices.join(' / ')}`;
}
