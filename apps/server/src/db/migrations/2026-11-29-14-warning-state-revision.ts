import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Each saved warning state carries a revision: a token unique to that save. A server process
 * keeps the states it saved in memory and uses one again only while the row still has its
 * revision, so a state is parsed from JSON only when another process (or a rolled-back batch)
 * has been there since. Existing rows get '' (no process holds it).
 *
 * On PostgreSQL a state (a few KB, rewritten by every batch of its client) is stored out of line
 * uncompressed: compressing it on each save cost a third of the upsert's time
 * (bench:alert-latency, 300-row upserts), for little space.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await db.schema
    .alterTable('warning_states')
    .addColumn('revision', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  if (d.name === 'postgres')
    await sql`alter table warning_states alter column state set storage external`.execute(db);
}
