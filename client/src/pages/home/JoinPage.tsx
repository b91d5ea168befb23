import { useTranslation } from 'react-i18next';
import { sessionRoutes } from '@shared/sessions/routes';
import type { InviteInfo } from '@shared/sessions/schemas';
import { apiCall } from '../../lib/api';
import type { ClientErrorCode } from '../../lib/errors';
import { HomeFlow } from './HomeFlow';
import { JoinDayMessage } from './JoinDayMessage';
import { LoadedPage } from '../call/LoadedPage';

const INVALID_LINK_CODES: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>(['INVALID_TOKEN', 'NOT_FOUND', 'INVALID_PAYLOAD']);

/** `/j/:token`: a home participant's personal link. */
export function JoinPage({ token }: { token: string }) {
  const { t } = useTranslation();
  return (
    <LoadedPage<InviteInfo>
      resourceKey={token}
      load={(signal) => apiCall(sessionRoutes.invite, { params: { token }, signal })}
      notFoundCodes={INVALID_LINK_CODES}
      notFound={{ title: t('join.invalidTitle'), body: t('join.invalidBody'), testId: 'invalid-link' }}
    >
      {(invite, reload) =>
        invite.day === 'open' && invite.session ? (
          <HomeFlow token={token} invite={invite} session={invite.session} />
        ) : (
          <JoinDayMessage invite={invite} onCheckAgain={reload} />
        )
      }
    </LoadedPage>
  );
}
