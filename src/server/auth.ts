import { JWTPayload, SignJWT, createRemoteJWKSet, jwtVerify } from 'jose';
import type { AuthConfig } from '../config';
import { Principal, ROLES, Role, unauthenticated } from '../resolvers/access';

/**
 * Verifies bearer tokens: JSON Web Tokens signed with an HS256 secret or by a key of a JWKS
 * URL, with expiry, issuer and audience checked, and roles taken from one claim. The editor
 * role includes reading.
 */
export class Authenticator {
  private readonly verify?: (token: string) => Promise<JWTPayload>;

  constructor(readonly config: AuthConfig) {
    const options = { issuer: config.issuer, audience: config.audience, clockTolerance: 5 };
    if (config.jwksUrl) {
      const keys = createRemoteJWKSet(new URL(config.jwksUrl));
      this.verify = async (token) => (await jwtVerify(token, keys, options)).payload;
    } else if (config.jwtSecret) {
      const secret = new TextEncoder().encode(config.jwtSecret);
      this.verify = async (token) =>
        (await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] })).payload;
    }
  }

  /** Whether any way of checking tokens is configured; without one, nobody can edit. */
  get enabled(): boolean {
    return this.verify !== undefined;
  }

  /**
   * The principal of an `Authorization: Bearer` header, null when there is none; a header
   * that is there but wrong (malformed, expired, bad signature) is an UNAUTHENTICATED error.
   */
  async authenticate(header: string | undefined): Promise<Principal | null> {
    if (header === undefined || header.trim() === '') return null;
    const match = /^Bearer\s+([A-Za-z0-9_\-.]{10,8192})$/.exec(header.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    if (!this.verify)
      throw unauthenticated('This server accepts no tokens: authentication is not configured');
    let payload: JWTPayload;
    try {
      payload = await this.verify(match[1] as string);
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw unauthenticated(
        code === 'ERR_JWT_EXPIRED' ? 'The token has expired' : 'The token is not valid',
      );
    }
    // A token that never expires, or speaks for nobody, would edit forever or anonymously:
    // the history must name who did what.
    if (typeof payload.exp !== 'number') throw unauthenticated('The token has no expiry (exp)');
    if (typeof payload.sub !== 'string' || payload.sub.trim() === '')
      throw unauthenticated('The token names no subject (sub)');
    const claim = payload[this.config.rolesClaim];
    const names = Array.isArray(claim)
      ? claim
      : typeof claim === 'string'
        ? claim.split(/\s+/)
        : [];
    const roles = ROLES.filter((role) => names.includes(role));
    if (roles.includes('editor') && !roles.includes('reader')) roles.unshift('reader');
    return { subject: payload.sub, roles };
  }
}

/** Signs an HS256 token, for development and tests (`diplograph token`). */
export async function signToken(
  secret: string,
  claims: {
    subject: string;
    roles: Role[];
    expiresIn: string;
    issuer?: string;
    audience?: string;
    rolesClaim?: string;
  },
): Promise<string> {
  let jwt = new SignJWT({ [claims.rolesClaim ?? 'roles']: claims.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn);
  if (claims.issuer) jwt = jwt.setIssuer(claims.issuer);
  if (claims.audience) jwt = jwt.setAudience(claims.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
