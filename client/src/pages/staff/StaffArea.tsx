import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserRole } from '@shared/auth/schemas';
import { RequireSignIn, useCurrentUser, useSignedInUser } from '../../features/auth';
import { StaffLiveProvider } from '../../features/staffLive/StaffLiveProvider';
import { StaffTroubleBanner } from '../../features/staffLive/StaffTroubleBanner';
import { ChunkErrorBoundary } from '../../ui/ChunkErrorBoundary';
import { LoadingScreen } from '../../ui/LoadingScreen';
import { StaffNavProvider, type StaffNav } from '../../ui/staff/staffNav';

/**
 * Around every staff page (`/admin…`, `/host`, `/watch`, `/account`, `/sessions/…`; see routes.tsx): signed-in
 * staff only, `role` only when given; the staff header's places; the live 困りごと banner (features/staffLive); a
 * page whose code cannot be downloaded says so.
 */
export function StaffArea({ role, children }: { role?: UserRole; children: ReactNode }) {
  return (
    <RequireSignIn role={role}>
      <StaffLiveProvider>
        <StaffNavForUser>
          <StaffTroubleBanner />
          <ChunkErrorBoundary>
            <Suspense fallback={<LoadingScreen />}>{children}</Suspense>
          </ChunkErrorBoundary>
        </StaffNavForUser>
      </StaffLiveProvider>
    </RequireSignIn>
  );
}

/** The header's places for the signed-in user (the organiser's reports first, for organisers only). */
function StaffNavForUser({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const { signOut } = useCurrentUser();
  const nav: StaffNav = {
    signedInAs: t('staff.signedInAs', { name: user.displayName, role: t(`staff.roles.${user.role}`) }),
    links: [
      ...(user.role === 'organiser' ? [{ key: 'admin' as const, href: '/admin', label: t('staff.nav.admin') }] : []),
      { key: 'host', href: '/host', label: t('staff.nav.host') },
      { key: 'watch', href: '/watch', label: t('staff.nav.watch') },
      { key: 'videos', href: '/admin/videos', label: t('staff.nav.videos') },
      { key: 'account', href: '/account', label: t('staff.nav.account') },
    ],
    // signOut never rejects: a failure is logged and said on the login page that follows.
    signOut: () => void signOut(),
  };
  return <StaffNavProvider value={nav}>{children}</StaffNavProvider>;
}
