import { type Insertable, sql } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { Dialect, Tx } from '../../db/dialect.ts';
import type { TransactionTable } from '../../db/schema.ts';
import { chunks, runChunked } from '../accounts/accounts.repo.ts';

export type TransactionInsert = Insertable<TransactionTable>;

/** Content hashes of transactions already stored from this source under these ids. */
export async function findStoredHashes(
  tx: Tx,
  source: string,
  externalIds: string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(externalIds)], 1000)) {
    const rows = await tx
      .selectFrom('transactions')
      .select(['external_id', 'content_hash'])
      .where('source', '=', source)
      .where('external_id', 'in', part)
      .execute();
    for (const r of rows) out.set(r.external_id, r.content_hash);
  }
  return out;
}

/**
 * Booking times of an account's stored transactions that set its balance, in (after, upTo]: the
 * ledger needs them to place a late transaction's days. One range of the (account, booked_at) index.
 */
export async function listBalanceAnchors(
  tx: Tx,
  accountId: number,
  after: string,
  upTo: string,
): Promise<string[]> {
  const rows = await tx
    .selectFrom('transactions')
    .select('booked_at')
    .where('account_id', '=', accountId)
    .where('booked_at', '>', after)
    .where('booked_at', '<=', upTo)
    .where('sets_balance', '=', 1)
    .orderBy('booked_at')
    .execute();
  return rows.map((r) => r.booked_at);
}

/** The columns of a stored transaction and the kind of each, for one array per column. */
const TRANSACTION_COLUMNS = [
  ['account_id', 'bigint'],
  ['client_id', 'bigint'],
  ['source', 'text'],
  ['external_id', 'text'],
  ['content_hash', 'text'],
  ['booked_at', 'instant'],
  ['amount_minor', 'bigint'],
  ['direction', 'text'],
  ['currency', 'text'],
  ['channel', 'text'],
  ['category', 'text'],
  ['merchant_category', 'text'],
  ['counterparty_name_enc', 'text'],
  ['counterparty_account_enc', 'text'],
  ['counterparty_hash', 'text'],
  ['balance_after_minor', 'bigint'],
  ['sets_balance', 'integer'],
  ['description', 'text'],
  ['ingested_at', 'instant'],
] as const satisfies readonly (readonly [keyof TransactionInsert & string, string])[];

/** One statement for the whole batch: each column's values as one array (see `Dialect.columnArrays`). */
async function insertAsColumnArrays(tx: Tx, d: Dialect, rows: TransactionInsert[]) {
  const type = { bigint: d.bigIntType, integer: 'integer', text: 'text', instant: d.instantType };
  const arrays = TRANSACTION_COLUMNS.map(
    ([column, kind]) => sql`${rows.map((r) => r[column] ?? null)}::${sql.raw(`${type[kind] as string}[]`)}`,
  );
  const { rows: out } = await sql<{ id: number }>`insert into transactions (${sql.raw(
    TRANSACTION_COLUMNS.map(([c]) => c).join(', '),
  )}) select * from unnest(${sql.join(arrays)}) returning id`.execute(tx);
  return out;
}

/** Inserts in the order given (booking order: ids follow time). Returns the new ids in that order. */
export async function insertTransactions(tx: Tx, d: Dialect, rows: TransactionInsert[]): Promise<number[]> {
  const ids: number[] = [];
  try {
    if (d.columnArrays) {
      for (const part of chunks(rows, 10_000))
        for (const x of await insertAsColumnArrays(tx, d, part)) ids.push(Number(x.id));
    } else {
      const results = await runChunked(tx, 'insertTransactions', rows, (part) =>
        tx.insertInto('transactions').values(part).returning('id'),
      );
      for (const r of results) for (const x of r.rows) ids.push(Number(x.id));
    }
  } catch (err) {
    // The ids were free when this batch looked; another batch took one since.
    if (d.uniqueViolation(err)?.index.startsWith('transactions_source')) {
      throw new AppError(
        'transaction.conflict',
        'Another batch stored transactions with some of these ids at the same moment; nothing of this batch was stored. Send it again: what is already stored will be recognised.',
      );
    }
    throw err;
  }
  return ids;
}

export type TransactionFilters = {
  /** Instants: booked at or after `fromAt`, before `toAt`. */
  fromAt?: string | undefined;
  toAt?: string | undefined;
  minAmountMinor?: number | undefined;
  maxAmountMinor?: number | undefined;
  category?: string | undefined;
  channel?: string | undefined;
  direction?: string | undefined;
  accountId?: number | undefined;
  page: number;
  pageSize: number;
};

/** A client's transactions, newest first, through the (client_id, booked_at) index. */
export async function listTransactions(tx: Tx, clientIds: number[], f: TransactionFilters) {
  let base = tx
    .selectFrom('transactions as t')
    .where((eb) =>
      clientIds.length === 1 ? eb('t.client_id', '=', clientIds[0]!) : eb('t.client_id', 'in', clientIds),
    );
  if (f.fromAt) base = base.where('t.booked_at', '>=', f.fromAt);
  if (f.toAt) base = base.where('t.booked_at', '<', f.toAt);
  if (f.minAmountMinor !== undefined) base = base.where('t.amount_minor', '>=', f.minAmountMinor);
  if (f.maxAmountMinor !== undefined) base = base.where('t.amount_minor', '<=', f.maxAmountMinor);
  if (f.category) base = base.where('t.category', '=', f.category);
  if (f.channel) base = base.where('t.channel', '=', f.channel);
  if (f.direction) base = base.where('t.direction', '=', f.direction);
  if (f.accountId) base = base.where('t.account_id', '=', f.accountId);
  const rows = await base
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select([
      't.id',
      't.account_id',
      'a.account_no_enc',
      't.booked_at',
      't.amount_minor',
      't.direction',
      't.currency',
      't.channel',
      't.category',
      't.merchant_category',
      't.counterparty_name_enc',
      't.counterparty_account_enc',
      't.balance_after_minor',
      't.description',
    ])
    .orderBy('t.booked_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

export type TransactionRow = Awaited<ReturnType<typeof listTransactions>>['rows'][number];
