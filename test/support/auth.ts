import { createHmac } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Role } from '@accord/platform';

/** The verification settings every service booted by the tests gets (bootService adds them). */
export const TEST_AUTH = {
  AUTH_JWT_SECRET: 'accord-test-secret-not-for-production-use',
  AUTH_ISSUER: 'accord',
  AUTH_AUDIENCE: 'accord',
};

/** The roles test requests carry unless a test says otherwise: everything but read-only viewer. */
export const WORKING_ROLES: Role[] = ['alliance_manager', 'legal', 'admin'];

export interface TokenOptions {
  subject?: string;
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  secret?: string;
}

/**
 * An HS256 token signed by hand with Node's HMAC, independently of the library the services verify
 * with, so a test also checks that the two agree on the format.
 */
export function tokenFor(roles: readonly string[] = WORKING_ROLES, options: TokenOptions = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'HS256', typ: 'JWT' };
  const claims = {
    sub: options.subject ?? 'tester',
    roles,
    iss: options.issuer ?? TEST_AUTH.AUTH_ISSUER,
    aud: options.audience ?? TEST_AUTH.AUTH_AUDIENCE,
    iat: now,
    exp: now + (options.expiresIn ?? 3600),
  };
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(claims)}`;
  const signature = createHmac('sha256', options.secret ?? TEST_AUTH.AUTH_JWT_SECRET)
    .update(unsigned)
    .digest('base64url');
  return `${unsigned}.${signature}`;
}

export function bearer(roles?: readonly string[], options?: TokenOptions): { Authorization: string } {
  return { Authorization: `Bearer ${tokenFor(roles, options)}` };
}

/** supertest against an app booted in-process, every request carrying a token with these roles. */
export function api(app: INestApplication, roles?: readonly string[], options?: TokenOptions) {
  return request.agent(app.getHttpServer()).set(bearer(roles, options));
}
