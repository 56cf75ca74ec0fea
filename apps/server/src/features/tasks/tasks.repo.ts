import type { Insertable } from 'kysely';
import type { Tx } from '../../db/dialect.ts';
import type { TaskTable } from '../../db/schema.ts';

export type NewTask = Insertable<TaskTable>;

/** Inserts a task unless one with the same source key exists. Returns the new id, or null. */
export async function insertTaskOnce(tx: Tx, row: NewTask): Promise<number | null> {
  const r = await tx
    .insertInto('tasks')
    .values(row)
    .onConflict((oc) => oc.column('source_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? Number(r.id) : null;
}

const columns = [
  't.id',
  't.title',
  't.detail',
  't.client_id',
  't.assignee_id',
  't.due_on',
  't.priority',
  't.status',
  't.source',
  't.created_at',
  't.completed_at',
  'u.display_name as assignee_name',
  'c.name as client_name',
] as const;

export async function findTask(tx: Tx, id: number) {
  return tx
    .selectFrom('tasks as t')
    .innerJoin('users as u', 'u.id', 't.assignee_id')
    .leftJoin('clients as c', 'c.id', 't.client_id')
    .select(columns)
    .select('t.created_by')
    .where('t.id', '=', id)
    .executeTakeFirst();
}
export type TaskRow = NonNullable<Awaited<ReturnType<typeof findTask>>>;

/** An assignee's tasks: open ones first, the most overdue first, then by priority. */
export async function listTasksOf(
  tx: Tx,
  assigneeId: number,
  q: { status?: string | undefined; clientId?: number | undefined; page: number; pageSize: number },
) {
  let base = tx.selectFrom('tasks as t').where('t.assignee_id', '=', assigneeId);
  if (q.status) base = base.where('t.status', '=', q.status);
  if (q.clientId) base = base.where('t.client_id', '=', q.clientId);
  const rows = await base
    .innerJoin('users as u', 'u.id', 't.assignee_id')
    .leftJoin('clients as c', 'c.id', 't.client_id')
    .select(columns)
    .select('t.created_by')
    .orderBy((eb) => eb.case().when('t.status', '=', 'open').then(0).else(1).end())
    .orderBy('t.due_on')
    .orderBy((eb) =>
      eb
        .case()
        .when('t.priority', '=', 'high')
        .then(0)
        .when('t.priority', '=', 'medium')
        .then(1)
        .else(2)
        .end(),
    )
    .orderBy('t.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

export async function setTaskStatus(
  tx: Tx,
  id: number,
  status: string,
  by: number,
  at: string,
): Promise<void> {
  await tx
    .updateTable('tasks')
    .set({ status, completed_at: status === 'open' ? null : at, completed_by: status === 'open' ? null : by })
    .where('id', '=', id)
    .execute();
}
