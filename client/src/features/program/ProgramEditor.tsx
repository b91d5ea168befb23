import { useCallback, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SegmentInput } from '@shared/program/schemas';
import { useProgramT } from '../../i18n/program';
import { toCallError } from '../../lib/errors';
import { focusLater } from '../../lib/focusLater';
import { move } from '../../lib/move';
import { useResource } from '../../lib/useResource';
import { useSignedInUser } from '../auth';
import { errorText } from '../../ui/errorText';
import { FormMessage } from '../../ui/form';
import { programRoutes } from '@shared/program/routes';
import { apiCall } from '../../lib/api';
import { SEGMENT_LIMITS as L } from './limits';
import { SegmentCard } from './SegmentCard';
import {
  blankSegment,
  checkDrafts,
  parseSegmentField,
  toDrafts,
  toInput,
  totalMinutes,
  type SegmentDraft,
  type SegmentPart,
  type SegmentProblem,
} from './segmentDraft';
import './program.css';

interface ProgramEditorProps {
  initial: readonly SegmentInput[];
  venueId: string;
  /** Stores the list; resolves with what was stored. */
  save: (segments: SegmentInput[]) => Promise<readonly SegmentInput[]>;
  /** Shown above the save button (the 「来週も」 checkbox). */
  options?: ReactNode;
  onSaved?: () => void;
}

type Message = { tone: 'ok' | 'error'; text: string };

const fingerprint = (drafts: readonly SegmentDraft[]) => JSON.stringify(drafts.map(toInput));

/** The program as big cards, one per part, with ふやす, the total time and 保存する. */
export function ProgramEditor({ initial, venueId, save, options, onSaved }: ProgramEditorProps) {
  const { t } = useProgramT();
  const main = useTranslation().t;
  const { organisationId } = useSignedInUser();
  const loadVideos = useCallback(
    (signal: AbortSignal) => apiCall(programRoutes.videos, { params: { organisationId }, signal }).then((list) => list.videos),
    [organisationId],
  );
  const loadQuestions = useCallback(
    (signal: AbortSignal) => apiCall(programRoutes.quizQuestions, { params: { venueId }, signal }),
    [venueId],
  );
  const [videos] = useResource(`videos:${organisationId}`, loadVideos);
  const [questions] = useResource(`quiz-questions:${venueId}`, loadQuestions);

  const [drafts, setDrafts] = useState(() => toDrafts(initial));
  const [savedPrint, setSavedPrint] = useState(() => fingerprint(toDrafts(initial)));
  const [problem, setProblem] = useState<SegmentProblem | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = fingerprint(drafts) !== savedPrint;

  /** Edits the list; a change in its shape makes an old message's position meaningless, so it goes. */
  const change = (next: SegmentDraft[], reshaped = false) => {
    setDrafts(next);
    setMessage(null);
    if (reshaped) setProblem(null);
  };
  const changeAt = (index: number, update: Partial<SegmentDraft>) => {
    change(drafts.map((d, i) => (i === index ? { ...d, ...update } : d)));
    if (problem?.index === index) setProblem(null);
  };
  const add = () => {
    const added = blankSegment(t('kinds.custom'));
    change([...drafts, added], true);
    focusLater(`segment-${added.key}-kind`);
  };
  const remove = (index: number) => {
    change(
      drafts.filter((_, i) => i !== index),
      true,
    );
    focusLater('program-add');
  };

  const why = (part: SegmentProblem['part']): string => {
    switch (part) {
      case 'list':
        return t('invalid.emptyList');
      case 'tooMany':
        return t('invalid.tooMany');
      default:
        return t(`invalid.${part}`);
    }
  };
  const problemText = (p: SegmentProblem): string =>
    p.index === null ? why(p.part) : t('invalid.check', { n: p.index + 1, why: why(p.part) });
  const showProblem = (p: SegmentProblem) => {
    setProblem(p);
    setMessage({ tone: 'error', text: problemText(p) });
    const draft = p.index === null ? undefined : drafts[p.index];
    focusLater(draft ? `segment-${draft.key}-${focusSuffix(p.part)}` : 'program-add');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = checkDrafts(drafts);
    if (local) {
      showProblem(local);
      return;
    }
    setBusy(true);
    setMessage(null);
    setProblem(null);
    try {
      const stored = toDrafts(await save(drafts.map(toInput)));
      setDrafts(stored);
      setSavedPrint(fingerprint(stored));
      setMessage({ tone: 'ok', text: t('editor.saved') });
      onSaved?.();
    } catch (error) {
      const callError = toCallError(error);
      const place = callError.code === 'INVALID_PAYLOAD' || callError.code === 'NOT_FOUND' ? parseSegmentField(callError.field) : null;
      if (place) showProblem(place);
      else setMessage({ tone: 'error', text: errorText(main, error) });
    } finally {
      setBusy(false);
    }
  };

  const errorFor = (index: number) => (part: SegmentPart) => (problem?.index === index && problem.part === part ? why(part) : null);
  const listProblem = problem?.index === null ? why(problem.part) : null;

  return (
    <form className="program-editor" onSubmit={(e) => void submit(e)} noValidate data-testid="program-editor">
      {drafts.length === 0 ? (
        <p className="program-editor__empty" data-testid="program-empty">
          {t('editor.empty')}
        </p>
      ) : (
        <ol className="segment-list" aria-label={t('editor.listLabel')}>
          {drafts.map((draft, index) => (
            <SegmentCard
              key={draft.key}
              draft={draft}
              index={index}
              count={drafts.length}
              sources={{ videos, questions }}
              errorFor={errorFor(index)}
              onChange={(update) => changeAt(index, update)}
              onMove={(by) => change(move(drafts, index, by), true)}
              onRemove={() => remove(index)}
            />
          ))}
        </ol>
      )}
      <div className="program-editor__add">
        <button
          type="button"
          id="program-add"
          className="btn btn--large"
          onClick={add}
          disabled={drafts.length >= L.maxSegments}
          data-testid="program-add"
        >
          {t('editor.add')}
        </button>
        <span className="program-editor__count">{t('editor.count', { count: drafts.length })}</span>
        {listProblem && (
          <span className="form-field__error" data-testid="program-list-error">
            ⚠ {listProblem}
          </span>
        )}
      </div>
      <div className="program-savebar">
        <p className="program-savebar__total" data-testid="program-total" data-minutes={totalMinutes(drafts)}>
          {t('editor.total', { minutes: totalMinutes(drafts) })}
        </p>
        {options}
        <div className="button-row">
          <button type="submit" className="btn btn--primary btn--large program-savebar__save" disabled={busy} data-testid="program-save">
            {busy ? t('editor.saving') : t('editor.save')}
          </button>
          {dirty && !message && <span className="program-savebar__unsaved">{t('editor.unsaved')}</span>}
        </div>
        {message && (
          <FormMessage tone={message.tone} testId={message.tone === 'ok' ? 'program-message' : 'program-error'}>
            {message.text}
          </FormMessage>
        )}
      </div>
    </form>
  );
}

/** The control of a card a message points at. */
function focusSuffix(part: SegmentProblem['part']): string {
  switch (part) {
    case 'minutes':
      return 'minutes';
    case 'video':
      return 'video';
    case 'notes':
      return 'notes';
    case 'kind':
      return 'kind';
    default:
      return 'title';
  }
}
