import { useTranslation } from 'react-i18next';
import type { InviteCard } from '@shared/venues/schemas';
import { weekdayName } from '../../../lib/staffFormat';

/** One printed card: name (large) and reading, venue, weekly time, a big QR code and the link written out. */
export function InviteCardView({ card, qr }: { card: InviteCard; qr: string }) {
  const { t } = useTranslation();
  return (
    <article
      className={`invite-card${card.weeklyTimes.length > 2 ? ' invite-card--many-times' : ''}`}
      data-testid="invite-card"
      data-participant-id={card.participantId}
    >
      <div className="invite-card__who">
        <p className="invite-card__name">
          {card.displayName}
          <span className="invite-card__san">{t('cards.san')}</span>
        </p>
        {card.kana && <p className="invite-card__kana">{card.kana}</p>}
      </div>
      <div className="invite-card__text">
        <p className="invite-card__venue">{t('cards.venue', { venue: card.venueName })}</p>
        {card.weeklyTimes.map((time) => (
          // 「毎週 火曜日」 and 「10:00〜11:30」 each stay whole; the line breaks between them if it must.
          <p key={`${time.weekday}-${time.startTime}`} className="invite-card__time">
            <span>{t('cards.every', { weekday: weekdayName(t, time.weekday) })}</span>{' '}
            <span>{t('time.range', { start: time.startTime, end: time.endTime })}</span>
          </p>
        ))}
        <p className="invite-card__how">{t('cards.how')}</p>
        {card.phone && (
          <p className="invite-card__phone" data-testid="invite-phone">
            {t('cards.phone', { number: card.phone.display, keypadNumber: card.phone.keypadNumber })}
          </p>
        )}
      </div>
      <div className="invite-card__code">
        <img className="invite-card__qr" src={qr} alt={t('cards.qrAlt', { name: card.displayName })} data-testid="invite-qr" />
      </div>
      <p className="invite-card__url" data-testid="invite-link">
        {card.url}
      </p>
    </article>
  );
}
