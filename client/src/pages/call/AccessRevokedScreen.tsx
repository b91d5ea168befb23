import { useTranslation } from 'react-i18next';
import type { AccessRevokedReason } from '@shared/call/schemas';
import { BigButton } from '../../ui/BigButton';
import { HiddenStatus } from '../../features/call/HiddenStatus';
import { MessageScreen } from '../../ui/MessageScreen';
import type { EndReason } from '../../call/types';

const REASONS: Record<AccessRevokedReason, true> = { 'invite-revoked': true, 'signed-out': true, 'venue-access-removed': true };

/** The call ended because this device's access did (the server's `call:accessRevoked`). */
export function isAccessRevoked(reason: EndReason | null): reason is AccessRevokedReason {
  return reason !== null && reason in REASONS;
}

/**
 * The invite link or the tablet's sign-in stopped working during the call: what happened, in plain words,
 * and no way back into the call by itself. A signed-out tablet reloads into the sign-in form.
 */
export function AccessRevokedScreen({ reason }: { reason: AccessRevokedReason }) {
  const { t } = useTranslation();
  const words = `call.accessRevoked.${reason}` as const;
  let action;
  if (reason === 'signed-out') {
    action = (
      <BigButton label={t('call.accessRevoked.signed-out.action')} variant="primary" size="huge" onClick={() => window.location.reload()} />
    );
  } else if (reason === 'venue-access-removed') {
    action = (
      <a className="big-button big-button--primary big-button--huge" href="/host">
        {t('call.accessRevoked.venue-access-removed.action')}
      </a>
    );
  }
  return (
    <MessageScreen title={t(`${words}.title`)} tone="warning" testId="access-revoked" action={action}>
      <HiddenStatus state="ended" />
      <p data-reason={reason}>{t(`${words}.body`)}</p>
    </MessageScreen>
  );
}
