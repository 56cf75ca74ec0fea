import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** Organisation, users and sessions, client profiles with contacts, and the audit chain. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await d
    .withId(db.schema.createTable('branches'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', d.instantType, (c) => c.notNull())
    .execute();

  await d
    .withId(db.schema.createTable('teams'))
    .addColumn('branch_id', 'bigint', (c) => c.notNull().references('branches.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', d.instantType, (c) => c.notNull())
    .execute();

  await d
    .withId(db.schema.createTable('users'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('branch_id', 'bigint', (c) => c.references('branches.id'))
    .addColumn('team_id', 'bigint', (c) => c.references('teams.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_login_at', d.instantType)
    .addColumn('created_at', d.instantType, (c) => c.notNull())
    .addColumn('updated_at', d.instantType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_username_uq').unique().on('users').column('username').execute();
  await db.schema.createIndex('users_team_idx').on('users').column('team_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', d.instantType, (c) => c.notNull())
    .addColumn('last_seen_at', d.instantType, (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await d
    .withId(db.schema.createTable('login_attempts'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('at', d.instantType, (c) => c.notNull())
    .addColumn('succeeded', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_attempts_username_idx')
    .on('login_attempts')
    .columns(['username', 'at'])
    .execute();
  await db.schema.createIndex('login_attempts_ip_idx').on('login_attempts').columns(['ip', 'at']).execute();

  await d
    .withId(db.schema.createTable('clients'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', d.binaryTextType, (c) => c.notNull())
    .addColumn('name_pinyin', d.binaryTextType, (c) => c.notNull())
    .addColumn('name_initials', d.binaryTextType, (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('owner_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('team_id', 'bigint', (c) => c.notNull().references('teams.id'))
    .addColumn('branch_id', 'bigint', (c) => c.notNull().references('branches.id'))
    .addColumn('gender', 'text')
    .addColumn('birth_date', d.dateType)
    .addColumn('id_type', 'text')
    .addColumn('id_number_enc', 'text')
    .addColumn('id_number_hash', 'text')
    .addColumn('mobile_enc', 'text')
    .addColumn('mobile_hash', 'text')
    .addColumn('email_enc', 'text')
    .addColumn('email_hash', 'text')
    .addColumn('address_enc', 'text')
    .addColumn('income_band_enc', 'text')
    .addColumn('occupation', 'text')
    .addColumn('employer', 'text')
    .addColumn('marital_status', 'text')
    .addColumn('education', 'text')
    .addColumn('risk_tolerance', 'text')
    .addColumn('risk_assessed_on', d.dateType)
    .addColumn('credit_code', 'text')
    .addColumn('industry_code', 'text')
    .addColumn('registered_capital_minor', d.bigIntType)
    .addColumn('registered_capital_ccy', 'text')
    .addColumn('founded_on', d.dateType)
    .addColumn('legal_representative', 'text')
    .addColumn('annual_revenue_minor', d.bigIntType)
    .addColumn('annual_revenue_ccy', 'text')
    .addColumn('employees', 'integer')
    .addColumn('listed_status', 'text')
    .addColumn('credit_rating', 'text')
    .addColumn('provenance', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('created_at', d.instantType, (c) => c.notNull())
    .addColumn('updated_at', d.instantType, (c) => c.notNull())
    .execute();
  // One file per person or company: the blind index and the credit code are unique.
  await db.schema
    .createIndex('clients_id_number_hash_uq')
    .unique()
    .on('clients')
    .column('id_number_hash')
    .execute();
  await db.schema
    .createIndex('clients_credit_code_uq')
    .unique()
    .on('clients')
    .column('credit_code')
    .execute();
  await db.schema.createIndex('clients_mobile_hash_idx').on('clients').column('mobile_hash').execute();
  await db.schema.createIndex('clients_email_hash_idx').on('clients').column('email_hash').execute();
  // Typeahead: each data scope (all, branch, team, owner) has its own index per search key, so a
  // prefix lookup is one range seek whatever the caller's scope; without them the planner walks
  // the whole scope and sorts (150–600 ms on a million clients).
  for (const key of ['name', 'name_pinyin', 'name_initials'] as const) {
    await db.schema.createIndex(`clients_${key}_idx`).on('clients').column(key).execute();
    for (const scope of ['branch_id', 'team_id', 'owner_id'] as const) {
      await db.schema
        .createIndex(`clients_${scope}_${key}_idx`)
        .on('clients')
        .columns([scope, key])
        .execute();
    }
  }
  await db.schema
    .createIndex('clients_owner_idx')
    .on('clients')
    .columns(['owner_id', 'updated_at'])
    .execute();
  await db.schema.createIndex('clients_team_idx').on('clients').columns(['team_id', 'updated_at']).execute();
  await db.schema
    .createIndex('clients_branch_idx')
    .on('clients')
    .columns(['branch_id', 'updated_at'])
    .execute();
  await db.schema.createIndex('clients_updated_idx').on('clients').column('updated_at').execute();

  await db.schema
    .createTable('client_co_servicers')
    .addColumn('client_id', 'bigint', (c) => c.notNull().references('clients.id'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('client_co_servicers_pk', ['client_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('client_co_servicers_user_idx')
    .on('client_co_servicers')
    .column('user_id')
    .execute();

  await d
    .withId(db.schema.createTable('client_contacts'))
    .addColumn('client_id', 'bigint', (c) => c.notNull().references('clients.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_hash', 'text')
    .addColumn('email_enc', 'text')
    .execute();
  await db.schema
    .createIndex('client_contacts_client_idx')
    .on('client_contacts')
    .column('client_id')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('at', d.instantType, (c) => c.notNull())
    .addColumn('actor_id', 'bigint')
    .addColumn('attempted_username', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('client_id', 'bigint')
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('details', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await d.makeAppendOnly(db, 'audit_log');
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_id', 'id']).execute();
  await db.schema.createIndex('audit_log_client_idx').on('audit_log').columns(['client_id', 'id']).execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'id']).execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
}
