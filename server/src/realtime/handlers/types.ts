import type { CallRequestName } from '@shared/call/events';
import type { CallConnection } from '../../call/CallConnection';
import type { RequestHandlers } from '../requestRouter';

/** The handlers of the requests whose names match `Names` (e.g. `call:${string}`): one feature's part of the table. */
export type HandlersOf<Names extends string> = Pick<RequestHandlers<CallConnection>, Extract<CallRequestName, Names>>;
