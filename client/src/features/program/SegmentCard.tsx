import { useId } from 'react';
import type { SegmentKind } from '@shared/program/schemas';
import { useProgramT } from '../../i18n/program';
import { MoveButtons } from '../../ui/MoveButtons';
import { TextField } from '../../ui/form';
import { FieldError } from './FieldError';
import { SEGMENT_LIMITS as L } from './limits';
import { MinutesField } from './MinutesField';
import { SegmentContentFields, type ContentSources } from './SegmentContentFields';
import { SEGMENT_KINDS, type SegmentDraft, type SegmentPart } from './segmentDraft';

interface SegmentCardProps {
  draft: SegmentDraft;
  index: number;
  count: number;
  sources: ContentSources;
  /** The message for a part of this card the browser or the server rejected. */
  errorFor: (part: SegmentPart) => string | null;
  onChange: (update: Partial<SegmentDraft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

/** One part of the program as a big card: kind, name, minutes, content, and its place in the list. */
export function SegmentCard({ draft, index, count, sources, errorFor, onChange, onMove, onRemove }: SegmentCardProps) {
  const { t } = useProgramT();
  const name = t('editor.segment', { n: index + 1 });
  const prefix = `segment-${draft.key}`;
  const headingId = useId();
  const moveLabels = {
    up: t('editor.up'),
    down: t('editor.down'),
    upAria: t('editor.upLabel', { what: name }),
    downAria: t('editor.downLabel', { what: name }),
  };
  const changeKind = (kind: SegmentKind) => {
    // A title that is still the old kind's name follows the new kind.
    const followsKind = !draft.title.trim() || draft.title === t(`kinds.${draft.kind}`);
    onChange(followsKind ? { kind, title: t(`kinds.${kind}`) } : { kind });
  };
  return (
    <li
      className={`segment-card segment-card--${draft.kind}`}
      aria-labelledby={headingId}
      data-testid="segment-card"
      data-kind={draft.kind}
    >
      <div className="segment-card__head">
        <h2 className="segment-card__number" id={headingId}>
          {name}
        </h2>
        <KindSelect idPrefix={prefix} value={draft.kind} onChange={changeKind} error={errorFor('kind')} />
        <TextField
          data-focus-id={`${prefix}-title`}
          className="segment-card__title"
          label={t('editor.title')}
          value={draft.title}
          onChange={(title) => onChange({ title })}
          error={errorFor('title')}
          maxLength={L.titleMax}
          data-testid="segment-title"
        />
      </div>
      <MinutesField
        idPrefix={prefix}
        what={name}
        minutes={draft.minutes}
        onChange={(minutes) => onChange({ minutes })}
        error={errorFor('minutes')}
      />
      <SegmentContentFields idPrefix={prefix} draft={draft} sources={sources} onChange={onChange} errorFor={errorFor} />
      <MoveButtons
        idPrefix={prefix}
        testIdPrefix="segment"
        className="segment-card__moves"
        index={index}
        count={count}
        onMove={onMove}
        labels={moveLabels}
      >
        <button
          type="button"
          className="btn btn--danger-outline"
          onClick={onRemove}
          aria-label={t('editor.removeLabel', { what: name })}
          data-testid="segment-remove"
        >
          {t('editor.remove')}
        </button>
      </MoveButtons>
    </li>
  );
}

function KindSelect({
  idPrefix,
  value,
  onChange,
  error,
}: {
  idPrefix: string;
  value: SegmentKind;
  onChange: (kind: SegmentKind) => void;
  error: string | null;
}) {
  const { t } = useProgramT();
  const errorId = useId();
  return (
    <div className={`form-field segment-card__kind${error ? ' form-field--error' : ''}`}>
      <label className="form-field__label" htmlFor={`${idPrefix}-kind`}>
        {t('editor.kind')}
      </label>
      <select
        id={`${idPrefix}-kind`}
        className="form-field__input segment-select"
        value={value}
        onChange={(e) => onChange(e.target.value as SegmentKind)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        data-testid="segment-kind"
      >
        {SEGMENT_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`kinds.${kind}`)}
          </option>
        ))}
      </select>
      {error && <FieldError id={errorId} text={error} />}
    </div>
  );
}
