import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useProgramT } from '../../i18n/program';
import { useCurrentUser, useSignedInUser } from '../../features/auth';
import { Link } from '../Link';
import '../../styles/admin.css';

interface StaffLayoutProps {
  /** `desktop`: organiser pages (20px text, 48px targets); `tablet`: pages a host uses (24px, 64px). */
  size: 'desktop' | 'tablet';
  current: 'admin' | 'host' | 'watch' | 'videos' | 'account' | null;
  children: ReactNode;
  testId?: string;
}

/** The frame of every staff page: who is signed in, the few places to go, sign out. Not printed. */
export function StaffLayout({ size, current, children, testId }: StaffLayoutProps) {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const { signOut } = useCurrentUser();
  const programT = useProgramT().t;
  const links = [
    ...(user.role === 'organiser' ? [{ key: 'admin' as const, href: '/admin', label: t('staff.nav.admin') }] : []),
    { key: 'host' as const, href: '/host', label: t('staff.nav.host') },
    { key: 'watch' as const, href: '/watch', label: t('staff.nav.watch') },
    { key: 'videos' as const, href: '/admin/videos', label: programT('titles.videos') },
    { key: 'account' as const, href: '/account', label: t('staff.nav.account') },
  ];
  return (
    <div className={`staff staff--${size}`} data-testid={testId}>
      <header className="staff-header no-print">
        <div className="staff-header__who">
          <span className="staff-header__app">{t('common.appName')}</span>
          <span className="staff-header__user">
            {t('staff.signedInAs', { name: user.displayName, role: t(`staff.roles.${user.role}`) })}
          </span>
        </div>
        <nav className="staff-header__nav" aria-label={t('staff.nav.label')}>
          {links.map((link) => (
            <Link key={link.key} href={link.href} className="staff-header__link" aria-current={current === link.key ? 'page' : undefined}>
              {link.label}
            </Link>
          ))}
          <button type="button" className="staff-header__link staff-header__logout" onClick={() => void signOut()} data-testid="logout">
            {t('auth.logout')}
          </button>
        </nav>
      </header>
      <main className="staff-main">{children}</main>
    </div>
  );
}
