import { navigate } from '../../lib/router';
import { CheckinRosterPanel } from '../../features/checkins/CheckinRosterPanel';

/** `/sessions/:id/attendance`: the roster outside the call, to correct attendance after the session. */
export default function SessionAttendancePage({ sessionId }: { sessionId: string }) {
  return <CheckinRosterPanel sessionId={sessionId} onClose={() => navigate('/host')} titlesPage />;
}
