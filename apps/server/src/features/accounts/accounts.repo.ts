import {
  CompiledQuery,
  type Compilable,
  sql,
  type Insertable,
  type QueryResult,
  type Selectable,
} from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { Dialect, Tx } from '../../db/dialect.ts';
import type { AccountTable } from '../../db/schema.ts';
import { inScope } from '../clients/clients.repo.ts';

export type AccountRow = Selectable<AccountTable>;
export type AccountInsert = Insertable<AccountTable>;

/** Enough rows per statement to be quick, few enough parameters for either database. */
const CHUNK = 500;
export function chunks<T>(xs: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

const compiledSql = new WeakMap<object, Map<string, string>>();

/**
 * Full chunks, then the rest in powers of two (337 → 256, 64, 16, 1): a handful of statement
 * shapes serve every batch size, so their SQL is compiled and prepared once.
 */
function shapedChunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  let i = 0;
  for (; i + size <= xs.length; i += size) out.push(xs.slice(i, i + size));
  for (let p = 2 ** Math.floor(Math.log2(size)); p >= 1; p /= 2)
    if (i + p <= xs.length) {
      out.push(xs.slice(i, i + p));
      i += p;
    }
  return out;
}

/**
 * Runs a many-row statement chunk by chunk, compiling its SQL once per shape (statement, rows in
 * the chunk, columns) instead of once per chunk: at ingest volumes Kysely's compilation of
 * thousands of parameters cost more than SQLite's work. `build` makes the statement from a chunk;
 * the parameters are the chunk's values row by row in column order, which the first compilation
 * of each shape proves (else that shape is compiled every time, as before).
 */
export async function runChunked<R extends Record<string, unknown>, O>(
  tx: Tx,
  statement: string,
  rows: readonly R[],
  build: (part: R[]) => Compilable<O>,
  size = CHUNK,
): Promise<QueryResult<O>[]> {
  const adapter = tx.getExecutor().adapter;
  const cache = compiledSql.get(adapter) ?? new Map<string, string>();
  compiledSql.set(adapter, cache);
  const out: QueryResult<O>[] = [];
  for (const part of shapedChunks(rows, size)) {
    const columns = Object.keys(part[0]!);
    const parameters: unknown[] = [];
    for (const r of part) for (const c of columns) parameters.push(r[c]);
    const key = `${statement}|${part.length}|${columns.join(',')}`;
    let text = cache.get(key);
    if (text === undefined) {
      const compiled = build(part).compile();
      const same =
        compiled.parameters.length === parameters.length &&
        compiled.parameters.every((p, i) => p === parameters[i]);
      if (!same) {
        out.push(await tx.executeQuery(compiled));
        continue;
      }
      text = compiled.sql;
      cache.set(key, text);
    }
    out.push(await tx.executeQuery<O>(CompiledQuery.raw(text, parameters)));
  }
  return out;
}

export type ColumnKind = 'bigint' | 'integer' | 'text' | 'date' | 'instant';

/**
 * Like `runChunked`, but where the dialect takes many rows best as one array per column
 * (`Dialect.columnArrays`) and there are enough of them, one statement for all: the statement
 * `build` makes for one row, its `values (…)` replaced by `select * from unnest(…)` with each
 * column's values as an array of its kind. Conflict clauses and the rest stay as built.
 */
export async function runColumnArrays<R extends Record<string, unknown>, O>(
  tx: Tx,
  d: Dialect | undefined,
  statement: string,
  rows: readonly R[],
  kinds: Record<keyof R & string, ColumnKind>,
  build: (part: R[]) => Compilable<O>,
): Promise<void> {
  if (!d?.columnArrays || rows.length < 64) {
    await runChunked(tx, statement, rows, build);
    return;
  }
  const columns = Object.keys(rows[0]!) as (keyof R & string)[];
  const adapter = tx.getExecutor().adapter;
  const cache = compiledSql.get(adapter) ?? new Map<string, string>();
  compiledSql.set(adapter, cache);
  const key = `${statement}|arrays|${columns.join(',')}`;
  let text = cache.get(key);
  if (text === undefined) {
    const one = build([rows[0]!]).compile().sql;
    const values = new RegExp(
      `values \\(\\$1${columns
        .slice(1)
        .map((_, i) => `, \\$${i + 2}`)
        .join('')}\\)`,
    );
    if (!values.test(one)) {
      await runChunked(tx, statement, rows, build);
      return;
    }
    const type = {
      bigint: d.bigIntType,
      integer: 'integer',
      text: 'text',
      date: d.dateType,
      instant: d.instantType,
    };
    const arrays = columns.map((c, i) => `$${i + 1}::${type[kinds[c]] as string}[]`).join(', ');
    text = one.replace(values, () => `select * from unnest(${arrays})`);
    cache.set(key, text);
  }
  const parameters = columns.map((c) => rows.map((r) => r[c] ?? null));
  await tx.executeQuery(CompiledQuery.raw(text, parameters));
}

/** The unique indexes of accounts, as errors a user understands. */
function translateUnique(d: Dialect, err: unknown): never {
  const v = d.uniqueViolation(err);
  // SQLite names a multi-column index by its first column ("accounts.source").
  if (v?.index === 'accounts_account_no_hash') {
    throw new AppError('account.duplicate', 'An account with this number is already registered.', {
      field: 'accountNo',
    });
  }
  if (v?.index.startsWith('accounts_source')) {
    throw new AppError(
      'account.duplicate',
      'An account with this external id is already registered from this source.',
      { field: 'externalId' },
    );
  }
  throw err;
}

export async function insertAccounts(tx: Tx, d: Dialect, rows: AccountInsert[]): Promise<AccountRow[]> {
  const out: AccountRow[] = [];
  try {
    for (const part of chunks(rows))
      out.push(...(await tx.insertInto('accounts').values(part).returningAll().execute()));
  } catch (err) {
    translateUnique(d, err);
  }
  return out;
}

/** Accounts by the blind index of their number (no lock: to learn ids, or to check for duplicates). */
export async function findAccountsByNumberHashes(tx: Tx, hashes: string[]): Promise<AccountRow[]> {
  const out: AccountRow[] = [];
  for (const part of chunks(hashes, 1000))
    out.push(...(await tx.selectFrom('accounts').selectAll().where('account_no_hash', 'in', part).execute()));
  return out;
}

/**
 * Reads accounts whose balances this transaction will rewrite, locking them against concurrent
 * batches (PostgreSQL). Ids are locked in ascending order, so two batches never wait on each other
 * in a circle.
 */
export async function lockAccounts(tx: Tx, d: Dialect, ids: number[]): Promise<AccountRow[]> {
  const out: AccountRow[] = [];
  for (const part of chunks(
    [...ids].sort((a, b) => a - b),
    1000,
  )) {
    const q = tx.selectFrom('accounts').selectAll().where('id', 'in', part).orderBy('id');
    out.push(...(await (d.rowLocks ? q.forUpdate() : q).execute()));
  }
  return out;
}

export async function findAccountsBySourceIds(tx: Tx, source: string, externalIds: string[]) {
  const out: AccountRow[] = [];
  for (const part of chunks(externalIds, 1000))
    out.push(
      ...(await tx
        .selectFrom('accounts')
        .selectAll()
        .where('source', '=', source)
        .where('external_id', 'in', part)
        .execute()),
    );
  return out;
}

/** A client's accounts (and those of files merged into it). */
export async function listAccountsOfClients(tx: Tx, clientIds: number[]): Promise<AccountRow[]> {
  return tx.selectFrom('accounts').selectAll().where('client_id', 'in', clientIds).orderBy('id').execute();
}

/** The balance state the ledger keeps per account. */
export async function saveAccountBalance(
  tx: Tx,
  id: number,
  s: { balanceMinor: number; balanceAsOf: string | null; balanceAnchorAt: string | null },
  at: string,
): Promise<void> {
  await tx
    .updateTable('accounts')
    .set({
      balance_minor: s.balanceMinor,
      balance_as_of: s.balanceAsOf,
      balance_anchor_at: s.balanceAnchorAt,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

/** The risk terms a source restates for an account it sent before. */
export type AccountTerms = Partial<
  Pick<AccountRow, 'days_past_due' | 'classification' | 'limit_minor' | 'used_minor'>
>;

export async function saveAccountTerms(tx: Tx, id: number, terms: AccountTerms, at: string): Promise<void> {
  await tx
    .updateTable('accounts')
    .set({ ...terms, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/**
 * The balance states of many accounts: one UPDATE … FROM (VALUES …) per 500 accounts, its SQL
 * compiled once per shape. VALUES columns are `column1…` on both databases; the casts give
 * PostgreSQL the types its untyped parameters lack.
 */
export async function saveAccountBalances(
  tx: Tx,
  d: Dialect,
  states: readonly {
    id: number;
    balanceMinor: number;
    balanceAsOf: string | null;
    balanceAnchorAt: string | null;
  }[],
  at: string,
): Promise<void> {
  const rows = states.map((s) => ({
    id: s.id,
    balance_minor: s.balanceMinor,
    balance_as_of: s.balanceAsOf,
    balance_anchor_at: s.balanceAnchorAt,
    updated_at: at,
  }));
  const big = sql.raw(d.bigIntType as string);
  const instant = sql.raw(d.instantType as string);
  await runChunked(tx, 'saveAccountBalances', rows, (part) => {
    const values = sql.join(
      part.map(
        (r) =>
          sql`(${r.id}, ${r.balance_minor}, ${r.balance_as_of}, ${r.balance_anchor_at}, ${r.updated_at})`,
      ),
    );
    const statement = sql`update accounts set
        balance_minor = cast(v.column2 as ${big}),
        balance_as_of = cast(v.column3 as ${instant}),
        balance_anchor_at = cast(v.column4 as ${instant}),
        updated_at = cast(v.column5 as ${instant})
      from (values ${values}) as v
      where accounts.id = cast(v.column1 as ${big})`;
    return { compile: () => statement.compile(tx) };
  });
}

/** Live clients (not merged away) among these ids: an account is only opened for a live file. */
export async function findLiveClientIds(tx: Tx, ids: number[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (const part of chunks(ids, 1000)) {
    const rows = await tx
      .selectFrom('clients as c')
      .select('c.id')
      .where('c.id', 'in', part)
      .where(inScope({ kind: 'all' }))
      .execute();
    for (const r of rows) out.add(Number(r.id));
  }
  return out;
}
