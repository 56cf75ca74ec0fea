import {
  type ColumnDataType,
  type Expression,
  type CreateTableBuilder,
  type Kysely,
  type Transaction,
  sql,
} from 'kysely';
import type { Database } from './schema.ts';

type DataTypeExpression = ColumnDataType | Expression<unknown>;

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type Tx = Transaction<Database> | Kysely<Database>;

/**
 * Everything that differs between SQLite and PostgreSQL, in one place. Callers ask for a
 * capability by name; nowhere else tests which database it is.
 */
export type Dialect = Readonly<{
  name: DialectName;
  /** Column type of a UTC instant. PostgreSQL keeps timestamptz (read back as ISO text); SQLite keeps ISO text. */
  instantType: ColumnDataType;
  /** Column type of a calendar date. */
  dateType: ColumnDataType;
  /** Column type of an integer that may exceed 2^31 (money in minor units). */
  bigIntType: ColumnDataType;
  /**
   * Text compared byte by byte (code-point order), so prefix ranges on names and pinyin use the
   * index the same way on both. SQLite's default BINARY collation already is; PostgreSQL needs "C".
   */
  binaryTextType: DataTypeExpression;
  /**
   * Whether many rows go in best as one array per column (`insert … select * from unnest($1::bigint[],
   * …)`): PostgreSQL binds a few arrays far faster than thousands of parameters. SQLite has no
   * arrays; many-row VALUES serve it.
   */
  columnArrays: boolean;
  /** Adds an auto-assigned integer primary key `id`. */
  withId<TB extends string>(t: CreateTableBuilder<TB, never>): CreateTableBuilder<TB, 'id'>;
  /** Makes a table refuse UPDATE and DELETE at the database itself (used in migrations). */
  makeAppendOnly(db: Kysely<unknown>, table: string): Promise<void>;
  /**
   * Whether `select … for update` is how a transaction keeps rows it will rewrite from concurrent
   * writers. PostgreSQL: yes. SQLite has no such clause and needs none: it has one writer.
   */
  rowLocks: boolean;
  /** Serialises writers of the audit chain inside a transaction. SQLite already has one writer. */
  lockAuditChain(tx: Tx): Promise<void>;
  /**
   * Refreshes the query planner's statistics. Without them SQLite may walk a whole branch's
   * clients instead of seeking a blind index. Cheap: SQLite samples (analysis_limit).
   */
  refreshStatistics(db: Db): Promise<void>;
  /** Whether a thrown driver error is a unique-constraint violation, and on which index. */
  uniqueViolation(err: unknown): { index: string } | null;
}>;

const AUDIT_LOCK_KEY = 7_302_114; // arbitrary, stable

export const sqliteDialect: Dialect = Object.freeze({
  name: 'sqlite',
  instantType: 'text',
  dateType: 'text',
  bigIntType: 'integer',
  binaryTextType: 'text',
  columnArrays: false,
  withId: (t) => t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
  rowLocks: false,
  async lockAuditChain() {},
  async makeAppendOnly(db, table) {
    for (const op of ['update', 'delete']) {
      await sql
        .raw(
          `create trigger ${table}_no_${op} before ${op} on ${table} begin select raise(abort, '${table} is append-only'); end`,
        )
        .execute(db);
    }
  },
  async refreshStatistics(db: Db) {
    await sql`pragma analysis_limit = 1000`.execute(db);
    await sql`analyze`.execute(db);
  },
  uniqueViolation(err: unknown) {
    const e = err as { code?: string; message?: string };
    if (e?.code !== 'SQLITE_CONSTRAINT_UNIQUE' && e?.code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') return null;
    // "UNIQUE constraint failed: clients.id_number_hash"
    const m = /failed: (\w+)\.(\w+)/.exec(e.message ?? '');
    return { index: m ? `${m[1]}_${m[2]}` : 'unknown' };
  },
});

export const postgresDialect: Dialect = Object.freeze({
  name: 'postgres',
  instantType: 'timestamptz',
  dateType: 'date',
  bigIntType: 'bigint',
  binaryTextType: sql`text collate "C"`,
  columnArrays: true,
  withId: (t) => t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity()),
  rowLocks: true,
  async makeAppendOnly(db, table) {
    await sql
      .raw(
        `create function ${table}_append_only() returns trigger language plpgsql as $$ begin raise exception '${table} is append-only'; end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_append_only before update or delete or truncate on ${table} for each statement execute function ${table}_append_only()`,
      )
      .execute(db);
  },
  async lockAuditChain(tx: Tx) {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(tx);
  },
  async refreshStatistics(db: Db) {
    await sql`analyze`.execute(db);
  },
  uniqueViolation(err: unknown) {
    const e = err as { code?: string; constraint?: string };
    if (e?.code !== '23505') return null;
    return { index: (e.constraint ?? 'unknown').replace(/_(uq|key|pkey)$/, '') };
  },
});
