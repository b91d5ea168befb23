import { useTranslation } from 'react-i18next';
import { useCheckinsT } from '../../i18n/checkins';
import type { Venue } from '@shared/venues/schemas';
import { useResource } from '../../lib/useResource';
import { TimingSetting } from '../../features/checkins/TimingSetting';
import { participantHref } from '../../features/checkins/watch/links';
import { LettersLink } from '../../features/letters/LettersLink';
import { CaptionLinksLink } from '../../features/captions/CaptionLinksLink';
import { SessionProgramLink, VenueProgramLinks } from '../../features/program/ProgramLinks';
import { venueRoutes } from '@shared/venues/routes';
import { apiCall } from '../../lib/api';
import { formatWeeklyList } from '../../lib/staffFormat';
import { Link } from '../../ui/Link';
import { StaffLayout } from '../../ui/staff/StaffLayout';
import { Loaded, Section } from '../../ui/staff/pageParts';
import { ParticipantsSection } from '../../features/venues/ParticipantsSection';
import { SchedulesSection } from '../../features/venues/SchedulesSection';
import { SessionsSection } from '../../features/venues/SessionsSection';
import { VenueDetailsSection } from '../../features/venues/VenueDetailsSection';
import { SurveyAttributesSection } from '../../features/survey/SurveyAttributesSection';
import { useSurveyT } from '../../i18n/survey';
import { useSignedInUser } from '../../features/auth';
import { OrganisationPhoneLineSection } from '../../features/phone/OrganisationPhoneLineSection';
import { VenuePhoneLineSection } from '../../features/phone/VenuePhoneLineSection';
import { usePhoneT } from '../../i18n/phone';

/** `/admin/venues/:venueId`: a venue's participants and card links, weekly times and coming sessions. */
export default function VenueAdminPage({ venueId }: { venueId: string }) {
  const { t } = useTranslation();
  const checkinT = useCheckinsT().t;
  const surveyT = useSurveyT().t;
  const phoneT = usePhoneT().t;
  const { role } = useSignedInUser();
  const [venues, reload] = useResource<Venue[]>('venues', (signal) => apiCall(venueRoutes.list, { signal }));
  return (
    <StaffLayout size="desktop" current="admin" testId="venue-admin">
      <Loaded resource={venues} reload={reload}>
        {(list) => {
          const venue = list.find((v) => v.id === venueId);
          if (!venue) {
            return (
              <>
                <h1 className="staff-title">{t('admin.venue.notFound')}</h1>
                <p>
                  <Link href="/admin">{t('admin.backToDashboard')}</Link>
                </p>
              </>
            );
          }
          const defaultTitle = venue.schedules[0]?.title ?? t('admin.schedules.defaultTitle');
          return (
            <>
              <nav className="breadcrumbs" aria-label={t('admin.venue.breadcrumbs')}>
                <Link href="/admin">{t('admin.title')}</Link>
                <span aria-hidden="true"> › </span>
                <span aria-current="page">{venue.name}</span>
              </nav>
              <h1 className="staff-title">{venue.name}</h1>
              <p className="staff-lead">
                {venue.schedules.length
                  ? formatWeeklyList(
                      t,
                      venue.schedules.filter((s) => s.active),
                    )
                  : t('admin.venues.noSchedule')}
              </p>
              <Section id="details" title={t('admin.venue.detailsTitle')}>
                <VenueDetailsSection venue={venue} onSaved={reload} />
              </Section>
              <Section id="phone" title={phoneT('venue.title')} testId="phone-section">
                <VenuePhoneLineSection venueId={venue.id} canEdit={role === 'organiser'} />
              </Section>
              {role === 'organiser' && (
                <Section id="organisation-phone" title={phoneT('organisation.title')} testId="organisation-phone-section">
                  <OrganisationPhoneLineSection />
                </Section>
              )}
              <Section id="people" title={t('admin.people.title')} testId="people-section">
                <ParticipantsSection venueId={venue.id} historyHref={participantHref} />
              </Section>
              <Section id="schedules" title={t('admin.schedules.title')}>
                <SchedulesSection venue={venue} defaultTitle={defaultTitle} />
              </Section>
              <Section id="sessions" title={t('admin.sessions.title')}>
                <SessionsSection
                  venueId={venue.id}
                  defaultTitle={defaultTitle}
                  sessionLinks={(s) => s.status !== 'ended' && <SessionProgramLink sessionId={s.id} />}
                />
                <VenueProgramLinks venueId={venue.id} />
                <LettersLink venueId={venue.id} />
                <CaptionLinksLink venueId={venue.id} />
              </Section>
              <Section id="checkin-timing" title={checkinT('admin.timingTitle')} testId="timing-section">
                <TimingSetting venueId={venue.id} />
              </Section>
              <Section id="survey-attributes" title={surveyT('attributes.title')} testId="survey-attributes-section">
                <SurveyAttributesSection key={venue.id} venueId={venue.id} saved={venue.survey} />
              </Section>
            </>
          );
        }}
      </Loaded>
    </StaffLayout>
  );
}
