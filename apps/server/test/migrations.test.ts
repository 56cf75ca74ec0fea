import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.ts';
import { financeSummary } from '../src/features/transactions/finance.service.ts';
import { ingestTransactions } from '../src/features/transactions/transactions.service.ts';
import { makeAccount, txn } from './support/accounts.ts';
import { DIALECTS, type TestDb, openTestDb } from './support/db.ts';
import { ctxFor, makeIndividual, makeUser } from './support/factories.ts';

const ROLLUPS = [
  'account_daily_balances',
  'client_daily_positions',
  'client_monthly_flows',
  'client_counterparty_flows',
];

describe.each(DIALECTS)('migration 12: lean rollups (%s)', (dialect) => {
  let t: TestDb | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('keeps every rollup row, drops their foreign keys, and ingest goes on as before', async () => {
    t = await openTestDb(dialect, { migrateTo: '2026-11-29-11-loan-security' });
    const { deps } = t;
    const rm = await makeUser(deps, 'rm');
    const feed = await makeUser(deps, 'integration');
    const client = await makeIndividual(deps, rm);
    const account = await makeAccount(deps, rm, client.id);
    const ingest = (ids: string[], day: string) =>
      ingestTransactions(ctxFor(deps, feed), {
        source: 'core_banking',
        transactions: ids.map((id, i) =>
          txn(account.number, id, {
            bookedAt: `${day}T0${i}:00:00.000Z`,
            amountMinor: 10_000 * (i + 1),
            counterpartyName: '北京某某科技有限公司',
            counterpartyAccount: '6217000000000000001',
          }),
        ),
      });
    await ingest(['M-1', 'M-2', 'M-3'], '2026-10-05');
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const table of ROLLUPS)
        out[table] = Number(
          (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(deps.db)).rows[0]!
            .n,
        );
      return out;
    };
    const before = await counts();
    expect(Object.values(before).every((n) => n > 0)).toBe(true);
    const summaryBefore = await financeSummary(ctxFor(deps, rm), client.id);

    expect(await migrateToLatest(deps.db, deps.dialect)).toContain('2026-11-29-12-lean-rollups');
    expect(await counts()).toEqual(before);
    expect(await financeSummary(ctxFor(deps, rm), client.id)).toEqual(summaryBefore);

    const foreignKeys =
      dialect === 'sqlite'
        ? await sql<{
            n: number;
          }>`select count(*) as n from sqlite_master m, pragma_foreign_key_list(m.name) f
            where m.name in (${sql.join(ROLLUPS)})`.execute(deps.db)
        : await sql<{ n: number }>`select count(*) as n from information_schema.table_constraints
            where constraint_type = 'FOREIGN KEY' and table_name in (${sql.join(ROLLUPS)})`.execute(deps.db);
    expect(Number(foreignKeys.rows[0]!.n)).toBe(0);
    if (dialect === 'sqlite') {
      const tables = await sql<{ sql: string }>`select sql from sqlite_master
        where type = 'table' and name in (${sql.join(ROLLUPS)})`.execute(deps.db);
      expect(tables.rows).toHaveLength(4);
      for (const r of tables.rows) expect(r.sql.toLowerCase()).toMatch(/without rowid$/);
    }

    // Later transactions add to the copied rows: one more on the same day and counterparty.
    await ingest(['M-4'], '2026-10-05');
    const after = await financeSummary(ctxFor(deps, rm), client.id);
    const inflow = (s: typeof after) => s.topCounterparties.reduce((sum, c) => sum + c.inflowMinor, 0);
    expect(inflow(after) - inflow(summaryBefore)).toBe(10_000);
  });
});
