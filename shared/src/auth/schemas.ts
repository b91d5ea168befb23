import { z } from 'zod';
import { EntityId } from '../common';

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
