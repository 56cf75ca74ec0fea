import type { Tx } from '../../db/dialect.ts';

export async function insertBranch(
  tx: Tx,
  b: { code: string; name: string; created_at: string },
): Promise<number> {
  const r = await tx.insertInto('branches').values(b).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function insertTeam(
  tx: Tx,
  t: { branch_id: number; name: string; created_at: string },
): Promise<number> {
  const r = await tx.insertInto('teams').values(t).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function listBranches(tx: Tx) {
  return tx.selectFrom('branches').select(['id', 'code', 'name']).orderBy('code').execute();
}

export async function listTeams(tx: Tx) {
  return tx.selectFrom('teams').select(['id', 'branch_id', 'name']).orderBy('id').execute();
}

export async function findTeam(tx: Tx, id: number) {
  return tx.selectFrom('teams').select(['id', 'branch_id', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function findBranch(tx: Tx, id: number) {
  return tx.selectFrom('branches').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
}
