import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CurrentUser } from '@shared/auth/schemas';
import { MessageScreen } from '../../ui/MessageScreen';
import { errorKeys, toCallError, type CallError } from '../../lib/errors';
import { errorText } from '../../ui/errorText';
import { CheckboxField, FormMessage, TextField } from '../../ui/form';
import { signIn } from './session';

type Problem = { field: 'email' | 'password' | null; text: string };

const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

/**
 * Email, password and one big ログイン button. Sized for a tablet (24px text, 64px+ targets) so the
 * venue page can use it as it is. Errors are plain sentences from the error map, next to the field.
 */
export function LoginForm({ onSignedIn }: { onSignedIn?: (user: CurrentUser) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const fail = (next: Problem) => {
    setProblem(next);
    (next.field === 'email' ? emailRef : passwordRef).current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const trimmed = email.trim();
    if (!trimmed) return fail({ field: 'email', text: t('auth.emailMissing') });
    if (!looksLikeEmail(trimmed)) return fail({ field: 'email', text: t('auth.emailInvalid') });
    if (!password) return fail({ field: 'password', text: t('auth.passwordMissing') });
    setBusy(true);
    setProblem(null);
    try {
      const user = await signIn(trimmed, password);
      onSignedIn?.(user);
    } catch (error) {
      const code = toCallError(error).code;
      setBusy(false);
      if (code === 'INVALID_CREDENTIALS') fail({ field: 'password', text: errorText(t, error) });
      else if (code === 'INVALID_PAYLOAD') fail({ field: 'email', text: t('auth.emailInvalid') });
      else setProblem({ field: null, text: errorText(t, error) });
    }
  };

  return (
    <form className="login-form staff-form" onSubmit={(event) => void submit(event)} noValidate data-testid="login-form">
      {problem && !problem.field && <FormMessage tone="error">{problem.text}</FormMessage>}
      <TextField
        ref={emailRef}
        label={t('auth.email')}
        type="email"
        name="email"
        autoComplete="username"
        inputMode="email"
        autoCapitalize="none"
        spellCheck={false}
        value={email}
        onChange={setEmail}
        error={problem?.field === 'email' ? problem.text : null}
        data-testid="login-email"
      />
      <TextField
        ref={passwordRef}
        label={t('auth.password')}
        type={showPassword ? 'text' : 'password'}
        name="password"
        autoComplete="current-password"
        autoCapitalize="none"
        spellCheck={false}
        value={password}
        onChange={setPassword}
        error={problem?.field === 'password' ? problem.text : null}
        data-testid="login-password"
      />
      <CheckboxField label={t('auth.showPassword')} checked={showPassword} onChange={setShowPassword} />
      <button type="submit" className="big-button big-button--primary login-form__submit" disabled={busy} data-testid="login-submit">
        {busy ? t('auth.loggingIn') : t('auth.login')}
      </button>
      <p className="login-form__help">{t('auth.forgot')}</p>
    </form>
  );
}

/**
 * A whole page with the login form: what `RequireSignIn` shows when nobody is signed in. `signOutFailed`: the
 * last sign-out did not reach the server, which may still hold the sign-in (said above the form).
 */
export function LoginPage({ onSignedIn, signOutFailed }: { onSignedIn?: (user: CurrentUser) => void; signOutFailed?: CallError }) {
  const { t } = useTranslation();
  return (
    <MessageScreen title={t('auth.loginTitle')} testId="login-page">
      {signOutFailed && (
        <FormMessage tone="error" testId="sign-out-failed">
          {t('auth.signOutFailed', { reason: t(errorKeys(signOutFailed.code).title) })}
        </FormMessage>
      )}
      <p>{t('auth.loginLead')}</p>
      <LoginForm onSignedIn={onSignedIn} />
    </MessageScreen>
  );
}
