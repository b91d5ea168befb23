import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CurrentUser, UserRole } from '@shared/auth/schemas';
import { BigButton } from '../../ui/BigButton';
import { LoadingScreen } from '../../ui/LoadingScreen';
import { MessageScreen } from '../../ui/MessageScreen';
import { errorKeys } from '../../lib/errors';
import { LoginPage } from './LoginForm';
import { useCurrentUser } from './session';

const SignedInUser = createContext<CurrentUser | null>(null);

/** The signed-in user inside `<RequireSignIn>`. */
export function useSignedInUser(): CurrentUser {
  const user = useContext(SignedInUser);
  if (!user) throw new Error('useSignedInUser() outside <RequireSignIn>');
  return user;
}

interface RequireSignInProps {
  /** Only this role may see the children; the other role gets `forbidden` (or a friendly page). */
  role?: UserRole;
  children: ReactNode;
  forbidden?: (user: CurrentUser) => ReactNode;
}

/** Shows the children to a signed-in user, and the login form to everybody else. */
export function RequireSignIn({ role, children, forbidden }: RequireSignInProps) {
  const { t } = useTranslation();
  const { state, refresh } = useCurrentUser();
  switch (state.status) {
    case 'checking':
      return <LoadingScreen />;
    case 'error': {
      const keys = errorKeys(state.error.code);
      return (
        <MessageScreen
          title={t(keys.title)}
          tone="warning"
          action={<BigButton label={t('common.retry')} variant="primary" size="huge" onClick={refresh} />}
        >
          <p>{t(keys.body)}</p>
        </MessageScreen>
      );
    }
    case 'signed-out':
      return <LoginPage signOutFailed={state.signOutFailed} />;
    case 'signed-in':
      if (role && state.user.role !== role) return <>{forbidden ? forbidden(state.user) : <WrongRolePage />}</>;
      return <SignedInUser.Provider value={state.user}>{children}</SignedInUser.Provider>;
  }
}

/** A host who opened an organiser page: no error, just the way to their own page. */
function WrongRolePage() {
  const { t } = useTranslation();
  const { signOut } = useCurrentUser();
  return (
    <MessageScreen
      title={t('auth.forbiddenTitle')}
      testId="wrong-role"
      action={
        <div className="auth-actions">
          <a className="big-button big-button--primary big-button--huge" href="/host">
            {t('auth.toHost')}
          </a>
          <BigButton label={t('auth.logout')} variant="light" onClick={() => void signOut()} />
        </div>
      }
    >
      <p>{t('auth.forbiddenBody')}</p>
    </MessageScreen>
  );
}
