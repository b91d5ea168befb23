import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { InviteInfo } from '../../../shared/src/sessions/schemas';
import { BigButton } from '../call/components/BigButton';
import { LoadingScreen } from '../call/components/LoadingScreen';
import { MessageScreen } from '../call/components/MessageScreen';
import { fetchInvite } from '../lib/api';
import { useResource } from '../lib/useResource';
import { HomeFlow } from './HomeFlow';

/** `/j/:token`: a home participant's personal link. */
export function JoinPage({ token }: { token: string }) {
  const { t } = useTranslation();
  const load = useCallback((signal: AbortSignal) => fetchInvite(token, signal), [token]);
  const [invite, reload] = useResource<InviteInfo>(token, load);

  if (invite.status === 'loading') return <LoadingScreen />;
  if (invite.status === 'error') {
    const code = invite.error.code;
    if (code === 'INVALID_TOKEN' || code === 'NOT_FOUND' || code === 'INVALID_PAYLOAD') {
      return (
        <MessageScreen title={t('join.invalidTitle')} tone="warning" testId="invalid-link">
          <p>{t('join.invalidBody')}</p>
        </MessageScreen>
      );
    }
    return (
      <MessageScreen
        title={t('join.loadFailedTitle')}
        tone="warning"
        testId="load-failed"
        action={<BigButton label={t('common.retry')} variant="primary" size="huge" onClick={reload} />}
      >
        <p>{t('join.loadFailedBody')}</p>
      </MessageScreen>
    );
  }

  const info = invite.data;
  if (!info.session || info.session.status === 'ended') {
    return (
      <MessageScreen
        title={t('join.greeting', { name: info.participantName })}
        testId="no-session"
        action={<BigButton label={t('join.checkAgain')} variant="primary" size="huge" onClick={reload} />}
      >
        <p>{info.session ? t('join.sessionEnded') : t('join.noSession')}</p>
      </MessageScreen>
    );
  }
  return <HomeFlow token={token} invite={info} session={info.session} />;
}
