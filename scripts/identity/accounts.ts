import { createHash, timingSafeEqual } from 'node:crypto';
import { DEMO_USERS, type DemoUser, demoPassword } from '../auth/dev-identity';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The demo user these credentials belong to, if any. The password is compared whether or not the
 * user exists, in constant time, so that neither the answer nor its timing tells which names exist.
 */
export function authenticate(username: string, password: string): DemoUser | undefined {
  const user = DEMO_USERS.find((candidate) => candidate.username === username.trim().toLowerCase());
  const passwordMatches = timingSafeEqual(digest(password), digest(demoPassword()));
  return user && passwordMatches ? user : undefined;
}

export function findUser(username: string): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.username === username);
}

/** The claims every token about this user carries: `sub` is the username, as Accord's audit trail shows it. */
export function userClaims(user: DemoUser): { sub: string; name: string; roles: string[] } {
  return { sub: user.username, name: user.name, roles: [...user.roles] };
}
