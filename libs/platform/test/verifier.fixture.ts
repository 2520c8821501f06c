/** The shared-secret settings the token verifier's unit tests verify with. */
export const SECRET = 'a-shared-secret-of-at-least-32-chars';

export const SHARED_SECRET_SETTINGS = {
  AUTH_JWT_SECRET: SECRET,
  AUTH_PUBLIC_KEY: '',
  AUTH_JWKS_FILE: '',
  AUTH_ISSUER: 'accord',
  AUTH_AUDIENCE: 'accord',
};
