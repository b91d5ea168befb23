import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';

/** A wide table's box that scrolls sideways: reachable and scrollable by keyboard too (a focusable, named region). */
export function TableScroll({ children, ref }: { children: ReactNode; ref?: Ref<HTMLDivElement> }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll" ref={ref} tabIndex={0} role="region" aria-label={t('staff.tableScroll')}>
      {children}
    </div>
  );
}
