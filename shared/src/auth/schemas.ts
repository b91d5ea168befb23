import { z } from 'zod';
import { EntityId, IsoDateTime } from '../common';

export const USER_ROLES = ['organiser', 'host'] as const;
export const UserRole = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof UserRole>;

export const LoginRequest = z.object({
  email: z.email().max(200),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const CurrentUser = z.object({
  id: EntityId,
  email: z.string(),
  displayName: z.string(),
  role: UserRole,
  organisationId: EntityId,
  organisationName: z.string(),
  /** Venues this user may open: a host's own venues, or every venue of an organiser's organisation. */
  venueIds: z.array(EntityId),
});
export type CurrentUser = z.infer<typeof CurrentUser>;

export const PasswordRules = { minLength: 10, maxLength: 200 } as const;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(PasswordRules.maxLength),
  newPassword: z.string().min(PasswordRules.minLength).max(PasswordRules.maxLength),
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** How long a one-time set-password link works (first start, a new staff account, reset access). */
export const ACCESS_LINK_TTL_HOURS = 24;

/** A one-time set-password link's token (192 random bits, base64url): `/welcome/<token>`. */
export const AccessLinkParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'expected a link token') });

/** What a set-password link says before it is used: whose it is, and whether it still works. */
export const ACCESS_LINK_STATES = ['valid', 'used', 'expired'] as const;
export const AccessLinkInfo = z.object({
  state: z.enum(ACCESS_LINK_STATES),
  displayName: z.string(),
  email: z.string(),
  organisationName: z.string(),
  expiresAt: IsoDateTime,
});
export type AccessLinkInfo = z.infer<typeof AccessLinkInfo>;

export const SetPasswordWithLink = z.object({
  password: z.string().min(PasswordRules.minLength).max(PasswordRules.maxLength),
});
export type SetPasswordWithLink = z.infer<typeof SetPasswordWithLink>;
