import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.ts';
import { installDefaultRules } from '../src/features/alerts/rules.service.ts';
import { payeeId, payeeList } from '../src/rules/payees.ts';
import { dayNumberOf, readState } from '../src/rules/state.ts';
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
    // Rows as migration 09's tables hold them (today's ingest needs the later migrations).
    const c = client.id;
    const a = account.id;
    await sql`insert into account_daily_balances (account_id, day, client_id, change_minor) values (${a}, ${'2026-10-05'}, ${c}, 60000)`.execute(
      deps.db,
    );
    await sql`insert into client_daily_positions (client_id, day, currency, assets_change_minor, liabilities_change_minor) values (${c}, ${'2026-10-05'}, 'CNY', 60000, 0)`.execute(
      deps.db,
    );
    await sql`insert into client_monthly_flows (client_id, month, currency, category, direction, amount_minor, count) values (${c}, '2026-10', 'CNY', 'transfer_in', 'credit', 60000, 3)`.execute(
      deps.db,
    );
    await sql`insert into client_counterparty_flows (client_id, month, counterparty_hash, currency, direction, amount_minor, count, name_enc, account_enc) values (${c}, '2026-10', 'h1', 'CNY', 'credit', 60000, 3, null, ${deps.vault.encrypt('6217000000000000009')})`.execute(
      deps.db,
    );
    const contents = async () => {
      const out: Record<string, unknown[]> = {};
      for (const table of ROLLUPS)
        out[table] = (
          await sql`select * from ${sql.table(table)} order by 1, 2, 3`.execute(deps.db)
        ).rows.map((r) => Object.fromEntries(Object.entries(r as object).map(([k, v]) => [k, String(v)])));
      return out;
    };
    const before = await contents();
    expect(Object.values(before).every((rows) => rows.length === 1)).toBe(true);

    expect(await migrateToLatest(deps.db, deps.dialect)).toContain('2026-11-29-12-lean-rollups');
    expect(await contents()).toEqual(before);
    const summaryBefore = await financeSummary(ctxFor(deps, rm), client.id);

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

    // Later transactions add to the copied rows: the same day, month and direction.
    await ingest(['M-4'], '2026-10-05');
    const after = await contents();
    expect(after.client_monthly_flows).toEqual([
      { ...(before.client_monthly_flows![0] as object), amount_minor: '70000', count: '4' },
    ]);
    expect(after.account_daily_balances).toEqual([
      { ...(before.account_daily_balances![0] as object), change_minor: '70000' },
    ]);
    expect((await financeSummary(ctxFor(deps, rm), client.id)).topCounterparties.length).toBe(
      summaryBefore.topCounterparties.length + 1,
    );
  });
});

describe.each(DIALECTS)('migration 14: warning state revisions (%s)', (dialect) => {
  let t: TestDb | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('leaves saved states to be read from their rows (an earlier layout too) by the next batch', async () => {
    t = await openTestDb(dialect, { migrateTo: '2026-11-29-13-early-warning' });
    const { deps } = t;
    const rm = await makeUser(deps, 'rm');
    const feed = await makeUser(deps, 'integration');
    const client = await makeIndividual(deps, rm);
    const account = await makeAccount(deps, rm, client.id, {
      balanceMinor: 1_000_000_00,
      balanceAsOf: '2026-10-01T00:00:00.000Z',
    });
    // A state as session 4 stored it: a payee known, and balance_drain fired two hours before.
    const v2 = {
      v: 2,
      days: [],
      balances: { CNY: { [account.id]: 1_000_000_00 } },
      closes: { CNY: [dayNumberOf('2026-11-01'), 1_000_000_00] },
      outflows: [],
      inflows: { salary: [Date.parse('2026-10-25T01:00:00.000Z')] },
      lastAt: {},
      counterparties: ['Zx9-_aB3kQ'],
      fired: { balance_drain: Date.parse('2026-11-02T00:00:00.000Z') },
    };
    await deps.db
      .insertInto('warning_states')
      .values({
        client_id: client.id,
        state: JSON.stringify(v2),
        updated_at: '2026-11-02T00:00:00.000Z',
      } as never)
      .execute();
    await migrateToLatest(deps.db, deps.dialect);
    await installDefaultRules(deps);
    const row = () =>
      deps.db
        .selectFrom('warning_states')
        .select(['state', 'revision'])
        .where('client_id', '=', client.id)
        .executeTakeFirstOrThrow();
    expect((await row()).revision).toBe('');
    if (dialect === 'postgres') {
      const storage = await sql<{ attstorage: string }>`select attstorage from pg_attribute
        where attrelid = 'warning_states'::regclass and attname = 'state'`.execute(deps.db);
      expect(storage.rows[0]!.attstorage).toBe('e');
    }
    // 70 % goes: balance_drain holds, but within the cool-down of the stored state: no alert.
    await ingestTransactions(ctxFor(deps, feed), {
      source: 'core_banking',
      transactions: [
        txn(account.number, 'R14-1', {
          bookedAt: '2026-11-02T02:00:00.000Z',
          amountMinor: 700_000_00,
          direction: 'debit',
          category: 'transfer_out',
          balanceAfterMinor: 300_000_00,
        }),
      ],
    });
    const alerts = await deps.db
      .selectFrom('alerts')
      .select('id')
      .where('client_id', '=', client.id)
      .execute();
    expect(alerts).toEqual([]);
    const after = await row();
    expect(after.revision).not.toBe('');
    const state = readState(after.state);
    expect(payeeList(state.counterparties)).toEqual([payeeId('Zx9-_aB3kQ')]);
    expect(state.inflows.salary).toEqual([Date.parse('2026-10-25T01:00:00.000Z')]);
    expect(state.totals.CNY).toBe(300_000_00);
  });
});
