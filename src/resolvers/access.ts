import { AppError, ErrorCode } from '../errors';

/*
 * Who may do what: the roles a caller holds and the check resolvers make. Verifying tokens is
 * the server's part (server/auth.ts), which hands the principal it found to the context.
 */

/** What a token may allow: reading, or reading and editing. */
export type Role = 'reader' | 'editor';
export const ROLES: readonly Role[] = ['reader', 'editor'];

/** Who is calling, as a verified token says. */
export interface Principal {
  subject: string;
  roles: Role[];
}

/** An UNAUTHENTICATED error (HTTP 401). */
export const unauthenticated = (message: string) =>
  new AppError(ErrorCode.UNAUTHENTICATED, message, { status: 401 });

/**
 * Checks that the principal holds a role, or throws UNAUTHENTICATED (no token; said apart
 * when the server checks no tokens at all, `authEnabled` false) or FORBIDDEN.
 */
export function requireRole(
  principal: Principal | null,
  role: Role,
  authEnabled: boolean,
  what: string,
): void {
  if (!principal) {
    throw unauthenticated(
      authEnabled
        ? `${what} needs a bearer token with the ${role} role`
        : `${what} needs authentication, and this server has none configured (AUTH_JWT_SECRET or AUTH_JWKS_URL)`,
    );
  }
  if (!principal.roles.includes(role)) {
    throw new AppError(ErrorCode.FORBIDDEN, `${what} needs the ${role} role`, { status: 403 });
  }
}
