import { useId } from 'react';
import type { SegmentKind } from '../../../../shared/src/program/schemas';
import { useProgramT } from '../../i18n/program';
import { TextField } from '../auth/form';
import { FieldError } from './FieldError';
import { focusLater } from './focus';
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
  const changeKind = (kind: SegmentKind) => {
    // A title that is still the old kind's name follows the new kind.
    const followsKind = !draft.title.trim() || draft.title === t(`kinds.${draft.kind}`);
    onChange(followsKind ? { kind, title: t(`kinds.${kind}`) } : { kind });
  };
  return (
    <li className={`segment-card segment-card--${draft.kind}`} aria-labelledby={headingId} data-testid="segment-card" data-kind={draft.kind}>
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
      <MinutesField idPrefix={prefix} what={name} minutes={draft.minutes} onChange={(minutes) => onChange({ minutes })} error={errorFor('minutes')} />
      <SegmentContentFields idPrefix={prefix} draft={draft} sources={sources} onChange={onChange} errorFor={errorFor} />
      <MoveButtons idPrefix={prefix} what={name} index={index} count={count} onMove={onMove} onRemove={onRemove} />
    </li>
  );
}

function KindSelect({ idPrefix, value, onChange, error }: { idPrefix: string; value: SegmentKind; onChange: (kind: SegmentKind) => void; error: string | null }) {
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

/** ▲ 上へ / ▼ 下へ / 消す; the focus stays on the pressed button as the card moves. */
function MoveButtons(props: { idPrefix: string; what: string; index: number; count: number; onMove: (by: -1 | 1) => void; onRemove: () => void }) {
  const { t } = useProgramT();
  const { idPrefix, what, index, count } = props;
  const moveBy = (by: -1 | 1) => {
    props.onMove(by);
    const atEnd = by === -1 ? index + by === 0 : index + by === count - 1;
    const stay = by === -1 ? 'up' : 'down';
    focusLater(`${idPrefix}-${atEnd ? (stay === 'up' ? 'down' : 'up') : stay}`);
  };
  return (
    <div className="button-row segment-card__moves">
      <button type="button" id={`${idPrefix}-up`} className="btn" disabled={index === 0} onClick={() => moveBy(-1)} aria-label={t('editor.upLabel', { what })} data-testid="segment-up">
        {t('editor.up')}
      </button>
      <button
        type="button"
        id={`${idPrefix}-down`}
        className="btn"
        disabled={index === count - 1}
        onClick={() => moveBy(1)}
        aria-label={t('editor.downLabel', { what })}
        data-testid="segment-down"
      >
        {t('editor.down')}
      </button>
      <button type="button" className="btn btn--danger-outline" onClick={props.onRemove} aria-label={t('editor.removeLabel', { what })} data-testid="segment-remove">
        {t('editor.remove')}
      </button>
    </div>
  );
}
