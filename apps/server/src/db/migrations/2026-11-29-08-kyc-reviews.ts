import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** Periodic KYC review: each client's AML risk rating, its last review, and the review records. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await db.schema.alterTable('clients').addColumn('kyc_risk_rating', 'text').execute();
  await db.schema.alterTable('clients').addColumn('kyc_reviewed_on', d.dateType).execute();
  await d
    .withId(db.schema.createTable('kyc_reviews'))
    .addColumn('client_id', 'bigint', (c) => c.notNull().references('clients.id'))
    .addColumn('risk_rating', 'text', (c) => c.notNull())
    .addColumn('confirmed_fields', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('reviewed_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('reviewed_at', d.instantType, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('kyc_reviews_client_idx')
    .on('kyc_reviews')
    .columns(['client_id', 'id'])
    .execute();
}
