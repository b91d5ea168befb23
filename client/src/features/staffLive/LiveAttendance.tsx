import { useStaffLiveT } from '../../i18n/staffLive';
import { useStaffLive } from './StaffLiveProvider';
import './staffLive.css';

/** Today's session on the list of gatherings: its attendance as it changes (nothing until the first counts). */
export function LiveAttendance({ sessionId }: { sessionId: string }) {
  const { t } = useStaffLiveT();
  const counts = useStaffLive()?.counts.get(sessionId);
  if (!counts) return null;
  const total = counts.venue + counts.online + counts.phone;
  return (
    <p className="staff-live-attendance" data-testid="live-attendance" aria-live="polite">
      <span data-testid="live-attendance-counts">
        {t('attendance', { total, venue: counts.venue, online: counts.online, phone: counts.phone })}
      </span>{' '}
      <span className="staff-live-attendance__now">{t('connectedNow', { n: counts.connectedNow })}</span>
    </p>
  );
}
