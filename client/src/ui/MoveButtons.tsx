import type { ReactNode } from 'react';
import { focusLater } from '../lib/focusLater';

interface MoveButtonsProps {
  /** The buttons' ids are `${idPrefix}-up` and `${idPrefix}-down`. */
  idPrefix: string;
  /** `${testIdPrefix}-up`, `${testIdPrefix}-down`. */
  testIdPrefix: string;
  className: string;
  index: number;
  count: number;
  onMove: (by: -1 | 1) => void;
  /** The words on the buttons and what they say to screen readers (naming what they move). */
  labels: { up: string; down: string; upAria: string; downAria: string };
  /** The remove button beside them. */
  children: ReactNode;
}

/** ▲ 上へ / ▼ 下へ for one item of a list being edited, then the item's remove button. */
export function MoveButtons({ idPrefix, testIdPrefix, className, index, count, onMove, labels, children }: MoveButtonsProps) {
  const moveBy = (by: -1 | 1) => {
    onMove(by);
    // The item's node moves in the page: keep the focus on the same button (or the other one at an end).
    const atEnd = by === -1 ? index + by === 0 : index + by === count - 1;
    focusLater(atEnd ? `${idPrefix}-${by === -1 ? 'down' : 'up'}` : `${idPrefix}-${by === -1 ? 'up' : 'down'}`);
  };
  return (
    <div className={`button-row ${className}`}>
      <button
        type="button"
        id={`${idPrefix}-up`}
        className="btn"
        disabled={index === 0}
        onClick={() => moveBy(-1)}
        aria-label={labels.upAria}
        data-testid={`${testIdPrefix}-up`}
      >
        {labels.up}
      </button>
      <button
        type="button"
        id={`${idPrefix}-down`}
        className="btn"
        disabled={index === count - 1}
        onClick={() => moveBy(1)}
        aria-label={labels.downAria}
        data-testid={`${testIdPrefix}-down`}
      >
        {labels.down}
      </button>
      {children}
    </div>
  );
}
