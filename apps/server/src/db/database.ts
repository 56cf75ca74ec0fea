import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { type Db, type Dialect, postgresDialect, sqliteDialect } from './dialect.ts';
import type { Database } from './schema.ts';

/**
 * Messages between the server processes sharing one database (PostgreSQL LISTEN/NOTIFY): what
 * one process commits, every process hears, itself included. SQLite has one process: none.
 */
export type Notifier = {
  publish(channel: string, payload: string): Promise<void>;
  /** Calls `onPayload` for every message on `channel` until the returned function is called. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
};

export type DatabaseHandle = {
  db: Db;
  dialect: Dialect;
  describe: string;
  notifier: Notifier | null;
  close(): Promise<void>;
};

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
  return {
    db,
    dialect: sqliteDialect,
    describe: `SQLite ${file}`,
    notifier: null,
    close: () => db.destroy(),
  };
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
  const listeners = new Set<pg.Client>();
  // NOTIFY goes out on a connection of its own, opened when first needed: a busy pool (ingest
  // transactions waiting on row locks) must not hold back the news of what has committed.
  let publisher: Promise<pg.Client> | null = null;
  const publisherClient = () => {
    publisher ??= (async () => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => {
        publisher = null;
      });
      await client.connect();
      return client;
    })().catch((err) => {
      publisher = null;
      throw err;
    });
    return publisher;
  };
  const notifier: Notifier = {
    async publish(channel, payload) {
      const client = await publisherClient();
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
    async listen(channel, onPayload) {
      // A connection of its own: LISTEN holds it for as long as the listener lives.
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => {});
      await client.connect();
      client.on('notification', (m) => {
        if (m.channel === channel && m.payload !== undefined) onPayload(m.payload);
      });
      await client.query(`listen ${client.escapeIdentifier(channel)}`);
      listeners.add(client);
      return async () => {
        listeners.delete(client);
        await client.end().catch(() => {});
      };
    },
  };
  return {
    db,
    dialect: postgresDialect,
    describe: `PostgreSQL ${safe}`,
    notifier,
    close: async () => {
      const open = publisher;
      publisher = null;
      if (open) await open.then((c) => c.end()).catch(() => {});
      await Promise.all([...listeners].map((c) => c.end().catch(() => {})));
      await db.destroy();
    },
  };
}
