import type { Role } from '@dossier/contract';
import type { Tx } from '../../db/dialect.ts';

export type NewUserRow = {
  username: string;
  display_name: string;
  role: Role;
  branch_id: number | null;
  team_id: number | null;
  password_hash: string;
  created_at: string;
  updated_at: string;
};

export async function insertUser(tx: Tx, u: NewUserRow): Promise<number> {
  const r = await tx
    .insertInto('users')
    .values({ ...u, active: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findUserByUsername(tx: Tx, username: string) {
  return tx.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** The first active user (by username) of the first of `roles` that has one. */
export async function firstActiveUserOfRoles(tx: Tx, roles: readonly string[]) {
  for (const role of roles) {
    const user = await tx
      .selectFrom('users')
      .selectAll()
      .where('role', '=', role)
      .where('active', '=', 1)
      .orderBy('username')
      .executeTakeFirst();
    if (user) return user;
  }
  return undefined;
}

export async function findUserById(tx: Tx, id: number) {
  return tx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setLastLogin(tx: Tx, id: number, at: string): Promise<void> {
  await tx.updateTable('users').set({ last_login_at: at }).where('id', '=', id).execute();
}

const summaryColumns = [
  'u.id',
  'u.username',
  'u.display_name',
  'u.role',
  'u.active',
  'u.last_login_at',
  'u.created_at',
  'b.id as branch_id',
  'b.name as branch_name',
  't.id as team_id',
  't.name as team_name',
] as const;

export async function listUsers(
  tx: Tx,
  q: { q?: string | undefined; role?: Role | undefined; page: number; pageSize: number },
) {
  let base = tx.selectFrom('users as u');
  if (q.role) base = base.where('u.role', '=', q.role);
  if (q.q) {
    const like = `%${q.q.replace(/[%_\\]/g, '')}%`;
    base = base.where((eb) => eb.or([eb('u.username', 'like', like), eb('u.display_name', 'like', like)]));
  }
  const [rows, count] = await Promise.all([
    base
      .leftJoin('branches as b', 'b.id', 'u.branch_id')
      .leftJoin('teams as t', 't.id', 'u.team_id')
      .select(summaryColumns)
      .orderBy('u.username')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function findUserSummary(tx: Tx, id: number) {
  return tx
    .selectFrom('users as u')
    .leftJoin('branches as b', 'b.id', 'u.branch_id')
    .leftJoin('teams as t', 't.id', 'u.team_id')
    .select(summaryColumns)
    .where('u.id', '=', id)
    .executeTakeFirst();
}

export type UserSummaryRow = NonNullable<Awaited<ReturnType<typeof findUserSummary>>>;

/** Relationship managers within an org scope (all, a branch or a team). */
export async function listRms(tx: Tx, scope: { branchId?: number; teamId?: number; userId?: number }) {
  let q = tx
    .selectFrom('users')
    .select(['id', 'display_name', 'username', 'team_id'])
    .where('role', '=', 'rm')
    .where('active', '=', 1);
  if (scope.branchId) q = q.where('branch_id', '=', scope.branchId);
  if (scope.teamId) q = q.where('team_id', '=', scope.teamId);
  if (scope.userId) q = q.where('id', '=', scope.userId);
  return q.orderBy('username').execute();
}

export async function countUsers(tx: Tx): Promise<number> {
  const r = await tx
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
