import { z } from 'zod';
import { EntityId, IsoDateTime, PersonName } from '../common';
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
  /** False until the person has set a password with their one-time link (and again after reset access). */
  passwordSet: z.boolean(),
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

/** A new organiser or host, added by an organiser; they set their own password with the link they are given. */
export const InviteStaff = z.object({
  email: z.email().max(200),
  displayName: PersonName,
  role: UserRole,
  /** A host's venues (must be the organisation's); empty for an organiser. */
  venueIds: SetStaffVenues.shape.venueIds.default([]),
});
export type InviteStaff = z.infer<typeof InviteStaff>;

/** An account and its one-time set-password link, shown once (as a link and a QR code) to print or show. */
export const StaffAccessLink = z.object({
  member: StaffMember,
  url: z.url(),
  expiresAt: IsoDateTime,
});
export type StaffAccessLink = z.infer<typeof StaffAccessLink>;

export const VenueHostsParams = z.object({ venueId: EntityId });

/** Who hosts a venue, as a host of that venue sees them: names only. */
export const VenueHosts = z.array(z.object({ displayName: z.string() }));
export type VenueHosts = z.infer<typeof VenueHosts>;
