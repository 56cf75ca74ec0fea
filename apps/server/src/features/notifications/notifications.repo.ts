import type { Insertable } from 'kysely';
import type { Tx } from '../../db/dialect.ts';
import type { NotificationTable } from '../../db/schema.ts';

export async function insertNotification(tx: Tx, row: Insertable<NotificationTable>): Promise<void> {
  await tx.insertInto('notifications').values(row).execute();
}

export async function listNotifications(tx: Tx, userId: number, limit: number) {
  return tx
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function countUnread(tx: Tx, userId: number): Promise<number> {
  const r = await tx
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Marks one (or, without id, all) of the user's notifications read. Returns how many changed. */
export async function markRead(tx: Tx, userId: number, at: string, id?: number): Promise<number> {
  let q = tx
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (id !== undefined) q = q.where('id', '=', id);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
