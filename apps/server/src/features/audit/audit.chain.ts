import crypto from 'node:crypto';

/** The fields of an audit entry that its hash seals, in a fixed order. */
export type ChainedEntry = {
  id: number;
  at: string;
  actor_id: number | null;
  attempted_username: string | null;
  action: string;
  client_id: number | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  before: string | null;
  after: string | null;
  details: string | null;
};

export const GENESIS_HASH = '0'.repeat(64);

/** sha256(prev_hash ‖ canonical entry). The id is sealed too, so reordering breaks the chain. */
export function entryHash(prevHash: string, e: ChainedEntry): string {
  const canonical = JSON.stringify([
    e.id,
    e.at,
    e.actor_id,
    e.attempted_username,
    e.action,
    e.client_id,
    e.target_type,
    e.target_id,
    e.ip,
    e.user_agent,
    e.before,
    e.after,
    e.details,
  ]);
  return crypto.createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export type ChainBreak = { id: number; reason: string };

/**
 * Checks a run of entries in id order, continuing from `prev` (the last good entry before it).
 * Returns the first broken link, or null. Example: a deleted entry shows as a gap in ids.
 */
export function findBreak(
  entries: (ChainedEntry & { prev_hash: string; hash: string })[],
  prev: { id: number; hash: string },
): { broken: ChainBreak | null; last: { id: number; hash: string } } {
  let last = prev;
  for (const e of entries) {
    if (e.id !== last.id + 1) {
      return {
        broken: {
          id: e.id,
          reason: `expected entry ${last.id + 1} next, found ${e.id} (entries deleted or reordered)`,
        },
        last,
      };
    }
    if (e.prev_hash !== last.hash) {
      return { broken: { id: e.id, reason: 'does not link to the entry before it' }, last };
    }
    if (entryHash(e.prev_hash, e) !== e.hash) {
      return { broken: { id: e.id, reason: 'content does not match its hash (entry altered)' }, last };
    }
    last = { id: e.id, hash: e.hash };
  }
  return { broken: null, last };
}
