import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from './BigButton';
import '../styles/sheet.css';

export interface SheetProps {
  title: ReactNode;
  onClose: () => void;
  /**
   * `center`: a box over the dimmed screen (what is underneath still shows around it). `side`: beside the call's
   * pictures, which make room for it (at the right on a screen on its side, at the bottom upright; see screens.css).
   */
  placement?: 'center' | 'side';
  /** The large 閉じる in the header (another word when closing means going back). */
  closeLabel?: string;
  closeTestId?: string;
  testId?: string;
  /** Extra class of the box (the feature's own spacing). */
  className?: string;
  children: ReactNode;
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Every sheet over a screen: a title and a large 閉じる that stays at the top while the rest scrolls, Escape closes,
 * the keyboard stays inside while it is open and returns to where it was when it closes.
 */
export function Sheet({ title, onClose, placement = 'center', closeLabel, closeTestId, testId, className, children }: SheetProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  useFocusInside(boxRef);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.nativeEvent.isComposing) return; // Escape then cancels the IME's conversion, not the sheet
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
    } else if (event.key === 'Tab') keepTabInside(event, boxRef.current);
  };

  return (
    <div
      className={`sheet sheet--${placement}`}
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      data-testid={testId}
      onKeyDown={onKeyDown}
    >
      <div ref={boxRef} className={className ? `sheet__box ${className}` : 'sheet__box'}>
        <div className="sheet__header">
          <h2 id={titleId} className="sheet__title">
            {title}
          </h2>
          <BigButton label={closeLabel ?? t('common.close')} variant="primary" onClick={onClose} data-testid={closeTestId} />
        </div>
        {children}
      </div>
    </div>
  );
}

/** Focus moves into the box when it opens (its first field, else its first button) and back when it closes. */
function useFocusInside(boxRef: React.RefObject<HTMLDivElement | null>): void {
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const box = boxRef.current;
    const first = box?.querySelector<HTMLElement>('input, select, textarea') ?? box?.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    return () => {
      if (before?.isConnected) before.focus();
    };
  }, [boxRef]);
}

function keepTabInside(event: KeyboardEvent, box: HTMLElement | null): void {
  const items = box ? [...box.querySelectorAll<HTMLElement>(FOCUSABLE)] : [];
  if (items.length === 0) return;
  const [first, last] = [items[0]!, items[items.length - 1]!];
  const inside = box?.contains(document.activeElement) ?? false;
  if (event.shiftKey && (document.activeElement === first || !inside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
    event.preventDefault();
    first.focus();
  }
}
