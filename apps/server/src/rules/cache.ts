import crypto from 'node:crypto';
import type { WarningState } from './state.ts';

/**
 * The warning states a server process saved, kept in memory between batches so that the next
 * batch of the same client need not read and parse the stored JSON again.
 *
 * Each save writes a revision unique to it (this process's random prefix and a counter). A held
 * state is used only while the row still has the revision it was saved with: when another
 * process has saved the client since, or the batch that saved it rolled back, the row's revision
 * differs and the state is read from the row. A state is taken out while a batch works on it (the
 * engine changes it in place) and put back, with the new revision, once the batch has saved it.
 */
export type WarningStateCache = {
  held: Map<number, { revision: string; state: WarningState }>;
  /** The most states held; beyond it the least recently saved are dropped. */
  limit: number;
  prefix: string;
  saves: number;
};

/**
 * A state takes some 20–40 KB in memory (22 KB measured after 100 events and 35 payees; up to
 * 512 payees add 16 KB): 5,000 held are 100–200 MB. A feed touching more clients than that
 * between their batches reads the others from their rows, as without the cache.
 */
export function newWarningStateCache(limit = 5_000): WarningStateCache {
  return { held: new Map(), limit, prefix: crypto.randomBytes(9).toString('base64url'), saves: 0 };
}

/** A revision no other save (of any process) has written. */
export function nextRevision(c: WarningStateCache): string {
  c.saves += 1;
  return `${c.prefix}.${c.saves.toString(36)}`;
}

/** The client's held state if it is still the saved one (`revision` as read from the row); taken out either way. */
export function takeState(
  c: WarningStateCache,
  clientId: number,
  revision: string,
): WarningState | undefined {
  const held = c.held.get(clientId);
  if (held === undefined) return undefined;
  c.held.delete(clientId);
  return held.revision === revision ? held.state : undefined;
}

/** Holds a state just saved with `revision`. */
export function keepState(
  c: WarningStateCache,
  clientId: number,
  revision: string,
  state: WarningState,
): void {
  c.held.delete(clientId);
  c.held.set(clientId, { revision, state });
  if (c.held.size > c.limit) c.held.delete(c.held.keys().next().value!);
}
