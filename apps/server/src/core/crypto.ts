import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Field encryption (AES-256-GCM) and blind indexes (HMAC-SHA-256) for class C2 personal data.
 * Both keys are derived from one master key with HKDF, so the index key never decrypts.
 */
export type Vault = Readonly<{
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** Keyed hash of a normalised value: equal values meet, the value cannot be read back. */
  blindIndex(kind: string, value: string): string;
}>;

const FORMAT = 'v1';

export function createVault(masterKey: Buffer): Vault {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
  const derive = (info: string) =>
    Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
  const encKey = derive('dossier field encryption v1');
  const idxKey = derive('dossier blind index v1');
  return Object.freeze({
    encrypt(plain: string): string {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${FORMAT}.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
    },
    decrypt(sealed: string): string {
      const [format, iv, tag, ct] = sealed.split('.');
      if (format !== FORMAT || iv === undefined || tag === undefined || ct === undefined) {
        throw new Error('unknown ciphertext format');
      }
      const decipher = crypto.createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
    blindIndex(kind: string, value: string): string {
      return crypto.createHmac('sha256', idxKey).update(`${kind}:${value}`).digest('base64url').slice(0, 32);
    },
  });
}

/** The master key from DOSSIER_MASTER_KEY, else from `<dataDir>/master.key`, created (0600) on first start. */
export function loadMasterKey(opts: { envKey: string | null; dataDir: string }): {
  key: Buffer;
  source: string;
} {
  if (opts.envKey) {
    const key = /^[0-9a-f]{64}$/i.test(opts.envKey)
      ? Buffer.from(opts.envKey, 'hex')
      : Buffer.from(opts.envKey, 'base64');
    return { key, source: 'DOSSIER_MASTER_KEY' };
  }
  const file = path.join(opts.dataDir, 'master.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    fs.writeFileSync(file, `${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return { key, source: file };
}

export function sha256Hex(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}
