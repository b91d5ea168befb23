import type { StaffLiveToday } from '@shared/staffLive/schemas';
import { japanDateRange, japanToday } from '@shared/japanTime';
import type { AuthUser } from '../auth/service';
import type { Clock } from '../core/clock';
import type { Db } from '../db/client';
import { attendanceCounts, openTroubles, sessionsIn } from './queries';

/** Where a staff page's live view starts: today's open 困りごと and attendance counts of the user's venues. */
export class StaffLiveService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** The call's queued joins and leaves are written first, so the counts include them. */
    private readonly callFacts: { flush(): Promise<void> },
  ) {}

  async today(user: AuthUser): Promise<StaffLiveToday> {
    const today = japanToday(this.clock.now());
    const range = japanDateRange(today, today);
    await this.callFacts.flush();
    const [troubles, list] = await Promise.all([openTroubles(this.db, user.venueIds, range), sessionsIn(this.db, user.venueIds, range)]);
    return { troubles, sessions: await attendanceCounts(this.db, list) };
  }
}
