import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** Merged client files: the absorbed file stays, pointing at the one it was merged into. */
export async function up(db: Kysely<unknown>, _d: Dialect): Promise<void> {
  await db.schema
    .alterTable('clients')
    .addColumn('merged_into', 'bigint', (c) => c.references('clients.id'))
    .execute();
  await db.schema.createIndex('clients_merged_into_idx').on('clients').column('merged_into').execute();
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
