import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** Column mappings of import files, saved per source system. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await db.schema
    .createTable('import_mappings')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('columns', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', d.instantType, (c) => c.notNull())
    .execute();
}
