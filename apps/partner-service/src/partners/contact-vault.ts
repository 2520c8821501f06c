import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Sealed } from './partner';

/**
 * Crypto-shredding for contacts' personal data. Each contact has its own AES-256-GCM key in
 * `contact_keys`; names and e-mails are stored only sealed with it, in the events and in the read
 * model alike, and opened on read. Erasing a contact deletes the key: the events stay (history
 * still replays) but no stored copy of their personal fields (rows, dead rows, WAL, backups made
 * after the key's deletion) can be opened by anyone.
 */
const VERSION = 'v1';

export async function createContactKey(db: EntityManager, contactId: string): Promise<Buffer> {
  const key = randomBytes(32);
  await db.query('INSERT INTO contact_keys (contact_id, key) VALUES ($1, $2)', [contactId, key]);
  return key;
}

export async function contactKey(db: EntityManager, contactId: string): Promise<Buffer | null> {
  const [row] = await db.query<{ key: Buffer }[]>('SELECT key FROM contact_keys WHERE contact_id = $1', [contactId]);
  return row?.key ?? null;
}

/** The keys of those contacts that still have one (erased contacts have none). */
export async function contactKeys(db: EntityManager, contactIds: string[]): Promise<Map<string, Buffer>> {
  if (contactIds.length === 0) return new Map();
  const rows = await db.query<{ contact_id: string; key: Buffer }[]>(
    'SELECT contact_id, key FROM contact_keys WHERE contact_id = ANY($1::uuid[])',
    [contactIds],
  );
  return new Map(rows.map((row) => [row.contact_id, row.key]));
}

export async function destroyContactKey(db: EntityManager, contactId: string): Promise<void> {
  await db.query('DELETE FROM contact_keys WHERE contact_id = $1', [contactId]);
}

export function seal(key: Buffer, plaintext: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(
    ':',
  );
}

/** The plaintext, or null when the key is gone (the contact was erased) or there is nothing sealed. */
export function unseal(key: Buffer | null | undefined, sealed: Sealed | null): string | null {
  if (!key || sealed === null) return null;
  const [version, iv, tag, ciphertext] = sealed.split(':');
  if (version !== VERSION) throw new Error(`unknown sealed format ${version}`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
}
