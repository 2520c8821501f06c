import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/** A signed-in user's session: the provider's tokens stay here, on the server, never in the browser. */
export interface Session {
  subject: string;
  name?: string;
  accessToken: string;
  /** Epoch milliseconds. */
  accessExpiresAt: number;
  refreshToken?: string;
  idToken?: string;
  /** Sent back in `X-CSRF-Token` on every write (the synchronizer token pattern). */
  csrfToken: string;
  /** Epoch milliseconds: when the session was opened, for its absolute lifetime. */
  openedAt: number;
}

/** A sign-in under way: what the callback must check the provider's answer against. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

type Kind = 'session' | 'sign-in';

const CACHE_MS = 5_000;
const CACHE_SIZE = 10_000;

/**
 * Sessions in the dashboard's own Postgres schema, so that any instance serves any user and a restart
 * signs nobody out. The cookie holds a random 256-bit id; the table holds only its SHA-256 (a database
 * reader cannot take over a session) and the session encrypted with AES-256-GCM under a key derived
 * from SESSION_SECRET (a backup or a dead tuple holds no usable token).
 */
export class SessionStore {
  private readonly key: Buffer;
  /**
   * Sessions read in the last few seconds, decrypted: a page's burst of calls costs one query, not
   * one each. This instance's own changes update it at once; a sign-out through another instance is
   * seen here within CACHE_MS.
   */
  private readonly recent = new Map<string, { data: Session | PendingSignIn; until: number }>();

  constructor(
    private readonly db: DataSource,
    secret: string,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'accord-dashboard', 'session-store', 32));
  }

  static newId(): string {
    return randomBytes(32).toString('base64url');
  }

  async load<T extends Session | PendingSignIn>(kind: Kind, id: string | undefined): Promise<T | undefined> {
    if (!id || id.length > 100) return undefined;
    const cached = kind === 'session' ? this.recent.get(id) : undefined;
    if (cached && cached.until > Date.now()) return cached.data as T;
    const [row] = await this.db.query<{ data: Buffer }[]>(
      'SELECT data FROM web_sessions WHERE id_hash = $1 AND kind = $2 AND expires_at > now()',
      [hash(id), kind],
    );
    const data = row ? (this.decrypt(row.data) as T | undefined) : undefined;
    if (kind === 'session') this.remember(id, data);
    return data;
  }

  private remember(id: string, data: Session | PendingSignIn | undefined): void {
    if (this.recent.size >= CACHE_SIZE) this.recent.clear();
    if (data) this.recent.set(id, { data, until: Date.now() + CACHE_MS });
    else this.recent.delete(id);
  }

  async save(kind: Kind, id: string, data: Session | PendingSignIn, expiresAt: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO web_sessions (id_hash, kind, data, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id_hash) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at`,
      [hash(id), kind, this.encrypt(data), expiresAt],
    );
    if (kind === 'session') this.remember(id, data);
  }

  /** Moves the idle deadline without rewriting the session. */
  async touch(id: string, expiresAt: Date): Promise<void> {
    await this.db.query('UPDATE web_sessions SET expires_at = $2 WHERE id_hash = $1', [hash(id), expiresAt]);
  }

  async delete(id: string | undefined): Promise<void> {
    if (id) this.recent.delete(id);
    if (id) await this.db.query('DELETE FROM web_sessions WHERE id_hash = $1', [hash(id)]);
  }

  /** Expired rows are unreadable at once; this frees their space (called on each sign-in). */
  async sweep(): Promise<void> {
    await this.db.query('DELETE FROM web_sessions WHERE expires_at < now()');
  }

  private encrypt(data: object): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** A row written under another SESSION_SECRET reads as no session: the user signs in again. */
  private decrypt(data: Buffer): object | undefined {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return JSON.parse(
        Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8'),
      ) as object;
    } catch {
      return undefined;
    }
  }
}

const hash = (id: string) => createHash('sha256').update(id).digest('base64url');
