import type { AuditQuery } from '@dossier/contract';
import type { Tx } from '../../db/dialect.ts';
import type { AuditLogTable } from '../../db/schema.ts';

export type AuditRow = AuditLogTable;

export async function findLastAuditLink(tx: Tx): Promise<{ id: number; hash: string } | null> {
  const row = await tx
    .selectFrom('audit_log')
    .select(['id', 'hash'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: Number(row.id), hash: row.hash } : null;
}

export async function insertAuditEntry(tx: Tx, row: AuditRow): Promise<void> {
  await tx.insertInto('audit_log').values(row).execute();
}

export async function listAuditEntries(
  tx: Tx,
  q: AuditQuery,
): Promise<{
  rows: (AuditRow & { actor_username: string | null; actor_display_name: string | null })[];
  total: number;
}> {
  let base = tx.selectFrom('audit_log as a');
  if (q.userId) base = base.where('a.actor_id', '=', q.userId);
  if (q.clientId) base = base.where('a.client_id', '=', q.clientId);
  if (q.action) base = base.where('a.action', '=', q.action);
  if (q.from) base = base.where('a.at', '>=', `${q.from}T00:00:00.000Z`);
  if (q.to) base = base.where('a.at', '<', nextDay(q.to));
  const [rows, count] = await Promise.all([
    base
      .leftJoin('users as u', 'u.id', 'a.actor_id')
      .selectAll('a')
      .select(['u.username as actor_username', 'u.display_name as actor_display_name'])
      .orderBy('a.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** A batch of entries with id > afterId, in chain order, for verification. */
export async function readAuditBatch(tx: Tx, afterId: number, limit: number): Promise<AuditRow[]> {
  return tx
    .selectFrom('audit_log')
    .selectAll()
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function countAuditEntries(tx: Tx): Promise<number> {
  const r = await tx
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/** Audit entries of some actions on some clients, newest first, with the actor's name. */
export async function listClientChanges(
  tx: Tx,
  clientIds: number[],
  actions: readonly string[],
  limit: number,
) {
  return tx
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select([
      'a.id',
      'a.at',
      'a.action',
      'a.actor_id',
      'a.before',
      'a.after',
      'a.details',
      'u.display_name as actor_display_name',
    ])
    .where('a.client_id', 'in', clientIds)
    .where('a.action', 'in', [...actions])
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
}
