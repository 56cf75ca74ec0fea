import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** Typed links between clients: household, corporate group, related parties and guarantees. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await d
    .withId(db.schema.createTable('client_relationships'))
    .addColumn('from_client_id', 'bigint', (c) => c.notNull().references('clients.id'))
    .addColumn('to_client_id', 'bigint', (c) => c.notNull().references('clients.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // Shareholding in basis points (1 = 0.01 %), so 100 % is 10000 and sums stay exact.
    .addColumn('share_bp', 'integer')
    .addColumn('amount_minor', d.bigIntType)
    .addColumn('amount_ccy', 'text')
    .addColumn('starts_on', d.dateType)
    .addColumn('ends_on', d.dateType)
    .addColumn('note', 'text')
    .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('created_at', d.instantType, (c) => c.notNull())
    .execute();
  // Symmetric kinds are stored once, lower id first, so this also refuses the mirror image.
  await db.schema
    .createIndex('client_relationships_link_uq')
    .unique()
    .on('client_relationships')
    .columns(['from_client_id', 'to_client_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('client_relationships_from_idx')
    .on('client_relationships')
    .columns(['from_client_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('client_relationships_to_idx')
    .on('client_relationships')
    .columns(['to_client_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('client_relationships_kind_idx')
    .on('client_relationships')
    .column('kind')
    .execute();
}
