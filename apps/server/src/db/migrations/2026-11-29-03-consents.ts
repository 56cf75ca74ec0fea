import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** The consent ledger: every decision a client made, per purpose, never overwritten. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await d
    .withId(db.schema.createTable('client_consents'))
    .addColumn('client_id', 'bigint', (c) => c.notNull().references('clients.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', d.instantType, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('client_consents_client_idx')
    .on('client_consents')
    .columns(['client_id', 'purpose', 'id'])
    .execute();
  await d.makeAppendOnly(db, 'client_consents');
}
