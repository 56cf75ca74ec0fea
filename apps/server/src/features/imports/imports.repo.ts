import type { Tx } from '../../db/dialect.ts';

export async function findMapping(tx: Tx, source: string): Promise<Record<string, string | null> | null> {
  const r = await tx
    .selectFrom('import_mappings')
    .select('columns')
    .where('source', '=', source)
    .executeTakeFirst();
  return r ? (JSON.parse(r.columns) as Record<string, string | null>) : null;
}

export async function saveMapping(
  tx: Tx,
  source: string,
  columns: Record<string, string | null>,
  by: number,
  at: string,
) {
  await tx
    .insertInto('import_mappings')
    .values({ source, columns: JSON.stringify(columns), updated_by: by, updated_at: at })
    .onConflict((oc) =>
      oc.column('source').doUpdateSet({ columns: JSON.stringify(columns), updated_by: by, updated_at: at }),
    )
    .execute();
}

/** Existing clients holding any of these ID-number hashes or credit codes. */
export async function findExistingIdentities(tx: Tx, idHashes: string[], creditCodes: string[]) {
  const out: { id: number; id_number_hash: string | null; credit_code: string | null; version: number }[] =
    [];
  for (let i = 0; i < idHashes.length; i += 500) {
    const rows = await tx
      .selectFrom('clients')
      .select(['id', 'id_number_hash', 'credit_code', 'version'])
      .where('id_number_hash', 'in', idHashes.slice(i, i + 500))
      .execute();
    out.push(...rows);
  }
  for (let i = 0; i < creditCodes.length; i += 500) {
    const rows = await tx
      .selectFrom('clients')
      .select(['id', 'id_number_hash', 'credit_code', 'version'])
      .where('credit_code', 'in', creditCodes.slice(i, i + 500))
      .execute();
    out.push(...rows);
  }
  return out.map((r) => ({ ...r, id: Number(r.id), version: Number(r.version) }));
}

export async function findUsersByUsernames(tx: Tx, usernames: string[]) {
  if (usernames.length === 0) return [];
  return tx
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'team_id', 'branch_id', 'active'])
    .where('username', 'in', usernames)
    .execute();
}
