import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** Merged client files: the absorbed file stays, pointing at the one it was merged into. */
export async function up(db: Kysely<unknown>, _d: Dialect): Promise<void> {
  await db.schema
    .alterTable('clients')
    .addColumn('merged_into', 'bigint', (c) => c.references('clients.id'))
    .execute();
  // Only merged files are in this index: "merged_into is null" (every live query) must never look
  // selective enough to the planner to walk it.
  await db.schema
    .createIndex('clients_merged_into_idx')
    .on('clients')
    .column('merged_into')
    .where(sql.ref('merged_into'), 'is not', null)
    .execute();
  // Every client query now also says "not merged": the typeahead indexes become partial indexes
  // of live files, so a prefix lookup stays one covering range seek.
  for (const key of ['name', 'name_pinyin', 'name_initials'] as const) {
    for (const scope of [null, 'branch_id', 'team_id', 'owner_id'] as const) {
      const name = scope ? `clients_${scope}_${key}_idx` : `clients_${key}_idx`;
      await db.schema.dropIndex(name).execute();
      await db.schema
        .createIndex(name)
        .on('clients')
        .columns(scope ? [scope, key] : [key])
        .where(sql.ref('merged_into'), 'is', null)
        .execute();
    }
  }
  // Likely duplicates are people with the same name and birth date, or name and mobile.
  await db.schema
    .createIndex('clients_name_birth_idx')
    .on('clients')
    .columns(['name', 'birth_date'])
    .execute();
  await db.schema
    .createIndex('clients_name_mobile_idx')
    .on('clients')
    .columns(['name', 'mobile_hash'])
    .execute();
}
