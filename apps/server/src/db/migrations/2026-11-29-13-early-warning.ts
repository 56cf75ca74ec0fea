import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Early warning: rules (every version kept, a change waits for a second person), each client's
 * warning state (what the engine remembers between events, one JSON row), alerts (one open per
 * rule and client: later hits add evidence) and their history.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await d
    .withId(db.schema.createTable('warning_rules'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    // The version in force (0 while the first is still waiting for approval).
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('failure', 'text')
    .addColumn('created_at', d.instantType, (c) => c.notNull())
    .addColumn('updated_at', d.instantType, (c) => c.notNull())
    .execute();

  await d
    .withId(db.schema.createTable('warning_rule_versions'))
    .addColumn('rule_id', 'bigint', (c) => c.notNull().references('warning_rules.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    // Whether approving this version leaves the rule on.
    .addColumn('enable', 'integer', (c) => c.notNull())
    // pending → approved | rejected
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('proposed_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('proposed_at', d.instantType, (c) => c.notNull())
    .addColumn('decided_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('decided_at', d.instantType)
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('warning_rule_versions_uq')
    .unique()
    .on('warning_rule_versions')
    .columns(['rule_id', 'version'])
    .execute();

  await db.schema
    .createTable('warning_states')
    .addColumn('client_id', 'bigint', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', d.instantType, (c) => c.notNull())
    .execute();

  await d
    .withId(db.schema.createTable('alerts'))
    .addColumn('rule_id', 'bigint', (c) => c.notNull().references('warning_rules.id'))
    .addColumn('rule_version', 'integer', (c) => c.notNull())
    .addColumn('client_id', 'bigint', (c) => c.notNull().references('clients.id'))
    .addColumn('account_id', 'bigint')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('raised_at', d.instantType, (c) => c.notNull())
    .addColumn('last_hit_at', d.instantType, (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'bigint', (c) => c.references('users.id'))
    .addColumn('due_at', d.instantType, (c) => c.notNull())
    .addColumn('escalated_at', d.instantType)
    // The newest pieces of evidence (JSON array, at most 50), each with its why-trace.
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('updated_at', d.instantType, (c) => c.notNull())
    .execute();
  // One open alert per rule and client: a second writer's duplicate fails here, not silently.
  await db.schema
    .createIndex('alerts_open_uq')
    .unique()
    .on('alerts')
    .columns(['rule_id', 'client_id'])
    .where(sql.ref('status'), '<>', 'resolved')
    .execute();
  await db.schema.createIndex('alerts_client_idx').on('alerts').columns(['client_id', 'id']).execute();
  await db.schema.createIndex('alerts_status_idx').on('alerts').columns(['status', 'id']).execute();

  await d
    .withId(db.schema.createTable('alert_events'))
    .addColumn('alert_id', 'bigint', (c) => c.notNull().references('alerts.id'))
    .addColumn('at', d.instantType, (c) => c.notNull())
    .addColumn('actor_id', 'bigint', (c) => c.references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema
    .createIndex('alert_events_alert_idx')
    .on('alert_events')
    .columns(['alert_id', 'id'])
    .execute();

  // Playbook actions taken from an alert; freeze and limit requests wait for a risk officer.
  await d
    .withId(db.schema.createTable('alert_actions'))
    .addColumn('alert_id', 'bigint', (c) => c.notNull().references('alerts.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('proposed_limit_minor', d.bigIntType)
    .addColumn('task_id', 'bigint', (c) => c.references('tasks.id'))
    .addColumn('requested_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', d.instantType, (c) => c.notNull())
    .addColumn('decided_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('decided_at', d.instantType)
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema
    .createIndex('alert_actions_alert_idx')
    .on('alert_actions')
    .columns(['alert_id', 'id'])
    .execute();

  // Messages to other systems, written in the transaction of the change they announce and
  // delivered after it (signed, retried with back-off) by the server's outbox worker.
  await d
    .withId(db.schema.createTable('outbox'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', d.instantType, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', d.instantType, (c) => c.notNull())
    .addColumn('delivered_at', d.instantType)
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('outbox_pending_idx')
    .on('outbox')
    .columns(['next_attempt_at', 'id'])
    .where(sql.ref('delivered_at'), 'is', null)
    .execute();
}
