import { AppError } from '../../errors.js';
import { Role, type ApiKey, type User } from './user.entity.js';

export enum Scope {
  PUBLISH = 'publish',
  REVIEW = 'review',
  ADMIN = 'admin',
}

export const ALL_SCOPES = Object.values(Scope);

/** The scopes a role's keys get unless the key names fewer. */
export const ROLE_SCOPES: Record<Role, Scope[]> = {
  [Role.USER]: [Scope.PUBLISH],
  [Role.REVIEWER]: [Scope.PUBLISH, Scope.REVIEW],
  [Role.ADMIN]: [Scope.PUBLISH, Scope.REVIEW, Scope.ADMIN],
};

/** Who is calling: nobody, or a user through one API key. */
export interface Viewer {
  user: User | null;
  key: ApiKey | null;
  /** The caller's address, for per-IP limits (never stored). */
  ip: string;
  /** The RateLimit-* headers of this request's answer, once a rate limit counted it. */
  rateLimit?: Record<string, string>;
  /** Writes this request has already been charged for (WriteLimiter.reserve) and not yet made. */
  reservedWrites?: number;
}

export const ANONYMOUS = (ip: string): Viewer => ({ user: null, key: null, ip });

/** The one vague answer for any bad credential, so it reveals nothing about which part was wrong. */
export const BAD_CREDENTIALS = 'invalid, expired or revoked API key';

export function requireUser(viewer: Viewer): User {
  if (!viewer.user) throw new AppError('UNAUTHENTICATED', 'sign in: send an API key as "Authorization: Bearer <key>"');
  return viewer.user;
}

const RANK: Record<Role, number> = { [Role.USER]: 0, [Role.REVIEWER]: 1, [Role.ADMIN]: 2 };

export function hasRole(user: User, role: Role): boolean {
  return RANK[user.role] >= RANK[role];
}
