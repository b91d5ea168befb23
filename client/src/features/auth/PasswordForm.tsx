import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authRoutes } from '@shared/auth/routes';
import type { PasswordRules } from '@shared/auth/schemas';
import { toCallError } from '../../lib/errors';
import { errorText } from '../../ui/errorText';
import { FormMessage, TextField } from '../../ui/form';
import { apiCall } from '../../lib/api';

type Field = 'currentPassword' | 'newPassword' | 'confirm';

/** The server's minimum (a type error here if `PasswordRules` changes; a type import keeps zod out of the bundle). */
const MIN_LENGTH: (typeof PasswordRules)['minLength'] = 10;

/** Current password, new password twice, one button. */
export function PasswordForm() {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<Field, string>>({ currentPassword: '', newPassword: '', confirm: '' });
  const [problem, setProblem] = useState<{ field: Field | null; text: string } | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setDone(false);
  };
  const min = MIN_LENGTH;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!values.currentPassword) return setProblem({ field: 'currentPassword', text: t('auth.currentMissing') });
    if (values.newPassword.length < min) return setProblem({ field: 'newPassword', text: t('auth.newTooShort', { min }) });
    if (values.newPassword !== values.confirm) return setProblem({ field: 'confirm', text: t('auth.confirmMismatch') });
    setBusy(true);
    setProblem(null);
    try {
      await apiCall(authRoutes.changePassword, { body: { currentPassword: values.currentPassword, newPassword: values.newPassword } });
      setValues({ currentPassword: '', newPassword: '', confirm: '' });
      setDone(true);
    } catch (error) {
      const code = toCallError(error).code;
      if (code === 'INVALID_CREDENTIALS') setProblem({ field: 'currentPassword', text: t('auth.currentWrong') });
      else setProblem({ field: null, text: errorText(t, error, { newPassword: t('auth.newPassword') }) });
    } finally {
      setBusy(false);
    }
  };

  const errorFor = (field: Field) => (problem?.field === field ? problem.text : null);
  return (
    <form className="staff-form password-form" onSubmit={(event) => void submit(event)} noValidate data-testid="password-form">
      {problem && !problem.field && <FormMessage tone="error">{problem.text}</FormMessage>}
      {done && <FormMessage tone="ok">{t('auth.passwordChanged')}</FormMessage>}
      <TextField
        label={t('auth.currentPassword')}
        type="password"
        autoComplete="current-password"
        value={values.currentPassword}
        onChange={set('currentPassword')}
        error={errorFor('currentPassword')}
      />
      <TextField
        label={t('auth.newPassword')}
        type="password"
        autoComplete="new-password"
        hint={t('auth.newPasswordHint', { min })}
        value={values.newPassword}
        onChange={set('newPassword')}
        error={errorFor('newPassword')}
      />
      <TextField
        label={t('auth.confirmPassword')}
        type="password"
        autoComplete="new-password"
        value={values.confirm}
        onChange={set('confirm')}
        error={errorFor('confirm')}
      />
      <button type="submit" className="big-button big-button--primary" disabled={busy}>
        {busy ? t('auth.changing') : t('auth.changePassword')}
      </button>
    </form>
  );
}
