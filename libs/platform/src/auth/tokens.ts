import { SignJWT } from 'jose';
import type { Role } from './roles';

export interface TokenRequest {
  subject: string;
  roles: Role[];
  secret: string;
  issuer: string;
  audience: string;
  /** jose's duration syntax: `8h`, `15m`, `30d`. */
  expiresIn?: string;
}

/**
 * Mints an HS256 token with the shared secret: for local use (`npm run token`), the demo seed and the
 * tests. Real deployments take tokens from their identity provider and configure its public key.
 */
export function mintToken({
  subject,
  roles,
  secret,
  issuer,
  audience,
  expiresIn = '8h',
}: TokenRequest): Promise<string> {
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
