import type { staffLiveRoutes } from '@shared/staffLive/routes';
import { requireUser } from '../auth/plugin';
import type { RouteHandlers } from '../core/routes';
import type { StaffLiveService } from './service';

export function staffLiveHandlers({ staffLive }: { staffLive: StaffLiveService }): RouteHandlers<typeof staffLiveRoutes> {
  return {
    today: async (request) => await staffLive.today(requireUser(request)),
  };
}
