import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Sealed document files on disk: `<documentsDir>/<first two of key>/<key>`. The key is random, so
 * a file name says nothing about the client; the database row holds the key.
 */
const KEY = /^[0-9a-f]{32}$/;

export function newStorageKey(): string {
  return crypto.randomBytes(16).toString('hex');
}

function fileOf(dir: string, key: string): string {
  if (!KEY.test(key)) throw new Error('invalid storage key');
  return path.join(dir, key.slice(0, 2), key);
}

/** Writes the whole file or nothing: a partial write never appears under the key. */
export async function writeSealedFile(dir: string, key: string, sealed: Uint8Array): Promise<void> {
  const file = fileOf(dir, key);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const part = `${file}.part`;
  await fs.writeFile(part, sealed, { mode: 0o600, flag: 'wx' });
  await fs.rename(part, file);
}

export async function readSealedFile(dir: string, key: string): Promise<Buffer> {
  return fs.readFile(fileOf(dir, key));
}

/** Removes a file whose row was never committed. Missing files are fine. */
export async function removeSealedFile(dir: string, key: string): Promise<void> {
  const file = fileOf(dir, key);
  await fs.rm(file, { force: true });
  await fs.rm(`${file}.part`, { force: true });
}

export function sealedFilePath(dir: string, key: string): string {
  return fileOf(dir, key);
}
