import { z } from 'zod';
import { EntityId, IsoDateTime } from '../common';
import { UserRole } from '../auth/schemas';

/** How many venues one host can be given in one request (an organisation has far fewer). */
export const MAX_HOST_VENUES = 200;

/** One organiser or host of the organisation, as the organiser's staff page shows them. */
export const StaffMember = z.object({
  id: EntityId,
  displayName: z.string(),
  email: z.string(),
  role: UserRole,
  /** The venues a host runs; an organiser sees every venue of the organisation, so it is empty for them. */
  venueIds: z.array(EntityId),
  /** Locked after too many wrong passwords, until this moment (null: not locked). */
  lockedUntil: IsoDateTime.nullable(),
  /** Stopped by an organiser at this moment (null: active). A stopped account cannot sign in. */
  disabledAt: IsoDateTime.nullable(),
});
export type StaffMember = z.infer<typeof StaffMember>;

export const StaffParams = z.object({ userId: EntityId });

export const SetStaffVenues = z.object({
  venueIds: z
    .array(EntityId)
    .max(MAX_HOST_VENUES)
    .refine((ids) => new Set(ids).size === ids.length, 'each venue once'),
});
export type SetStaffVenues = z.infer<typeof SetStaffVenues>;

export const StaffList = z.array(StaffMember);
