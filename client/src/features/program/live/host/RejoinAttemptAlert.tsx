import { useState } from 'react';
import type { LiveState } from '@shared/program/live';
import { BigButton } from '../../../../ui/BigButton';
import { useHostT } from './text';

/**
 * Someone the host removed tried to join again (the server refused them): the host is told whatever tab is
 * open, and decides: 「参加者を見る」 (where 「もう一度入れる」 is) or 「わかりました」.
 */
export function RejoinAttemptAlert({ live, onShowPeople }: { live: LiveState; onShowPeople: () => void }) {
  const { t } = useHostT();
  const [seenUntil, setSeenUntil] = useState(0);
  const latest = live.removed
    .filter((person) => person.triedAgainAt !== null && person.triedAgainAt > seenUntil)
    .sort((a, b) => b.triedAgainAt! - a.triedAgainAt!)[0];
  if (!latest) return null;
  return (
    <div className="host-status host-alert" role="alert" data-testid="rejoin-attempt" data-peer-id={latest.peerId}>
      <p>{t('people.triedAgainAlert', { name: latest.displayName })}</p>
      <div className="host-row">
        <BigButton label={t('people.showPeople')} variant="primary" onClick={onShowPeople} data-testid="rejoin-attempt-people" />
        <BigButton
          label={t('people.dismiss')}
          variant="neutral"
          onClick={() => setSeenUntil(latest.triedAgainAt!)}
          data-testid="rejoin-attempt-dismiss"
        />
      </div>
    </div>
  );
}
