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
  /**
   * Seals a file's bytes under a key of their own (derived from the master key). `aad` names
   * where the file is kept: a sealed file moved elsewhere no longer opens.
   */
  encryptBytes(plain: Uint8Array, aad: string): Buffer;
  /** Opens what `encryptBytes` sealed; throws if a byte was changed. */
  decryptBytes(sealed: Uint8Array, aad: string): Buffer;
}>;

const FORMAT = 'v1';
/** Sealed file layout: magic ‖ 12-byte IV ‖ 16-byte GCM tag ‖ ciphertext. */
const FILE_MAGIC = Buffer.from('DSF1', 'ascii');

export function createVault(masterKey: Buffer): Vault {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
  const derive = (info: string) =>
    Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
  const encKey = derive('dossier field encryption v1');
  const idxKey = derive('dossier blind index v1');
  const fileKey = derive('dossier file encryption v1');
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
    encryptBytes(plain: Uint8Array, aad: string): Buffer {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', fileKey, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([FILE_MAGIC, iv, cipher.getAuthTag(), ct]);
    },
    decryptBytes(sealed: Uint8Array, aad: string): Buffer {
      const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      if (buf.length < 32 || !buf.subarray(0, 4).equals(FILE_MAGIC)) throw new Error('unknown file format');
      const decipher = crypto.createDecipheriv('aes-256-gcm', fileKey, buf.subarray(4, 16));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(buf.subarray(16, 32));
      return Buffer.concat([decipher.update(buf.subarray(32)), decipher.final()]);
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
