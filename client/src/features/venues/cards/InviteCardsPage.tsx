import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { InviteCard } from '@shared/venues/schemas';
import { useResource } from '../../../lib/useResource';
import { venueRoutes } from '@shared/venues/routes';
import { apiCall } from '../../../lib/api';
import { Link } from '../../../ui/Link';
import { StaffLayout } from '../../../ui/staff/StaffLayout';
import { Loaded } from '../../../ui/staff/pageParts';
import { InviteCardView } from './InviteCardView';
import { qrDataUrl } from './qr';
import '../../../styles/cards.css';

/** Two columns by four rows on A4 with 10 mm margins: 95 × 69 mm cards. */
const CARDS_PER_PAGE = 8;

type CardWithQr = { card: InviteCard; qr: string };

function pagesOf<T>(items: T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages;
}

/** `/admin/venues/:venueId/cards`: every participant's invite card on A4 sheets, as printed. */
export default function InviteCardsPage({ venueId }: { venueId: string }) {
  const { t } = useTranslation();
  const load = useCallback(
    async (signal: AbortSignal): Promise<CardWithQr[]> => {
      const cards = await apiCall(venueRoutes.inviteCards, { params: { venueId }, signal });
      return Promise.all(cards.map(async (card) => ({ card, qr: await qrDataUrl(card.url) })));
    },
    [venueId],
  );
  const [cards, reload] = useResource<CardWithQr[]>(`cards:${venueId}`, load);
  return (
    <StaffLayout size="desktop" current={null} testId="cards-page">
      <Loaded resource={cards} reload={reload}>
        {(list) => (
          <>
            <div className="cards-toolbar no-print">
              <nav className="breadcrumbs" aria-label={t('admin.venue.breadcrumbs')}>
                <Link href={`/admin/venues/${encodeURIComponent(venueId)}`}>{t('cards.back')}</Link>
              </nav>
              <h1 className="staff-title">{t('cards.heading', { venue: list[0]?.card.venueName ?? '' })}</h1>
              <p className="staff-lead">
                {list.length ? t('cards.explain', { count: list.length, pages: Math.ceil(list.length / CARDS_PER_PAGE) }) : t('cards.none')}
              </p>
              {list.length > 0 && (
                <button type="button" className="btn btn--primary btn--large" onClick={() => window.print()} data-testid="print">
                  {t('cards.print')}
                </button>
              )}
            </div>
            <div className="card-sheets">
              {pagesOf(list, CARDS_PER_PAGE).map((page, i) => (
                <section key={i} className="card-page" aria-label={t('cards.page', { n: i + 1 })}>
                  {page.map(({ card, qr }) => (
                    <InviteCardView key={card.participantId} card={card} qr={qr} />
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
