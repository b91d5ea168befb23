import { navigate } from '../../lib/router';
import { RosterPanel } from '../../features/attendance/RosterPanel';

/** `/sessions/:id/attendance`: the roster outside the call, to correct attendance after the session. */
export default function SessionAttendancePage({ sessionId }: { sessionId: string }) {
  return <RosterPanel sessionId={sessionId} onClose={() => navigate('/host')} />;
}
