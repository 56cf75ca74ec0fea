import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** One task system for the whole product, and the notification centre that announces tasks. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await d
    .withId(db.schema.createTable('tasks'))
    .addColumn('client_id', 'bigint', (c) => c.references('clients.id'))
    .addColumn('assignee_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('due_on', d.dateType, (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    // Generated tasks carry a key naming what they are about (e.g. stale:42:income:2026-11):
    // a job run twice finds the key taken and creates nothing twice.
    .addColumn('source_key', 'text')
    .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('created_at', d.instantType, (c) => c.notNull())
    .addColumn('completed_at', d.instantType)
    .addColumn('completed_by', 'bigint', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('tasks_source_key_uq').unique().on('tasks').column('source_key').execute();
  await db.schema
    .createIndex('tasks_assignee_idx')
    .on('tasks')
    .columns(['assignee_id', 'status', 'due_on'])
    .execute();
  await db.schema.createIndex('tasks_client_idx').on('tasks').columns(['client_id', 'status']).execute();

  await d
    .withId(db.schema.createTable('notifications'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('link', 'text')
    .addColumn('task_id', 'bigint', (c) => c.references('tasks.id'))
    .addColumn('created_at', d.instantType, (c) => c.notNull())
    .addColumn('read_at', d.instantType)
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'id'])
    .execute();
}
