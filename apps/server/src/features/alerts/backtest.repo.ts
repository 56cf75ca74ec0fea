import { sql } from 'kysely';
import type { Db } from '../../db/dialect.ts';

/** Clients with transactions, in id order, with kind and tier; after `afterId`, at most `limit`. */
export async function listClientsWithTransactions(db: Db, afterId: number, limit: number) {
  return db
    .selectFrom('clients as c')
    .select(['c.id', 'c.kind', 'c.tier'])
    .where('c.id', '>', afterId)
    .where((eb) =>
      eb.exists(eb.selectFrom('transactions as t').select('t.id').whereRef('t.client_id', '=', 'c.id')),
    )
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/** The clients' transactions in booking order, with what the rules need of their accounts. */
export async function listHistory(db: Db, clientIds: number[], from?: string, to?: string) {
  let q = db
    .selectFrom('transactions as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select([
      't.id',
      't.client_id',
      't.account_id',
      't.booked_at',
      't.amount_minor',
      't.direction',
      't.currency',
      't.category',
      't.counterparty_hash',
      't.balance_after_minor',
      'a.kind',
      'a.limit_minor',
      'a.used_minor',
      'a.days_past_due',
    ])
    .where('t.client_id', 'in', clientIds);
  if (from) q = q.where('t.booked_at', '>=', from);
  if (to) q = q.where('t.booked_at', '<', to);
  return q.orderBy('t.client_id').orderBy('t.booked_at').orderBy('t.id').execute();
}

/** Each client's first loan: when it was granted and whether any of its loans went bad. */
export async function listLoanOutcomes(db: Db, clientIds: number[]) {
  return db
    .selectFrom('accounts')
    .select([
      'client_id',
      (eb) => eb.fn.min('opened_on').as('first_loan_on'),
      sql<number>`max(case when classification in ('substandard', 'doubtful', 'loss') then 1 else 0 end)`.as(
        'bad',
      ),
    ])
    .where('kind', '=', 'loan')
    .where('client_id', 'in', clientIds)
    .groupBy('client_id')
    .execute();
}
