import { useProgramT } from '../../i18n/program';
import { Link } from '../../ui/Link';

const enc = encodeURIComponent;

/** 「プログラムを作る」 for one gathering (host home, the venue's session list). */
export function SessionProgramLink({ sessionId, big = false }: { sessionId: string; big?: boolean }) {
  const { t } = useProgramT();
  return (
    <Link className={big ? 'big-button big-button--light' : 'btn'} href={`/sessions/${enc(sessionId)}/program`} data-testid="make-program">
      {t('links.makeProgram')}
    </Link>
  );
}

/** The venue's usual program, its brain-training questions and the exercise videos. */
export function VenueProgramLinks({ venueId }: { venueId: string }) {
  const { t } = useProgramT();
  return (
    <div className="button-row" data-testid="venue-program-links">
      <Link className="btn" href={`/admin/venues/${enc(venueId)}/program`} data-testid="venue-template-link">
        {t('links.template')}
      </Link>
      <Link className="btn" href={`/admin/venues/${enc(venueId)}/quiz-questions`} data-testid="venue-quiz-link">
        {t('links.quiz')}
      </Link>
      <Link className="btn" href="/admin/videos" data-testid="videos-link">
        {t('links.videos')}
      </Link>
    </div>
  );
}
