import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Accounts, their transactions, and the rollups kept at ingest so that a client's finances are
 * read without scanning transactions. Every rollup is a sum of changes, so a late transaction adds
 * to a row (`x = x + excluded.x`) instead of rewriting every later day.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await d
    .withId(db.schema.createTable('accounts'))
    .addColumn('client_id', 'bigint', (c) => c.notNull().references('clients.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('product_name', 'text', (c) => c.notNull())
    // Account numbers are class C2 data: sealed, and found by a keyed hash.
    .addColumn('account_no_enc', 'text', (c) => c.notNull())
    .addColumn('account_no_hash', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_on', d.dateType, (c) => c.notNull())
    .addColumn('closed_on', d.dateType)
    .addColumn('balance_minor', d.bigIntType, (c) => c.notNull().defaultTo(0))
    // The newest booking time in the balance, and the newest time the ledger stated the balance.
    .addColumn('balance_as_of', d.instantType)
    .addColumn('balance_anchor_at', d.instantType)
    .addColumn('rate_bp', 'integer')
    .addColumn('maturity_on', d.dateType)
    .addColumn('principal_minor', d.bigIntType)
    .addColumn('term_months', 'integer')
    .addColumn('days_past_due', 'integer')
    .addColumn('classification', 'text')
    .addColumn('limit_minor', d.bigIntType)
    .addColumn('used_minor', d.bigIntType)
    .addColumn('units', 'text')
    .addColumn('cost_minor', d.bigIntType)
    .addColumn('market_value_minor', d.bigIntType)
    .addColumn('risk_level', 'text')
    .addColumn('asset_class', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('created_at', d.instantType, (c) => c.notNull())
    .addColumn('updated_at', d.instantType, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('accounts_account_no_hash_uq')
    .unique()
    .on('accounts')
    .column('account_no_hash')
    .execute();
  await db.schema
    .createIndex('accounts_source_external_uq')
    .unique()
    .on('accounts')
    .columns(['source', 'external_id'])
    .execute();
  await db.schema.createIndex('accounts_client_idx').on('accounts').columns(['client_id', 'id']).execute();

  await d
    .withId(db.schema.createTable('transactions'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    // Denormalised from the account: a client's page reads its transactions by one index.
    .addColumn('client_id', 'bigint', (c) => c.notNull().references('clients.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    // SHA-256 of the canonical item: a replay of the same id with other content is refused.
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('booked_at', d.instantType, (c) => c.notNull())
    .addColumn('amount_minor', d.bigIntType, (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('merchant_category', 'text')
    .addColumn('counterparty_name_enc', 'text')
    .addColumn('counterparty_account_enc', 'text')
    // Not indexed: a random key in a secondary index scatters every insert.
    .addColumn('counterparty_hash', 'text')
    .addColumn('balance_after_minor', d.bigIntType)
    // 1 when balance_after_minor reset the account's running balance (it was the newest word).
    .addColumn('sets_balance', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('description', 'text')
    .addColumn('ingested_at', d.instantType, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('transactions_source_external_uq')
    .unique()
    .on('transactions')
    .columns(['source', 'external_id'])
    .execute();
  await db.schema
    .createIndex('transactions_account_idx')
    .on('transactions')
    .columns(['account_id', 'booked_at'])
    .execute();
  await db.schema
    .createIndex('transactions_client_idx')
    .on('transactions')
    .columns(['client_id', 'booked_at'])
    .execute();

  // Closing balance of an account on a bank day = the sum of change_minor up to that day.
  await db.schema
    .createTable('account_daily_balances')
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('day', d.dateType, (c) => c.notNull())
    .addColumn('client_id', 'bigint', (c) => c.notNull())
    .addColumn('change_minor', d.bigIntType, (c) => c.notNull())
    .addPrimaryKeyConstraint('account_daily_balances_pk', ['account_id', 'day'])
    .execute();

  // A client's assets (deposits, investments) and liabilities (loans, cards) by day and currency,
  // as changes: the closing position of a day is their sum up to it.
  await db.schema
    .createTable('client_daily_positions')
    .addColumn('client_id', 'bigint', (c) => c.notNull().references('clients.id'))
    .addColumn('day', d.dateType, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('assets_change_minor', d.bigIntType, (c) => c.notNull())
    .addColumn('liabilities_change_minor', d.bigIntType, (c) => c.notNull())
    .addPrimaryKeyConstraint('client_daily_positions_pk', ['client_id', 'day', 'currency'])
    .execute();

  await db.schema
    .createTable('client_monthly_flows')
    .addColumn('client_id', 'bigint', (c) => c.notNull().references('clients.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('amount_minor', d.bigIntType, (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_monthly_flows_pk', [
      'client_id',
      'month',
      'currency',
      'category',
      'direction',
    ])
    .execute();

  // Flows by counterparty (the blind index of its account) and month. The key leads with the
  // client and month, so inserts stay local although the counterparty key is random.
  await db.schema
    .createTable('client_counterparty_flows')
    .addColumn('client_id', 'bigint', (c) => c.notNull().references('clients.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('counterparty_hash', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('amount_minor', d.bigIntType, (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    // The newest name and number seen for the counterparty, sealed.
    .addColumn('name_enc', 'text')
    .addColumn('account_enc', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_counterparty_flows_pk', [
      'client_id',
      'month',
      'counterparty_hash',
      'currency',
      'direction',
    ])
    .execute();
}
