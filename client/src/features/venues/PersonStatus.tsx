import { useTranslation } from 'react-i18next';
import type { Participant } from '@shared/venues/schemas';
import { formatJapanDay } from '../../lib/staffFormat';

/** お休み中 (until when), やめた方, 記録を消した方: nothing for someone taking part as usual. */
export function PersonStatus({ participant }: { participant: Pick<Participant, 'status' | 'pausedUntil'> }) {
  const { t, i18n } = useTranslation();
  if (participant.status === 'active') return null;
  const text =
    participant.status === 'paused' && participant.pausedUntil
      ? t('admin.people.status.pausedUntil', { date: formatJapanDay(participant.pausedUntil, i18n.language) })
      : t(`admin.people.status.${participant.status}`);
  return (
    <span className={`person-status person-status--${participant.status}`} data-testid="person-status" data-status={participant.status}>
      {text}
    </span>
  );
}
