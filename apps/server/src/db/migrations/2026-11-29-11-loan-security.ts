import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * What a loan is repaid by and secured with: its repayment method and first due date (with the
 * term, rate and principal already stored they make the schedule, computed when read), the
 * collateral pledged for it (抵质押物), and the guarantor links (client_relationships of kind
 * guarantor) that back it. A guarantee link goes when its relationship is deleted.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  // One column per statement: SQLite adds them one at a time.
  await db.schema.alterTable('accounts').addColumn('repayment_method', 'text').execute();
  await db.schema.alterTable('accounts').addColumn('first_due_on', d.dateType).execute();

  await d
    .withId(db.schema.createTable('loan_collateral'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('appraised_value_minor', d.bigIntType, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('appraised_on', d.dateType, (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('created_at', d.instantType, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('loan_collateral_account_idx')
    .on('loan_collateral')
    .columns(['account_id', 'id'])
    .execute();

  await db.schema
    .createTable('loan_guarantees')
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('relationship_id', 'bigint', (c) =>
      c.notNull().references('client_relationships.id').onDelete('cascade'),
    )
    .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('created_at', d.instantType, (c) => c.notNull())
    .addPrimaryKeyConstraint('loan_guarantees_pk', ['account_id', 'relationship_id'])
    .execute();
  await db.schema
    .createIndex('loan_guarantees_relationship_idx')
    .on('loan_guarantees')
    .column('relationship_id')
    .execute();
}
