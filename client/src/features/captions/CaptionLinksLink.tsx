import { useCaptionsT } from '../../i18n/captions';
import { Link } from '../../ui/Link';

/** 「字幕（要約筆記）」 for a venue (host home, the venue's admin page). */
export function CaptionLinksLink({ venueId }: { venueId: string }) {
  const { t } = useCaptionsT();
  return (
    <Link className="btn" href={`/admin/venues/${encodeURIComponent(venueId)}/captions`} data-testid="caption-links-link">
      {t('staff.title')}
    </Link>
  );
}
