import { useTranslation } from 'react-i18next';
import type { SessionListItem, Venue } from '@shared/venues/schemas';
import { useResource } from '../../lib/useResource';
import { LettersLink } from '../../features/letters/LettersLink';
import { CaptionLinksLink } from '../../features/captions/CaptionLinksLink';
import { SessionProgramLink, VenueProgramLinks } from '../../features/program/ProgramLinks';
import { venueRoutes } from '@shared/venues/routes';
import { apiCall } from '../../lib/api';
import { addDays, japanDate, japanToday } from '@shared/japanTime';
import { formatJapanDay, formatSessionHours, formatSessionWhen, formatWeeklyList } from '../../lib/staffFormat';
import { VenueHostsLine } from '../../features/staff/VenueHostsLine';
import { StaffLayout } from '../../ui/staff/StaffLayout';
import { CancelSessionControl } from '../../features/venues/CancelSessionControl';
import { Loaded } from '../../ui/staff/pageParts';
import { LiveAttendance } from '../../features/staffLive/LiveAttendance';

/** The planner creates sessions two weeks ahead; show the coming week. */
const AHEAD_DAYS = 7;

/** Past sessions whose attendance a host may still want to correct. */
const RECENT_DAYS = 14;

type VenueDay = { venue: Venue; today: SessionListItem[]; upcoming: SessionListItem[]; recent: SessionListItem[] };

async function loadHostDays(signal: AbortSignal): Promise<VenueDay[]> {
  const today = japanToday();
  const venues = await apiCall(venueRoutes.list, { signal });
  const lists = await Promise.all(
    venues.map((v) =>
      apiCall(venueRoutes.sessions, {
        params: { venueId: v.id },
        query: { from: addDays(today, -RECENT_DAYS), to: addDays(today, AHEAD_DAYS) },
        signal,
      }),
    ),
  );
  return venues.map((venue, i) => {
    const sessions = lists[i]!;
    return {
      venue,
      today: sessions.filter((s) => japanDate(s.startsAt) === today),
      upcoming: sessions.filter((s) => japanDate(s.startsAt) > today && s.status !== 'ended'),
      // Every past session that was not cancelled, ended or not (a host who never pressed 「終える」 corrects it here too).
      recent: sessions.filter((s) => japanDate(s.startsAt) < today && !s.cancelledAt).reverse(),
    };
  });
}

/** Corrects a session's attendance after the call (or without one): the roster on its own page. */
function FixAttendanceLink({ session }: { session: SessionListItem }) {
  const { t } = useTranslation();
  return (
    <a
      className="big-button big-button--light"
      href={`/sessions/${encodeURIComponent(session.id)}/attendance`}
      data-testid="fix-attendance"
    >
      {t('host.fixAttendance')}
    </a>
  );
}

/** 「お休み」 and why, instead of the way into a cancelled session. */
function CancelledNote({ session }: { session: SessionListItem }) {
  const { t } = useTranslation();
  return (
    <p className="host-ended" data-testid="host-cancelled">
      <span className="badge badge--cancelled">{t('staff.status.cancelled')}</span> {session.cancelReason}
    </p>
  );
}

/** The big way into the venue screen for one session; once it has ended, the way to correct its attendance. */
function OpenVenueButton({ session, big }: { session: SessionListItem; big: boolean }) {
  const { t } = useTranslation();
  if (session.cancelledAt) return <CancelledNote session={session} />;
  if (session.status === 'ended') {
    return (
      <div className="host-ended">
        <p>{t('host.ended')}</p>
        <FixAttendanceLink session={session} />
      </div>
    );
  }
  return (
    <a
      className={`big-button big-button--primary${big ? ' big-button--huge' : ''}`}
      href={`/venue/${encodeURIComponent(session.id)}`}
      data-testid="open-venue"
    >
      {t('host.open')}
    </a>
  );
}

/** `/host`: on the venue tablet, the host's venues with today's and the coming sessions, each one tap away. */
export default function HostPage() {
  const { t, i18n } = useTranslation();
  const [days, reload] = useResource<VenueDay[]>(`host:${japanToday()}`, loadHostDays);
  return (
    <StaffLayout size="tablet" current="host" testId="host-page">
      <h1 className="staff-title">{t('host.title')}</h1>
      <p className="staff-lead">{t('host.today', { date: formatJapanDay(japanToday(), i18n.language) })}</p>
      <Loaded resource={days} reload={reload}>
        {(list) =>
          list.length === 0 ? (
            <p className="host-empty">{t('host.noVenues')}</p>
          ) : (
            list.map(({ venue, today, upcoming, recent }) => (
              <section key={venue.id} className="host-venue" aria-labelledby={`venue-${venue.id}`} data-testid="host-venue">
                <h2 className="host-venue__name" id={`venue-${venue.id}`}>
                  {venue.name}
                </h2>
                {venue.schedules.length > 0 && (
                  <p className="host-venue__weekly">
                    {formatWeeklyList(
                      t,
                      venue.schedules.filter((s) => s.active),
                    )}
                  </p>
                )}
                <VenueHostsLine venueId={venue.id} />
                {today.length === 0 ? (
                  <p className="host-empty">{t('host.noneToday')}</p>
                ) : (
                  today.map((s) => (
                    <div key={s.id} className={`host-session host-session--today host-session--${s.status}`} data-testid="host-today">
                      <div className="host-session__text">
                        <span className="host-session__label">{t('host.todayLabel')}</span>
                        <span className="host-session__time">{formatSessionHours(t, s, i18n.language)}</span>
                        <span className="host-session__title">{s.title}</span>
                        {s.status === 'live' && <span className="badge badge--live">{t('staff.status.live')}</span>}
                      </div>
                      {!s.cancelledAt && <LiveAttendance sessionId={s.id} />}
                      <OpenVenueButton session={s} big />
                      {s.status !== 'ended' && !s.cancelledAt && <SessionProgramLink sessionId={s.id} big />}
                      {s.status === 'planned' && new Date(s.endsAt).getTime() > Date.now() && (
                        <CancelSessionControl session={s} onChanged={reload} />
                      )}
                    </div>
                  ))
                )}
                {upcoming.length > 0 && (
                  <>
                    <h3 className="host-upcoming-title">{t('host.upcoming')}</h3>
                    <ul className="host-upcoming">
                      {upcoming.map((s) => (
                        <li key={s.id} className="host-session">
                          <div className="host-session__text">
                            <span className="host-session__time">{formatSessionWhen(t, s, i18n.language)}</span>
                            <span className="host-session__title">{s.title}</span>
                          </div>
                          <div className="button-row">
                            {!s.cancelledAt && <SessionProgramLink sessionId={s.id} />}
                            <OpenVenueButton session={s} big={false} />
                            {s.status === 'planned' && <CancelSessionControl session={s} onChanged={reload} />}
                          </div>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                {recent.length > 0 && (
                  <>
                    <h3 className="host-upcoming-title">{t('host.recent')}</h3>
                    <ul className="host-upcoming">
                      {recent.map((s) => (
                        <li key={s.id} className="host-session" data-testid="host-recent">
                          <div className="host-session__text">
                            <span className="host-session__time">{formatSessionWhen(t, s, i18n.language)}</span>
                            <span className="host-session__title">{s.title}</span>
                          </div>
                          <FixAttendanceLink session={s} />
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                <VenueProgramLinks venueId={venue.id} />
                <LettersLink venueId={venue.id} />
                <CaptionLinksLink venueId={venue.id} />
              </section>
            ))
          )
        }
      </Loaded>
    </StaffLayout>
  );
}
