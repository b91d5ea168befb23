import { useTranslation } from 'react-i18next';
import { PasswordForm, useSignedInUser } from '.';
import { StaffLayout } from '../../ui/staff/StaffLayout';
import { Section } from '../../ui/staff/pageParts';

/** `/account`: who is signed in, and a new password. */
export default function AccountPage() {
  const { t } = useTranslation();
  const user = useSignedInUser();
  return (
    <StaffLayout size="tablet" current="account" testId="account-page">
      <h1 className="staff-title">{t('auth.accountTitle')}</h1>
      <dl className="account-facts">
        {[
          [t('auth.name'), user.displayName],
          [t('auth.email'), user.email],
          [t('auth.organisation'), user.organisationName],
          [t('auth.roleLabel'), t(`staff.roles.${user.role}`)],
        ].map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <Section id="password" title={t('auth.passwordTitle')}>
        <PasswordForm />
      </Section>
    </StaffLayout>
  );
}
