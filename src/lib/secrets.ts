import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

// Profile secrets are stored as AES-256-GCM ciphertext: "v1:<iv>:<tag>:<data>" in base64url.
// The key comes from PARLEY_SECRET_KEY (any string; hashed to 32 bytes) or from a key file made
// on first start with mode 0600, so a copied database alone reveals nothing.

const PREFIX = 'v1';

export class SecretBox {
  readonly #key: Buffer;
  /** Derived keys by purpose: the cookie key is asked for on every request. */
  readonly #derived = new Map<string, string>();

  constructor(keyMaterial: string) {
    if (keyMaterial.length < 16) throw new Error('The secret key must be at least 16 characters long.');
    this.#key = createHash('sha256').update(keyMaterial, 'utf8').digest();
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [PREFIX, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join(':');
  }

  decrypt(sealed: string): string {
    const [prefix, iv, tag, data] = sealed.split(':');
    if (prefix !== PREFIX || iv === undefined || tag === undefined || data === undefined) {
      throw new Error('Not a sealed secret.');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** A key derived for another purpose (e.g. signing cookies), never the encryption key itself. */
  derive(purpose: string): string {
    let key = this.#derived.get(purpose);
    if (key === undefined) this.#derived.set(purpose, (key = createHash('sha256').update(this.#key).update(`\0${purpose}`).digest('base64url')));
    return key;
  }
}

/** The key from the environment, or the key file (created with mode 0600 when missing). */
export function loadSecretKey(envKey: string | null, keyFile: string): string {
  if (envKey) return envKey;
  if (existsSync(keyFile)) return readFileSync(keyFile, 'utf8').trim();
  mkdirSync(dirname(keyFile), { recursive: true });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(keyFile, `${key}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(keyFile, 0o600);
  return key;
}
