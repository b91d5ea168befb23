import type { CaptionRequests } from '../../captions/CaptionRequests';
import type { CallService } from '../../call/CallService';
import type { CheckinCallActions } from '../../checkins/callActions';
import type { LiveRequests } from '../../program/live/LiveRequests';
import type { CallConnection } from '../../call/CallConnection';
import type { RequestHandlers } from '../requestRouter';
import { callHandlers } from './call';
import { captionHandlers } from './captions';
import { checkinHandlers } from './checkins';
import { liveHandlers } from './live';

/** The feature services that answer socket requests. */
export interface RequestServices {
  call: CallService;
  checkins: CheckinCallActions;
  live: LiveRequests;
  captions: CaptionRequests;
}

/**
 * Every socket request's handler, one file per feature; the one request router (requestRouter.ts) validates each
 * payload with its shared schema before calling these. TypeScript refuses the table if a request has no handler.
 */
export function createRequestHandlers(services: RequestServices): RequestHandlers<CallConnection> {
  return {
    ...callHandlers(services.call),
    ...checkinHandlers(services.checkins),
    ...liveHandlers(services.live),
    ...captionHandlers(services.captions),
  };
}
