import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db, Dialect } from './dialect.ts';
import * as foundation from './migrations/2026-11-29-01-foundation.ts';
import * as relationships from './migrations/2026-11-29-02-relationships.ts';
import * as consents from './migrations/2026-11-29-03-consents.ts';
import * as documents from './migrations/2026-11-29-04-documents.ts';
import * as tasks from './migrations/2026-11-29-05-tasks.ts';
import * as imports from './migrations/2026-11-29-06-imports.ts';
import * as merges from './migrations/2026-11-29-07-merges.ts';
import * as kycReviews from './migrations/2026-11-29-08-kyc-reviews.ts';
import * as accounts from './migrations/2026-11-29-09-accounts.ts';
import * as transactionsVisibility from './migrations/2026-11-29-10-transactions-visibility.ts';
import * as loanSecurity from './migrations/2026-11-29-11-loan-security.ts';
import * as leanRollups from './migrations/2026-11-29-12-lean-rollups.ts';
import * as earlyWarning from './migrations/2026-11-29-13-early-warning.ts';
import * as warningStateRevision from './migrations/2026-11-29-14-warning-state-revision.ts';

type DialectMigration = { up(db: Kysely<unknown>, d: Dialect): Promise<void> };

/** Dated, forward-only migrations, in order. Never edit one after it has landed: add a new one. */
const MIGRATIONS: Record<string, DialectMigration> = {
  '2026-11-29-01-foundation': foundation,
  '2026-11-29-02-relationships': relationships,
  '2026-11-29-03-consents': consents,
  '2026-11-29-04-documents': documents,
  '2026-11-29-05-tasks': tasks,
  '2026-11-29-06-imports': imports,
  '2026-11-29-07-merges': merges,
  '2026-11-29-08-kyc-reviews': kycReviews,
  '2026-11-29-09-accounts': accounts,
  '2026-11-29-10-transactions-visibility': transactionsVisibility,
  '2026-11-29-11-loan-security': loanSecurity,
  '2026-11-29-12-lean-rollups': leanRollups,
  '2026-11-29-13-early-warning': earlyWarning,
  '2026-11-29-14-warning-state-revision': warningStateRevision,
};

function provider(d: Dialect): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) out[name] = { up: (db) => m.up(db, d) };
      return out;
    },
  };
}

function migrator(db: Db, d: Dialect) {
  return new Migrator({
    db,
    provider: provider(d),
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
}

type Outcome = Awaited<ReturnType<Migrator['migrateToLatest']>>;
function applied({ error, results }: Outcome): string[] {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrateToLatest(db: Db, d: Dialect): Promise<string[]> {
  return applied(await migrator(db, d).migrateToLatest());
}

/** Up to and including the named migration: tests of a migration start from the schema before it. */
export async function migrateTo(db: Db, d: Dialect, name: keyof typeof MIGRATIONS): Promise<string[]> {
  return applied(await migrator(db, d).migrateTo(name));
}
