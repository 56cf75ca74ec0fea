import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { type Db, type Dialect, postgresDialect, sqliteDialect } from './dialect.ts';
import type { Database } from './schema.ts';

export type DatabaseHandle = { db: Db; dialect: Dialect; describe: string; close(): Promise<void> };

/** Open the database: PostgreSQL when a URL is given, else the SQLite file (or `:memory:`). */
export function openDatabase(opts: { databaseUrl: string | null; sqliteFile: string }): DatabaseHandle {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openSqlite(opts.sqliteFile);
}

function openSqlite(file: string): DatabaseHandle {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: sqliteDialect, describe: `SQLite ${file}`, close: () => db.destroy() };
}

/** Type parsers so both dialects hand the same JavaScript values to the repos. */
function pgTypes(): pg.CustomTypesConfig {
  const { types } = pg;
  const parsers: Record<number, (v: string) => unknown> = {
    20: (v) => Number(v), // int8: counts and money in minor units (< 2^53)
    1700: (v) => Number(v), // numeric
    1082: (v) => v, // date stays YYYY-MM-DD, no time-zone shift
    1114: (v) => new Date(`${v}Z`).toISOString(),
    1184: (v) => new Date(v).toISOString(), // timestamptz → ISO-8601 UTC, as SQLite stores it
  };
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      parsers[oid] ?? types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
  };
}

function openPostgres(url: string): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypes() });
  // An idle connection the server ends (restart, failover, admin) is dropped from the pool, and
  // the next query opens a new one; without a listener the error would crash the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return { db, dialect: postgresDialect, describe: `PostgreSQL ${safe}`, close: () => db.destroy() };
}
