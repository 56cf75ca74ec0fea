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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: sqliteDialect, describe: `SQLite ${file}`, close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; SQLite's parse of a 500-row insert costs as much as running
 * it. Statements are kept by their SQL text (the most recent 256), except one still being iterated.
 */
function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, prop) {
      if (prop !== 'prepare') {
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      }
      return (source: string) => {
        const hit = cache.get(source);
        if (hit && !hit.busy) {
          cache.delete(source);
          cache.set(source, hit);
          return hit;
        }
        const stmt = prepare(source);
        cache.set(source, stmt);
        if (cache.size > 256) cache.delete(cache.keys().next().value!);
        return stmt;
      };
    },
  });
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
