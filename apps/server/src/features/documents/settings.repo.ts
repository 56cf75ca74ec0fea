import type { Tx } from '../../db/dialect.ts';

/** One bank-wide setting (JSON) with who saved it last, or undefined while the default applies. */
export async function findSetting(tx: Tx, key: string) {
  return tx
    .selectFrom('settings as s')
    .innerJoin('users as u', 'u.id', 's.updated_by')
    .select(['s.value', 's.updated_at', 's.updated_by', 'u.display_name'])
    .where('s.key', '=', key)
    .executeTakeFirst();
}

export async function saveSetting(
  tx: Tx,
  row: { key: string; value: string; updatedBy: number; at: string },
): Promise<void> {
  await tx
    .insertInto('settings')
    .values({ key: row.key, value: row.value, updated_by: row.updatedBy, updated_at: row.at })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: row.value, updated_by: row.updatedBy, updated_at: row.at }),
    )
    .execute();
}
