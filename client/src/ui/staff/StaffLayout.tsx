import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../Link';
import { useStaffNav, type StaffNavKey } from './staffNav';
import '../../styles/admin.css';

interface StaffLayoutProps {
  /** `desktop`: organiser pages (20px text, 48px targets); `tablet`: pages a host uses (24px, 64px). */
  size: 'desktop' | 'tablet';
  current: StaffNavKey | null;
  children: ReactNode;
  testId?: string;
}

/** The frame of every staff page: who is signed in, the few places to go, sign out. Not printed. */
export function StaffLayout({ size, current, children, testId }: StaffLayoutProps) {
  const { t } = useTranslation();
  const nav = useStaffNav();
  return (
    <div className={`staff staff--${size}`} data-testid={testId}>
      <header className="staff-header no-print">
        <div className="staff-header__who">
          <span className="staff-header__app">{t('common.appName')}</span>
          <span className="staff-header__user">{nav.signedInAs}</span>
        </div>
        <nav className="staff-header__nav" aria-label={t('staff.nav.label')}>
          {nav.links.map((link) => (
            <Link key={link.key} href={link.href} className="staff-header__link" aria-current={current === link.key ? 'page' : undefined}>
              {link.label}
            </Link>
          ))}
          <button type="button" className="staff-header__link staff-header__logout" onClick={nav.signOut} data-testid="logout">
            {t('auth.logout')}
          </button>
        </nav>
      </header>
      <main className="staff-main">{children}</main>
    </div>
  );
}
