import { useCallback } from 'react';
import { letterRoutes } from '@shared/letters/routes';
import type { LetterLink } from '@shared/letters/schemas';
import { useLettersT } from '../../i18n/letters';
import { apiCall } from '../../lib/api';
import { formatJapanDay } from '../../lib/staffFormat';
import { useResource } from '../../lib/useResource';
import { StaffLayout } from '../../ui/staff/StaffLayout';
import { Loaded } from '../../ui/staff/pageParts';
import { qrDataUrl } from '../venues/cards/qr';
import '../../styles/cards.css';

/** Two columns by four rows on A4, as the invite cards. */
const CARDS_PER_PAGE = 8;

type CardWithQr = { link: LetterLink; qr: string };

/** `/admin/letters/:letterId/cards`: a printed QR card per link of a letter (the invite cards' layout and QR code). */
export default function LetterCardsPage({ letterId }: { letterId: string }) {
  const { t, i18n } = useLettersT();
  const load = useCallback(
    async (signal: AbortSignal): Promise<CardWithQr[]> => {
      const { links } = await apiCall(letterRoutes.letterLinks, { params: { letterId }, signal });
      return Promise.all(links.map(async (link) => ({ link, qr: await qrDataUrl(link.url) })));
    },
    [letterId],
  );
  const [cards, reload] = useResource(`letter-cards:${letterId}`, load);
  return (
    <StaffLayout size="desktop" current={null} testId="letter-cards-page">
      <Loaded resource={cards} reload={reload}>
        {(list) => (
          <>
            <div className="cards-toolbar no-print">
              <h1 className="staff-title">{t('cards.title')}</h1>
              {list.length === 0 ? (
                <p>{t('cards.none')}</p>
              ) : (
                <button type="button" className="btn btn--primary btn--large" onClick={() => window.print()}>
                  {t('cards.print')}
                </button>
              )}
            </div>
            <div className="card-sheets">
              {Array.from({ length: Math.ceil(list.length / CARDS_PER_PAGE) }, (_, i) => (
                <section key={i} className="card-page">
                  {list.slice(i * CARDS_PER_PAGE, (i + 1) * CARDS_PER_PAGE).map(({ link, qr }) => (
                    <article key={link.url} className="invite-card" data-testid="letter-card">
                      <div className="invite-card__who">
                        <p className="invite-card__name">{link.participantId ? t('cards.to', { name: link.name }) : link.venueName}</p>
                      </div>
                      <div className="invite-card__text">
                        <p className="invite-card__venue letter-card__title">{link.letterTitle}</p>
                        <p className="invite-card__how">{t('cards.how')}</p>
                        <p className="invite-card__time">{t('cards.until', { date: formatJapanDay(link.expiresAt, i18n.language) })}</p>
                      </div>
                      <div className="invite-card__code">
                        <img className="invite-card__qr" src={qr} alt="" />
                      </div>
                      <p className="invite-card__url">{link.url}</p>
                    </article>
                  ))}
                </section>
              ))}
            </div>
          </>
        )}
      </Loaded>
    </StaffLayout>
  );
}
