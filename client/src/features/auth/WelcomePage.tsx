import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authRoutes } from '@shared/auth/routes';
import type { AccessLinkInfo, PasswordRules } from '@shared/auth/schemas';
import { useStaffT } from '../../i18n/staff';
import { apiCall } from '../../lib/api';
import { toCallError } from '../../lib/errors';
import { errorText } from '../../ui/errorText';
import { FormMessage, TextField } from '../../ui/form';
import { Link } from '../../ui/Link';
import { LoadingScreen } from '../../ui/LoadingScreen';
import { MessageScreen } from '../../ui/MessageScreen';

/** The server's minimum (a type error here if `PasswordRules` changes; a type import keeps zod out of the bundle). */
const MIN_LENGTH: (typeof PasswordRules)['minLength'] = 10;

type Loaded =
  { status: 'loading' } | { status: 'unknown' } | { status: 'failed'; text: string } | { status: 'loaded'; info: AccessLinkInfo };

/**
 * `/welcome/:token`: a staff member's one-time link (a new account, or access reset by an organiser). Says whose it
 * is, asks for a password twice, then they are signed in and on their start page. A used, expired or replaced link
 * says so plainly and what to do instead.
 */
export default function WelcomePage({ token }: { token: string }) {
  const { t } = useStaffT();
  const main = useTranslation().t;
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    document.title = `${t('welcome.pageTitle')} | ${main('common.appName')}`;
  }, [t, main]);
  useEffect(() => {
    const controller = new AbortController();
    apiCall(authRoutes.accessLink, { params: { token }, signal: controller.signal }).then(
      (info) => setLoaded({ status: 'loaded', info }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const code = toCallError(error, 'NETWORK').code;
        setLoaded(
          code === 'INVALID_TOKEN' || code === 'INVALID_PAYLOAD'
            ? { status: 'unknown' }
            : { status: 'failed', text: errorText(main, error) },
        );
      },
    );
    return () => controller.abort();
  }, [token, main]);

  if (loaded.status === 'loading') return <LoadingScreen />;
  if (loaded.status === 'failed') {
    return (
      <MessageScreen title={t('welcome.failedTitle')} tone="warning" testId="welcome-failed">
        <p>{loaded.text}</p>
      </MessageScreen>
    );
  }
  if (loaded.status === 'unknown' || loaded.info.state !== 'valid') {
    const state: 'unknown' | 'used' | 'expired' =
      loaded.status === 'unknown' ? 'unknown' : loaded.info.state === 'used' ? 'used' : 'expired';
    return (
      <MessageScreen
        title={t(`welcome.${state}Title`)}
        tone="warning"
        testId={`welcome-${state}`}
        action={
          state === 'used' ? (
            <Link href="/host" className="big-button big-button--primary">
              {t('welcome.toSignIn')}
            </Link>
          ) : undefined
        }
      >
        <p>{t(`welcome.${state}Body`)}</p>
      </MessageScreen>
    );
  }
  return <SetPasswordForm token={token} info={loaded.info} onUsed={() => setLoaded({ status: 'unknown' })} />;
}

type Field = 'password' | 'confirm';

function SetPasswordForm({ token, info, onUsed }: { token: string; info: AccessLinkInfo; onUsed: () => void }) {
  const { t } = useStaffT();
  const main = useTranslation().t;
  const [values, setValues] = useState<Record<Field, string>>({ password: '', confirm: '' });
  const [problem, setProblem] = useState<{ field: Field | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const refs = { password: useRef<HTMLInputElement>(null), confirm: useRef<HTMLInputElement>(null) };
  const fail = (field: Field | null, text: string) => {
    setProblem({ field, text });
    if (field) refs[field].current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (values.password.length < MIN_LENGTH) return fail('password', t('welcome.tooShort', { min: MIN_LENGTH }));
    if (values.password !== values.confirm) return fail('confirm', t('welcome.mismatch'));
    setBusy(true);
    setProblem(null);
    try {
      const user = await apiCall(authRoutes.useAccessLink, { params: { token }, body: { password: values.password } });
      // A fresh page load: the start page asks the server who is signed in (the cookie is set now).
      window.location.assign(user.role === 'organiser' ? '/admin' : '/host');
    } catch (error) {
      setBusy(false);
      const callError = toCallError(error, 'NETWORK');
      if (callError.code === 'CONFLICT' || callError.code === 'INVALID_TOKEN') onUsed();
      else fail(null, errorText(main, error, { password: t('welcome.password') }));
    }
  };

  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  const errorFor = (field: Field) => (problem?.field === field ? problem.text : null);
  return (
    <MessageScreen title={t('welcome.title', { name: info.displayName })} testId="welcome-page">
      <p>{t('welcome.lead', { organisation: info.organisationName, email: info.email })}</p>
      <form className="staff-form password-form" onSubmit={(event) => void submit(event)} noValidate data-testid="welcome-form">
        {problem && !problem.field && <FormMessage tone="error">{problem.text}</FormMessage>}
        <TextField
          ref={refs.password}
          label={t('welcome.password')}
          type="password"
          autoComplete="new-password"
          hint={t('welcome.passwordHint', { min: MIN_LENGTH })}
          value={values.password}
          onChange={set('password')}
          error={errorFor('password')}
          data-testid="welcome-password"
        />
        <TextField
          ref={refs.confirm}
          label={t('welcome.confirm')}
          type="password"
          autoComplete="new-password"
          value={values.confirm}
          onChange={set('confirm')}
          error={errorFor('confirm')}
          data-testid="welcome-confirm"
        />
        <button type="submit" className="big-button big-button--primary" disabled={busy} data-testid="welcome-submit">
          {busy ? t('welcome.saving') : t('welcome.submit')}
        </button>
      </form>
    </MessageScreen>
  );
}
