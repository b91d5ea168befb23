import { useProgramT } from '../../i18n/program';
import { useSignedInUser } from '../auth';
import { Link } from '../../ui/Link';

/** The way back: a host to the venue screen, an organiser to the venue's admin page (or the host page when there is no venue). */
export function BackLink({ venueId }: { venueId?: string }) {
  const { t } = useProgramT();
  const { role } = useSignedInUser();
  const toVenue = role === 'organiser' && venueId !== undefined;
  return (
    <nav className="breadcrumbs" aria-label={t('titles.builder')}>
      <Link href={toVenue ? `/admin/venues/${encodeURIComponent(venueId)}` : '/host'} data-testid="back-link">
        {toVenue ? t('links.backToVenue') : t('links.backToHost')}
      </Link>
    </nav>
  );
}
