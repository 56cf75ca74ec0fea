import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Each saved warning state carries a revision: a token unique to that save. A server process
 * keeps the states it saved in memory and uses one again only while the row still has its
 * revision, so a state is parsed from JSON only when another process (or a rolled-back batch)
 * has been there since. Existing rows get '' (no process holds it).
 */
export async function up(db: Kysely<unknown>, _d: Dialect): Promise<void> {
  await db.schema
    .alterTable('warning_states')
    .addColumn('revision', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}
