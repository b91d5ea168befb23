import { useTranslation } from 'react-i18next';
import type { InviteInfo } from '@shared/sessions/schemas';
import { BigButton } from '../../ui/BigButton';
import { MessageScreen } from '../../ui/MessageScreen';
import { formatJapanTimeOfDay, formatSessionTime } from '../../lib/format';

interface JoinDayMessageProps {
  invite: InviteInfo;
  onCheckAgain: () => void;
}

/**
 * When the link cannot join now: too early (from when, in Japan time), お休み today (and why), today's gathering
 * is over, or nothing today; with the next gathering when there is one, and 「もう一度確かめる」.
 */
export function JoinDayMessage({ invite, onCheckAgain }: JoinDayMessageProps) {
  const { t, i18n } = useTranslation();
  const { day, next } = invite;
  const title =
    day === 'cancelled'
      ? t('join.cancelledTitle')
      : day === 'upcoming'
        ? t('join.notYetTitle')
        : t('join.greeting', { name: invite.participantName });
  const range = (start: string, end: string) => t('time.range', { start, end });
  return (
    <MessageScreen
      title={title}
      testId="no-session"
      action={<BigButton label={t('join.checkAgain')} variant="primary" size="huge" onClick={onCheckAgain} />}
    >
      <p data-day={day}>
        {day === 'upcoming' && invite.joinOpensAt
          ? t('join.notYet', { time: formatJapanTimeOfDay(invite.joinOpensAt, i18n.language) })
          : day === 'finished'
            ? t('join.sessionEnded')
            : day === 'cancelled'
              ? invite.cancelReason && t('join.cancelReason', { reason: invite.cancelReason })
              : t('join.noSession')}
      </p>
      {next && (day === 'finished' || day === 'cancelled' || day === 'none') && (
        <p data-testid="next-session">
          {t('join.nextSession', { when: formatSessionTime(next.startsAt, next.endsAt, i18n.language, range) })}
        </p>
      )}
    </MessageScreen>
  );
}
