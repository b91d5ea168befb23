import { RequireSignIn } from '../../features/auth';
import { VenuePage } from './VenuePage';

/** The venue tablet: only a signed-in host (or organiser) opens it. Loaded on demand, not by home participants. */
export default function VenueArea({ sessionId }: { sessionId: string }) {
  return (
    <RequireSignIn>
      <VenuePage sessionId={sessionId} />
    </RequireSignIn>
  );
}
