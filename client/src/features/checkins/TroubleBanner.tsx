import { useEffect, useState } from 'react';
import type { CallClient, TroubleRequest } from '../../call/CallClient';
import { BigButton } from '../../ui/BigButton';
import { useCheckinsT } from '../../i18n/checkins';
import { logFailure } from '../../lib/log';
import { attendanceRoutes } from '@shared/attendance/routes';
import { checkinRoutes } from '@shared/checkins/routes';
import { apiCall } from '../../lib/api';
import { useErrorTitle } from './text';
import './checkins.css';

interface TroubleBannerProps {
  client: CallClient;
  sessionId: string;
  requests: readonly TroubleRequest[];
}

/**
 * At the venue, across the top of the call (and of the roster when it is open): 「〇〇さんが
 * お話ししたいそうです」 for everyone at home who pressed 「困りごとがある」, each with 「対応した」.
 */
export function TroubleBanner({ client, sessionId, requests }: TroubleBannerProps) {
  if (requests.length === 0) return null;
  return (
    <div className="trouble-banner" role="alert" data-testid="trouble-banner">
      {requests.map((request, index) => (
        <TroubleRow key={request.participantId} client={client} sessionId={sessionId} request={request} withHint={index === 0} />
      ))}
    </div>
  );
}

/** One person; the explanation only on the first row, so several requests still leave room for the pictures. */
function TroubleRow({
  client,
  sessionId,
  request,
  withHint,
}: {
  client: CallClient;
  sessionId: string;
  request: TroubleRequest;
  withHint: boolean;
}) {
  const { t } = useCheckinsT();
  const errorTitle = useErrorTitle();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const handled = async () => {
    setBusy(true);
    setError(null);
    try {
      await apiCall(checkinRoutes.troubleHandled, { params: { sessionId, participantId: request.participantId } });
      client.dismissTroubleRequest(request.participantId);
    } catch (failure) {
      setError(errorTitle(failure));
      setBusy(false);
    }
  };
  return (
    <div className="trouble-banner__row" data-testid="trouble-request" data-participant-id={request.participantId}>
      <span className="trouble-banner__icon" aria-hidden="true">
        🙋
      </span>
      <div className="trouble-banner__text">
        <p className="trouble-banner__title">{t('banner.trouble', { name: request.displayName })}</p>
        {(error || withHint) && (
          <p className="trouble-banner__hint" role={error ? 'alert' : undefined}>
            {error ?? t('banner.hint')}
          </p>
        )}
      </div>
      <BigButton
        label={busy ? t('banner.handling') : t('banner.handled')}
        icon="check"
        variant="primary"
        onClick={() => void handled()}
        disabled={busy}
        data-testid="trouble-handled"
      />
    </div>
  );
}

/**
 * Live requests come over the call; those sent before this page joined (or before the tablet reloaded) are
 * fetched once: self check-ins with 困りごと not yet handled.
 */
export function useOpenTroubleRequests(client: CallClient, sessionId: string | null): void {
  useEffect(() => {
    if (!sessionId) return;
    const controller = new AbortController();
    const load = async () => {
      const checkins = await apiCall(checkinRoutes.forSession, { params: { sessionId }, signal: controller.signal });
      const open = checkins.filter((c) => c.trouble && !c.troubleHandledAt && c.recordedBy === 'self');
      if (open.length === 0) return;
      const roster = await apiCall(attendanceRoutes.roster, { params: { sessionId }, signal: controller.signal });
      for (const checkin of open) {
        const entry = roster.entries.find((e) => e.participantId === checkin.participantId);
        if (entry) client.addTroubleRequest(checkin.participantId, entry.displayName);
      }
    };
    load().catch((error: unknown) => {
      if (!controller.signal.aborted) logFailure('loading open 困りごと requests')(error);
    });
    return () => controller.abort();
  }, [client, sessionId]);
}
