import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Sealed } from './partner';

/**
 * Crypto-shredding for contacts' personal data. Each contact has its own AES-256-GCM key in
 * `contact_keys`; names and e-mails are stored in events only sealed with it. Erasing a contact
 * deletes the key: the events stay (history still replays) but their personal fields can no longer
 * be opened by anyone.
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

/** The plaintext, or null when the key is gone (the contact was erased). */
export function unseal(key: Buffer | null, sealed: Sealed): string | null {
  if (!key) return null;
  const [version, iv, tag, ciphertext] = sealed.split(':');
  if (version !== VERSION) throw new Error(`unknown sealed format ${version}`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
}
