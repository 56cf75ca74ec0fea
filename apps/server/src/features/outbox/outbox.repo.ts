import type { Db, Tx } from '../../db/dialect.ts';

export async function insertOutbox(tx: Tx, row: { topic: string; payload: string; created_at: string }) {
  await tx
    .insertInto('outbox')
    .values({ ...row, next_attempt_at: row.created_at, delivered_at: null, last_error: null })
    .execute();
}

/** Messages due for an attempt, oldest first. */
export async function listDueOutbox(db: Db, at: string, limit: number) {
  return db
    .selectFrom('outbox')
    .select(['id', 'topic', 'payload', 'attempts', 'created_at'])
    .where('delivered_at', 'is', null)
    .where('next_attempt_at', '<=', at)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function markDelivered(db: Db, id: number, at: string, attempts: number) {
  await db
    .updateTable('outbox')
    .set({ delivered_at: at, attempts, last_error: null })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Db, id: number, attempts: number, nextAt: string, error: string) {
  await db
    .updateTable('outbox')
    .set({ attempts, next_attempt_at: nextAt, last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .execute();
}
