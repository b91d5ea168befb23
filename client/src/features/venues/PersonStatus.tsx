import type { Participant } from '@shared/venues/schemas';
import { formatJapanDay } from '../../lib/staffFormat';
import { useVenuesT } from '../../i18n/venues';

/** お休み中 (until when), やめた方, 記録を消した方: nothing for someone taking part as usual. */
export function PersonStatus({ participant }: { participant: Pick<Participant, 'status' | 'pausedUntil'> }) {
  const { t, i18n } = useVenuesT();
  if (participant.status === 'active') return null;
  const text =
    participant.status === 'paused' && participant.pausedUntil
      ? t('status.pausedUntil', { date: formatJapanDay(participant.pausedUntil, i18n.language) })
      : t(`status.${participant.status}`);
  return (
    <span className={`person-status person-status--${participant.status}`} data-testid="person-status" data-status={participant.status}>
      {text}
    </span>
  );
}
