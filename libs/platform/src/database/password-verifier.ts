import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

const ITERATIONS = 4096;

/**
 * A role's password as Postgres stores it (a SCRAM-SHA-256 verifier, RFC 5802 and 7677), computed
 * here so that `CREATE ROLE ... PASSWORD` never carries the password itself: a server that logs
 * statements (log_statement, a failed statement in the error log) records only the verifier, from
 * which the password cannot be read back. Postgres stores a verifier given in this form as it is.
 * The password is hashed as given, without SASLprep: the same for every ASCII password.
 */
export function scramSha256Verifier(password: string): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 32, 'sha256');
  const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
