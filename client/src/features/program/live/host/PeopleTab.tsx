import { useState } from 'react';
import type { LiveState } from '@shared/program/live';
import type { CallClient } from '../../../../call/CallClient';
import { BigButton } from '../../../../ui/BigButton';
import type { RemotePeer } from '../../../../call/types';
import { RemoveConfirm } from './RemoveConfirm';
import { HandsList } from './StageOverlays';
import { useHostT } from './text';
import type { HostAction } from './useHostAction';

interface PeopleTabProps {
  client: CallClient;
  live: LiveState;
  homes: readonly RemotePeer[];
  action: HostAction;
}

/** Who has a hand up (oldest first), everyone's microphones and hands at once, then each person: ask to speak, or remove (asked first). */
export function PeopleTab({ client, live, homes, action }: PeopleTabProps) {
  const { t } = useHostT();
  const [mutedCount, setMutedCount] = useState<number | null>(null);
  const [asked, setAsked] = useState<ReadonlySet<string>>(new Set());
  const [removing, setRemoving] = useState<RemotePeer | null>(null);
  const raised = new Set(live.hands.map((h) => h.peerId));

  const muteAll = () =>
    void action.run('mute all', async () => {
      setMutedCount(await client.live.muteAll());
    });
  const askUnmute = (peerId: string) =>
    void action.run('ask to unmute', async () => {
      await client.live.askUnmute(peerId);
      setAsked((current) => new Set(current).add(peerId));
    });

  return (
    <div className="host-tab">
      <div className="host-row">
        <BigButton label={t('people.muteAll')} variant="neutral" onClick={muteAll} data-testid="mute-all" />
        <BigButton
          label={`✋ ${t('people.lowerHands')}`}
          variant="neutral"
          disabled={live.hands.length === 0}
          onClick={() => void action.run('lower hands', () => client.live.lowerHands())}
          data-testid="lower-hands"
        />
      </div>
      <HandsList hands={live.hands} />
      {mutedCount !== null && (
        <p className="host-status" role="status" data-testid="mute-all-result" data-count={mutedCount}>
          {t('people.mutedCount', { count: mutedCount })}
        </p>
      )}
      {homes.length === 0 && <p className="host-note">{t('people.none')}</p>}
      <ul className="host-people">
        {homes.map((peer) => (
          <li key={peer.id} className="host-person" data-testid="host-person" data-peer-id={peer.id}>
            <p className="host-person__name">
              {raised.has(peer.id) && <span aria-hidden="true">✋ </span>}
              {peer.phone && <span aria-hidden="true">☎ </span>}
              {peer.displayName}
              {peer.phone && <span className="host-person__muted">{t('people.byPhone')}</span>}
              {peer.audioMuted && <span className="host-person__muted">{t('people.micOff')}</span>}
            </p>
            <div className="host-row">
              <BigButton
                label={t('people.askUnmute')}
                detail={asked.has(peer.id) ? t('people.asked') : undefined}
                variant="neutral"
                onClick={() => askUnmute(peer.id)}
                data-testid="ask-unmute"
                data-peer-id={peer.id}
              />
              <BigButton
                label={t('people.remove')}
                variant="danger"
                onClick={() => setRemoving(peer)}
                data-testid="remove-person"
                data-peer-id={peer.id}
              />
            </div>
          </li>
        ))}
      </ul>
      {live.removed.length > 0 && (
        <>
          <h3 className="host-heading">{t('people.removedTitle')}</h3>
          <ul className="host-people">
            {live.removed.map((person) => (
              <li key={person.peerId} className="host-person" data-testid="removed-person" data-peer-id={person.peerId}>
                <p className="host-person__name">
                  {person.displayName}
                  {person.triedAgainAt !== null && <span className="host-person__muted">{t('people.triedAgain')}</span>}
                </p>
                <div className="host-row">
                  <BigButton
                    label={t('people.readmit')}
                    variant="neutral"
                    onClick={() => void action.run('let in again', () => client.live.readmit(person.peerId))}
                    data-testid="readmit"
                    data-peer-id={person.peerId}
                  />
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {removing && <RemoveConfirm client={client} peer={removing} onDone={() => setRemoving(null)} />}
    </div>
  );
}
