import type { LiveState } from '@shared/program/live';
import type { CallClient } from '../../../call/CallClient';
import type { RemotePeer } from '../../../call/types';
import { useLiveT } from '../../../i18n/program/live';
import { formatCountdown, yourGroup } from './stage';
import { useServerClock } from './useServerClock';
import './live.css';

interface BreakoutBannerProps {
  client: CallClient;
  live: LiveState | null;
  /** The other people in the call (the group's members are looked up by id). */
  peers: readonly RemotePeer[];
}

/** In a small group: 「グループ2 でおしゃべり中」, who is in it and how long until everyone is back together. */
export function BreakoutBanner({ client, live, peers }: BreakoutBannerProps) {
  const { t } = useLiveT();
  const group = yourGroup(live);
  const now = useServerClock(client, 1_000, group !== null);
  if (!group || !live?.breakout) return null;
  const names = peers
    .filter((p) => group.peerIds.includes(p.id))
    .map((p) => (p.role === 'venue' ? t('breakout.venue') : p.displayName))
    .filter((name) => name !== '');
  const left = live.breakout.endsAt - now;
  return (
    <section className="breakout-banner" data-testid="breakout-banner" data-group-id={group.id} role="status">
      <p className="breakout-banner__title">{t('breakout.chatting', { name: group.name })}</p>
      {names.length > 0 && <p className="breakout-banner__members">{t('breakout.members', { names: names.join('、') })}</p>}
      <p className="breakout-banner__time" data-testid="breakout-time-left">
        {left > 0 ? t('breakout.timeLeft', { time: formatCountdown(left) }) : t('breakout.returning')}
      </p>
    </section>
  );
}
