import type { Tx } from '../../db/dialect.ts';
import type { SessionTable } from '../../db/schema.ts';

export async function insertSession(tx: Tx, s: SessionTable): Promise<void> {
  await tx.insertInto('sessions').values(s).execute();
}

export async function findSessionWithUser(tx: Tx, id: string) {
  return tx
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.created_at',
      's.last_seen_at',
      'u.id as user_id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.branch_id',
      'u.team_id',
      'u.active',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function touchSession(tx: Tx, id: string, at: string): Promise<void> {
  await tx.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteExpiredSessions(
  tx: Tx,
  idleBefore: string,
  createdBefore: string,
): Promise<void> {
  await tx
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]))
    .execute();
}

export async function recordLoginAttempt(
  tx: Tx,
  a: { username: string; ip: string | null; at: string; succeeded: boolean },
) {
  await tx
    .insertInto('login_attempts')
    .values({ ...a, succeeded: a.succeeded ? 1 : 0 })
    .execute();
}

/** Failed attempts since `since` for a username, and from an address. */
export async function countRecentFailures(tx: Tx, username: string, ip: string | null, since: string) {
  const byUser = await tx
    .selectFrom('login_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('first')])
    .where('username', '=', username)
    .where('at', '>=', since)
    .where('succeeded', '=', 0)
    .executeTakeFirstOrThrow();
  const byIp = ip
    ? await tx
        .selectFrom('login_attempts')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('first')])
        .where('ip', '=', ip)
        .where('at', '>=', since)
        .where('succeeded', '=', 0)
        .executeTakeFirstOrThrow()
    : { n: 0, first: null };
  return {
    user: { n: Number(byUser.n), first: byUser.first as string | null },
    ip: { n: Number(byIp.n), first: byIp.first as string | null },
  };
}

export async function clearFailedAttempts(tx: Tx, username: string): Promise<void> {
  await tx.deleteFrom('login_attempts').where('username', '=', username).where('succeeded', '=', 0).execute();
}
