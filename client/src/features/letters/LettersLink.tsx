import { useLettersT } from '../../i18n/letters';
import { Link } from '../../ui/Link';

/** 「ビデオレター」 for a venue (host home, the venue's admin page). */
export function LettersLink({ venueId }: { venueId: string }) {
  const { t } = useLettersT();
  return (
    <Link className="btn" href={`/admin/venues/${encodeURIComponent(venueId)}/letters`} data-testid="letters-link">
      {t('staff.title')}
    </Link>
  );
}
