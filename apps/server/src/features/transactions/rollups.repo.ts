import { sql } from 'kysely';
import type { Dialect, Tx } from '../../db/dialect.ts';
import type { Rollups } from '../../finance/ledger.ts';
import { runColumnArrays } from '../accounts/accounts.repo.ts';

/** What a counterparty rollup row keeps of the newest transaction with it: sealed name and number. */
export type SealedCounterparty = { nameEnc: string | null; accountEnc: string };

/**
 * Adds rollup changes. Every row is `x = x + excluded.x`, so batches commute and concurrent writers
 * never read-modify-write a rollup. Each key comes once per call (the ledger merged them) and in a
 * stable order, so two writers take row locks in the same order.
 */
export async function addRollups(
  tx: Tx,
  r: Rollups<SealedCounterparty | undefined>,
  /** With it, large batches go in as column arrays where the dialect prefers them. */
  d?: Dialect,
): Promise<void> {
  const accountDays = r.accountDays.map((a) => ({
    account_id: a.accountId,
    day: a.day,
    client_id: a.clientId,
    change_minor: a.changeMinor,
  }));
  await runColumnArrays(
    tx,
    d,
    'account_daily_balances',
    accountDays,
    { account_id: 'bigint', day: 'date', client_id: 'bigint', change_minor: 'bigint' },
    (part) =>
      tx
        .insertInto('account_daily_balances')
        .values(part)
        .onConflict((oc) =>
          oc.columns(['account_id', 'day']).doUpdateSet((eb) => ({
            change_minor: eb('account_daily_balances.change_minor', '+', eb.ref('excluded.change_minor')),
          })),
        ),
  );
  const clientDays = r.clientDays.map((c) => ({
    client_id: c.clientId,
    day: c.day,
    currency: c.currency,
    assets_change_minor: c.assetsChangeMinor,
    liabilities_change_minor: c.liabilitiesChangeMinor,
  }));
  await runColumnArrays(
    tx,
    d,
    'client_daily_positions',
    clientDays,
    {
      client_id: 'bigint',
      day: 'date',
      currency: 'text',
      assets_change_minor: 'bigint',
      liabilities_change_minor: 'bigint',
    },
    (part) =>
      tx
        .insertInto('client_daily_positions')
        .values(part)
        .onConflict((oc) =>
          oc.columns(['client_id', 'day', 'currency']).doUpdateSet((eb) => ({
            assets_change_minor: eb(
              'client_daily_positions.assets_change_minor',
              '+',
              eb.ref('excluded.assets_change_minor'),
            ),
            liabilities_change_minor: eb(
              'client_daily_positions.liabilities_change_minor',
              '+',
              eb.ref('excluded.liabilities_change_minor'),
            ),
          })),
        ),
  );
  const clientMonths = r.clientMonths.map((m) => ({
    client_id: m.clientId,
    month: m.month,
    currency: m.currency,
    category: m.category,
    direction: m.direction,
    amount_minor: m.amountMinor,
    count: m.count,
  }));
  await runColumnArrays(
    tx,
    d,
    'client_monthly_flows',
    clientMonths,
    {
      client_id: 'bigint',
      month: 'text',
      currency: 'text',
      category: 'text',
      direction: 'text',
      amount_minor: 'bigint',
      count: 'integer',
    },
    (part) =>
      tx
        .insertInto('client_monthly_flows')
        .values(part)
        .onConflict((oc) =>
          oc.columns(['client_id', 'month', 'currency', 'category', 'direction']).doUpdateSet((eb) => ({
            amount_minor: eb('client_monthly_flows.amount_minor', '+', eb.ref('excluded.amount_minor')),
            count: eb('client_monthly_flows.count', '+', eb.ref('excluded.count')),
          })),
        ),
  );
  const counterparties = r.counterparties.flatMap((f) =>
    f.latest
      ? [
          {
            client_id: f.clientId,
            month: f.month,
            counterparty_hash: f.key,
            currency: f.currency,
            direction: f.direction,
            amount_minor: f.amountMinor,
            count: f.count,
            name_enc: f.latest.nameEnc,
            account_enc: f.latest.accountEnc,
          },
        ]
      : [],
  );
  await runColumnArrays(
    tx,
    d,
    'client_counterparty_flows',
    counterparties,
    {
      client_id: 'bigint',
      month: 'text',
      counterparty_hash: 'text',
      currency: 'text',
      direction: 'text',
      amount_minor: 'bigint',
      count: 'integer',
      name_enc: 'text',
      account_enc: 'text',
    },
    (part) =>
      tx
        .insertInto('client_counterparty_flows')
        .values(part)
        .onConflict((oc) =>
          oc
            .columns(['client_id', 'month', 'counterparty_hash', 'currency', 'direction'])
            .doUpdateSet((eb) => ({
              amount_minor: eb(
                'client_counterparty_flows.amount_minor',
                '+',
                eb.ref('excluded.amount_minor'),
              ),
              count: eb('client_counterparty_flows.count', '+', eb.ref('excluded.count')),
              name_enc: eb.fn.coalesce('excluded.name_enc', 'client_counterparty_flows.name_enc'),
              account_enc: eb.ref('excluded.account_enc'),
            })),
        ),
  );
}

/** Assets and liabilities per currency at the close of the day before `day`: the sum of all earlier changes. */
export async function positionsBefore(tx: Tx, clientIds: number[], day: string) {
  return tx
    .selectFrom('client_daily_positions')
    .select((eb) => [
      'currency',
      eb.fn.sum<number>('assets_change_minor').as('assets'),
      eb.fn.sum<number>('liabilities_change_minor').as('liabilities'),
    ])
    .where('client_id', 'in', clientIds)
    .where('day', '<', day)
    .groupBy('currency')
    .execute();
}

/** The changes of each day from `from` to `to`, per currency, in day order. */
export async function positionChanges(tx: Tx, clientIds: number[], from: string, to: string) {
  return tx
    .selectFrom('client_daily_positions')
    .select((eb) => [
      'day',
      'currency',
      eb.fn.sum<number>('assets_change_minor').as('assets'),
      eb.fn.sum<number>('liabilities_change_minor').as('liabilities'),
    ])
    .where('client_id', 'in', clientIds)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['day', 'currency'])
    .orderBy('day')
    .execute();
}

/** Flows by month, currency, category and direction, months `from`..`to` (YYYY-MM). */
export async function monthlyFlows(tx: Tx, clientIds: number[], from: string, to: string) {
  return tx
    .selectFrom('client_monthly_flows')
    .select((eb) => [
      'month',
      'currency',
      'category',
      'direction',
      eb.fn.sum<number>('amount_minor').as('amount'),
      eb.fn.sum<number>('count').as('count'),
    ])
    .where('client_id', 'in', clientIds)
    .where('month', '>=', from)
    .where('month', '<=', to)
    .groupBy(['month', 'currency', 'category', 'direction'])
    .orderBy('month')
    .orderBy('currency')
    .orderBy('category')
    .orderBy('direction')
    .execute();
}

/**
 * The largest counterparties over months `from`..`to` by amount moved either way. Reads the
 * client's counterparty rollup rows of those months only (one per counterparty, month and
 * direction), however many transactions lie behind them.
 */
export async function topCounterparties(
  tx: Tx,
  clientIds: number[],
  from: string,
  to: string,
  limit: number,
) {
  const inflow = sql<number>`sum(case when direction = 'credit' then amount_minor else 0 end)`;
  const outflow = sql<number>`sum(case when direction = 'debit' then amount_minor else 0 end)`;
  return tx
    .selectFrom('client_counterparty_flows')
    .select((eb) => [
      'counterparty_hash',
      'currency',
      inflow.as('inflow'),
      outflow.as('outflow'),
      eb.fn.sum<number>('count').as('count'),
      eb.fn.max('name_enc').as('name_enc'),
      eb.fn.max('account_enc').as('account_enc'),
    ])
    .where('client_id', 'in', clientIds)
    .where('month', '>=', from)
    .where('month', '<=', to)
    .groupBy(['counterparty_hash', 'currency'])
    .orderBy(sql`sum(amount_minor)`, 'desc')
    .orderBy('counterparty_hash')
    .limit(limit)
    .execute();
}
