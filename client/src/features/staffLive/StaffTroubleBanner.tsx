import { useState } from 'react';
import { checkinRoutes } from '@shared/checkins/routes';
import type { StaffTrouble } from '@shared/staffLive/schemas';
import { apiCall } from '../../lib/api';
import { useStaffLiveT } from '../../i18n/staffLive';
import { BigButton } from '../../ui/BigButton';
import { useStaffLive } from './StaffLiveProvider';
import './staffLive.css';

/**
 * On every staff page, above everything: 「〇〇さん（△△会場）がお話ししたいそうです」 for each 困りごと of the user's
 * venues today, with the gathering and 対応した (the same record as the venue tablet's button).
 */
export function StaffTroubleBanner() {
  const live = useStaffLive();
  if (!live || live.troubles.length === 0) return null;
  return (
    <div className="staff-trouble no-print" role="alert" data-testid="staff-trouble-banner">
      {live.troubles.map((trouble, index) => (
        <TroubleRow
          key={`${trouble.sessionId}/${trouble.participantId}`}
          trouble={trouble}
          withHint={index === 0}
          onHandled={live.dismiss}
        />
      ))}
    </div>
  );
}

function TroubleRow({
  trouble,
  withHint,
  onHandled,
}: {
  trouble: StaffTrouble;
  withHint: boolean;
  onHandled: (sessionId: string, participantId: string) => void;
}) {
  const { t } = useStaffLiveT();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const handled = async () => {
    setBusy(true);
    setFailed(false);
    try {
      const { sessionId, participantId } = trouble;
      await apiCall(checkinRoutes.troubleHandled, { params: { sessionId, participantId } });
      onHandled(sessionId, participantId);
    } catch {
      setFailed(true);
      setBusy(false);
    }
  };
  return (
    <div className="staff-trouble__row" data-testid="staff-trouble" data-participant-id={trouble.participantId}>
      <span className="staff-trouble__icon" aria-hidden="true">
        🙋
      </span>
      <div className="staff-trouble__text">
        <p className="staff-trouble__title">{t('trouble', { name: trouble.displayName, venue: trouble.venueName })}</p>
        <p className="staff-trouble__gathering">{t('gathering', { title: trouble.sessionTitle })}</p>
        {(failed || withHint) && (
          <p className="staff-trouble__hint" role={failed ? 'alert' : undefined}>
            {failed ? t('failed') : t('hint')}
          </p>
        )}
      </div>
      <BigButton
        label={busy ? t('handling') : t('handled')}
        icon="check"
        variant="primary"
        onClick={() => void handled()}
        disabled={busy}
        data-testid="staff-trouble-handled"
      />
    </div>
  );
}
