import { useCheckinsT } from '../../../i18n/checkins';
import { TextField } from '../../../ui/form';
import { MoveButtons } from '../../../ui/MoveButtons';
import { QUESTION_LIMITS as L } from './questionDraft';
import type { Language } from './useQuestionsDraft';

export const LANGUAGES: readonly Language[] = ['ja', 'en'];

/** A question's or an answer's wording in one language. */
export function WordingField(props: {
  lang: Language;
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
export function MoveOrRemove(props: {
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
        aria-label={t('questions.removeLabel', { what, text: props.removeText })}
        data-testid="cq-remove"
      >
        {props.removeText}
      </button>
    </MoveButtons>
  );
}
