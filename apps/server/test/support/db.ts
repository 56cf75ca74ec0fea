import { newWarningStateCache } from '../../src/rules/cache.ts';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import type { Deps } from '../../src/core/context.ts';
import type { Database } from '../../src/db/schema.ts';
import { createVault } from '../../src/core/crypto.ts';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.ts';
import { migrateTo, migrateToLatest } from '../../src/db/migrate.ts';
import { installDefaultRules } from '../../src/features/alerts/rules.service.ts';

/**
 * The dialects the service and repository tests run on: SQLite always, PostgreSQL when
 * DOSSIER_TEST_PG_URL names a server (CI sets it). Each test database is fresh.
 */
export const DIALECTS: ('sqlite' | 'postgres')[] = process.env.DOSSIER_TEST_PG_URL
  ? ['sqlite', 'postgres']
  : ['sqlite'];

export type TestDb = {
  deps: Deps;
  handle: DatabaseHandle;
  now: { value: Date };
  /** PostgreSQL: the test database's URL (a second process opens it too). */
  url: string | null;
  close(): Promise<void>;
};

export async function openTestDb(
  dialect: 'sqlite' | 'postgres',
  /** `migrateTo`: stop after that migration (to test the ones after it). */
  opts: { log?: pino.Logger; migrateTo?: string } = {},
): Promise<TestDb> {
  let handle: DatabaseHandle;
  let drop: (() => Promise<void>) | null = null;
  let testUrl: string | null = null;
  if (dialect === 'postgres') {
    const base = process.env.DOSSIER_TEST_PG_URL;
    if (!base) throw new Error('DOSSIER_TEST_PG_URL is not set');
    const name = `dossier_t_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    testUrl = url.toString();
    handle = openDatabase({ databaseUrl: testUrl, sqliteFile: '' });
    drop = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    handle = openDatabase({ databaseUrl: null, sqliteFile: ':memory:' });
  }
  if (opts.migrateTo) await migrateTo(handle.db, handle.dialect, opts.migrateTo);
  else await migrateToLatest(handle.db, handle.dialect);
  const now = { value: new Date('2026-11-29T02:00:00.000Z') };
  const deps: Deps = {
    db: handle.db,
    dialect: handle.dialect,
    vault: createVault(crypto.createHash('sha256').update('dossier test key').digest()),
    log: opts.log ?? pino({ level: 'silent' }),
    clock: () => now.value,
    documentsDir: fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-documents-')),
    notifier: handle.notifier,
    warningStates: newWarningStateCache(),
  };
  if (!opts.migrateTo) await installDefaultRules(deps);
  return {
    deps,
    handle,
    now,
    url: testUrl,
    async close() {
      await handle.close();
      if (drop) await drop();
      fs.rmSync(deps.documentsDir, { recursive: true, force: true });
    },
  };
}

/** What an attacker with DDL rights would do first: remove the append-only triggers. */
export async function dropAuditProtection(t: TestDb): Promise<void> {
  if (t.deps.dialect.name === 'sqlite') {
    await sql`drop trigger audit_log_no_update`.execute(t.deps.db);
    await sql`drop trigger audit_log_no_delete`.execute(t.deps.db);
  } else {
    await sql`drop trigger audit_log_append_only on audit_log`.execute(t.deps.db);
  }
}

/** How many rows a table holds (what a test compares before and after an all-or-nothing write). */
export async function countRows(db: Deps['db'], table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
