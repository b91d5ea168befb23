import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { captionRoutes } from '@shared/captions/routes';
import type { CaptionLink, CaptionTranscript } from '@shared/captions/schemas';
import { addDays, japanDate, japanToday } from '@shared/japanTime';
import { venueRoutes } from '@shared/venues/routes';
import type { SessionListItem } from '@shared/venues/schemas';
import { useCaptionsT } from '../../i18n/captions';
import { apiCall } from '../../lib/api';
import { formatSessionWhen } from '../../lib/staffFormat';
import { useResource } from '../../lib/useResource';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { errorText } from '../../ui/errorText';
import { FormMessage } from '../../ui/form';
import { Link } from '../../ui/Link';
import { StaffLayout } from '../../ui/staff/StaffLayout';
import { Loaded, Section } from '../../ui/staff/pageParts';
import { qrDataUrl } from '../venues/cards/qr';
import '../../styles/captions.css';

/** Stored transcripts are offered for the sessions of the last two weeks (and today's). */
const RECENT_DAYS = 14;

interface PageData {
  today: SessionListItem[];
  links: CaptionLink[];
  transcripts: { session: SessionListItem; transcript: CaptionTranscript }[];
}

async function loadPage(venueId: string, signal: AbortSignal): Promise<PageData> {
  const today = japanToday();
  const [sessions, links] = await Promise.all([
    apiCall(venueRoutes.sessions, { params: { venueId }, query: { from: addDays(today, -RECENT_DAYS), to: today }, signal }),
    apiCall(captionRoutes.captionLinks, { params: { venueId }, signal }),
  ]);
  const held = sessions.filter((s) => !s.cancelledAt);
  const transcripts = await Promise.all(
    held.map(async (session) => ({
      session,
      transcript: await apiCall(captionRoutes.captionTranscript, { params: { sessionId: session.id }, signal }),
    })),
  );
  return {
    today: held.filter((s) => japanDate(s.startsAt) === today && s.status !== 'ended'),
    links: links.links,
    transcripts: transcripts.filter(({ transcript }) => transcript.lines.length > 0 || transcript.keepTranscript).reverse(),
  };
}

/**
 * `/admin/venues/:venueId/captions`: links for a volunteer caption writer (要約筆記) — made for today's gathering,
 * shown as a link and a QR code, stopped at once — and the transcripts kept with 「記録を残す」 (CSV for Excel, delete).
 */
export default function CaptionLinksPage({ venueId }: { venueId: string }) {
  const { t } = useCaptionsT();
  const load = useCallback((signal: AbortSignal) => loadPage(venueId, signal), [venueId]);
  const [data, reload] = useResource(`captions:${venueId}`, load);
  // Kept above the loaded part: the list reloads after every change, the link just made stays shown.
  const made = useState<CaptionLink | null>(null);
  return (
    <StaffLayout size="desktop" current={null} testId="caption-links-page">
      <nav className="breadcrumbs">
        <Link href="/host">{t('staff.back')}</Link>
      </nav>
      <h1 className="staff-title">{t('staff.title')}</h1>
      <p className="staff-lead">{t('staff.lead')}</p>
      <Loaded resource={data} reload={reload}>
        {(d) => <CaptionLinksContent data={d} reload={reload} made={made} />}
      </Loaded>
    </StaffLayout>
  );
}

function CaptionLinksContent({
  data,
  reload,
  made: [made, setMade],
}: {
  data: PageData;
  reload: () => void;
  made: [CaptionLink | null, (link: CaptionLink | null) => void];
}) {
  const { t } = useCaptionsT();
  const { t: tMain } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const act = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(errorText(tMain, failure));
    }
    reload();
  };
  const make = (sessionId: string) =>
    act(async () => setMade(await apiCall(captionRoutes.createCaptionLink, { params: { sessionId }, body: { hours: 12 } })));
  const stop = (linkId: string) =>
    act(async () => {
      await apiCall(captionRoutes.revokeCaptionLink, { params: { linkId } });
      if (made?.id === linkId) setMade(null);
    });

  return (
    <>
      {error && (
        <FormMessage tone="error" testId="caption-links-error">
          {error}
        </FormMessage>
      )}
      <Section title={t('staff.todayTitle')} testId="caption-link-today">
        {data.today.length === 0 && <p>{t('staff.noneToday')}</p>}
        {data.today.map((session) => (
          <TodaySession key={session.id} session={session} onMake={() => void make(session.id)} />
        ))}
        {made?.url && <CaptionLinkCard link={made} url={made.url} onStop={() => void stop(made.id)} />}
      </Section>
      <Section title={t('staff.linksTitle')} testId="caption-links">
        <CaptionLinkList links={data.links} onStop={(id) => void stop(id)} />
      </Section>
      <Section title={t('staff.transcriptsTitle')} testId="caption-transcripts">
        <p>{t('staff.transcriptsLead')}</p>
        <TranscriptList items={data.transcripts} onDelete={(sessionId) => act(() => deleteTranscript(sessionId))} />
      </Section>
    </>
  );
}

const deleteTranscript = async (sessionId: string) => {
  await apiCall(captionRoutes.deleteCaptionTranscript, { params: { sessionId } });
};

function TodaySession({ session, onMake }: { session: SessionListItem; onMake: () => void }) {
  const { t } = useCaptionsT();
  const { t: tMain, i18n } = useTranslation();
  return (
    <div className="caption-staff__today">
      <span>
        {formatSessionWhen(tMain, session, i18n.language)} {session.title}
      </span>
      <button type="button" className="btn btn--primary" onClick={onMake} data-testid="caption-link-make">
        {t('staff.make')}
      </button>
    </div>
  );
}

/** The link just made: written out, as a QR code for the writer's phone or tablet, and its stop button. */
function CaptionLinkCard({ link, url, onStop }: { link: CaptionLink; url: string; onStop: () => void }) {
  const { t } = useCaptionsT();
  const { i18n } = useTranslation();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void qrDataUrl(url).then((data) => live && setQr(data));
    return () => {
      live = false;
    };
  }, [url]);
  return (
    <article className="caption-staff__card" data-testid="caption-link-card">
      <p className="caption-staff__card-lead">{t('staff.cardLead', { until: formatTime(link.expiresAt, i18n.language) })}</p>
      {qr && <img className="caption-staff__qr" src={qr} alt={t('staff.qrAlt')} data-testid="caption-link-qr" />}
      <p className="caption-staff__url" data-testid="caption-link-url">
        {url}
      </p>
      <button type="button" className="btn btn--danger-outline" onClick={onStop} data-testid="caption-link-card-stop">
        {t('host.linkStop')}
      </button>
    </article>
  );
}

function CaptionLinkList({ links, onStop }: { links: CaptionLink[]; onStop: (id: string) => void }) {
  const { t } = useCaptionsT();
  const { i18n } = useTranslation();
  if (links.length === 0) return <p>{t('staff.noLinks')}</p>;
  const now = Date.now();
  return (
    <ul className="caption-staff__list">
      {links.map((link) => {
        const state = link.revokedAt ? 'stopped' : new Date(link.expiresAt).getTime() <= now ? 'expired' : 'working';
        return (
          <li key={link.id} className="caption-staff__item" data-testid="caption-link" data-state={state}>
            <span>{t('staff.made', { at: formatTime(link.createdAt, i18n.language) })}</span>
            <span className={`badge badge--${state === 'working' ? 'live' : 'cancelled'}`}>
              {t(`staff.state.${state}`, { until: formatTime(link.expiresAt, i18n.language) })}
            </span>
            {state === 'working' && (
              <button type="button" className="btn btn--danger-outline" onClick={() => onStop(link.id)} data-testid="caption-link-stop">
                {t('host.linkStop')}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function TranscriptList({ items, onDelete }: { items: PageData['transcripts']; onDelete: (sessionId: string) => Promise<void> }) {
  const { t } = useCaptionsT();
  const { t: tMain, i18n } = useTranslation();
  const [asking, setAsking] = useState<SessionListItem | null>(null);
  if (items.length === 0) return <p>{t('staff.noTranscripts')}</p>;
  return (
    <>
      <ul className="caption-staff__list">
        {items.map(({ session, transcript }) => (
          <li key={session.id} className="caption-staff__item" data-testid="caption-transcript" data-session-id={session.id}>
            <span>
              {formatSessionWhen(tMain, session, i18n.language)} {session.title}
            </span>
            <span>{t('staff.lines', { count: transcript.lines.length })}</span>
            <a
              className="btn"
              href={`/api/venue-sessions/${encodeURIComponent(session.id)}/captions.csv`}
              download
              data-testid="caption-transcript-csv"
            >
              {t('staff.csv')}
            </a>
            <button
              type="button"
              className="btn btn--danger-outline"
              onClick={() => setAsking(session)}
              data-testid="caption-transcript-delete"
            >
              {t('staff.delete')}
            </button>
          </li>
        ))}
      </ul>
      {asking && (
        <ConfirmDialog
          title={t('staff.deleteTitle')}
          body={t('staff.deleteBody', { when: formatSessionWhen(tMain, asking, i18n.language) })}
          confirmLabel={t('staff.delete')}
          cancelLabel={tMain('common.back')}
          onConfirm={() => void onDelete(asking.id).then(() => setAsking(null))}
          onCancel={() => setAsking(null)}
        />
      )}
    </>
  );
}

function formatTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'ja-JP', {
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Tokyo',
  }).format(new Date(iso));
}
