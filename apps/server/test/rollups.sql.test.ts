import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/schema.ts';
import { addRollups, positionChanges, topCounterparties } from '../src/features/transactions/rollups.repo.ts';

/** A database that runs nothing and keeps the SQL each statement compiles to. */
function recorder(name: 'sqlite' | 'postgres') {
  const sqls: string[] = [];
  const [Adapter, Compiler, Introspector] =
    name === 'sqlite'
      ? ([SqliteAdapter, SqliteQueryCompiler, SqliteIntrospector] as const)
      : ([PostgresAdapter, PostgresQueryCompiler, PostgresIntrospector] as const);
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new Adapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new Introspector(k),
      createQueryCompiler: () => new Compiler(),
    },
    log: (e) => {
      sqls.push(e.query.sql.replace(/\$\d+/g, '?'));
    },
  });
  return { db, sqls };
}

/**
 * The rollup writes and the heaviest rollup reads, as each dialect compiles them. A reviewer sees
 * what runs: additive upserts (`x = x + excluded.x`, the same text on both), and reads bounded by
 * the client's key.
 */
describe.each(['sqlite', 'postgres'] as const)('rollup SQL (%s)', (name) => {
  it('adds to rollup rows instead of rewriting them', async () => {
    const { db, sqls } = recorder(name);
    await addRollups(db, {
      accountDays: [{ accountId: 1, clientId: 2, day: '2026-11-01', changeMinor: 5 }],
      clientDays: [
        { clientId: 2, day: '2026-11-01', currency: 'CNY', assetsChangeMinor: 5, liabilitiesChangeMinor: 0 },
      ],
      clientMonths: [],
      counterparties: [],
    });
    expect(sqls).toEqual([
      'insert into "account_daily_balances" ("account_id", "day", "client_id", "change_minor") values (?, ?, ?, ?) on conflict ("account_id", "day") do update set "change_minor" = "account_daily_balances"."change_minor" + "excluded"."change_minor"',
      'insert into "client_daily_positions" ("client_id", "day", "currency", "assets_change_minor", "liabilities_change_minor") values (?, ?, ?, ?, ?) on conflict ("client_id", "day", "currency") do update set "assets_change_minor" = "client_daily_positions"."assets_change_minor" + "excluded"."assets_change_minor", "liabilities_change_minor" = "client_daily_positions"."liabilities_change_minor" + "excluded"."liabilities_change_minor"',
    ]);
  });

  it('reads the daily series and the top counterparties by the client’s key only', async () => {
    const { db, sqls } = recorder(name);
    await positionChanges(db, [2], '2024-11-30', '2026-11-29');
    await topCounterparties(db, [2], '2025-12', '2026-11', 10);
    expect(sqls).toEqual([
      'select "day", "currency", sum("assets_change_minor") as "assets", sum("liabilities_change_minor") as "liabilities" from "client_daily_positions" where "client_id" in (?) and "day" >= ? and "day" <= ? group by "day", "currency" order by "day"',
      `select "counterparty_hash", "currency", sum(case when direction = 'credit' then amount_minor else 0 end) as "inflow", sum(case when direction = 'debit' then amount_minor else 0 end) as "outflow", sum("count") as "count", max("name_enc") as "name_enc", max("account_enc") as "account_enc" from "client_counterparty_flows" where "client_id" in (?) and "month" >= ? and "month" <= ? group by "counterparty_hash", "currency" order by sum(amount_minor) desc, "counterparty_hash" limit ?`,
    ]);
  });
});
