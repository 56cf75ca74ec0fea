import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../src/db/dialect.ts';
import type { Database } from '../src/db/schema.ts';
import { addRollups } from '../src/features/transactions/rollups.repo.ts';

/**
 * On PostgreSQL a large batch of rollup changes goes in as one statement of column arrays: the
 * same additive upsert as the one-row form (rollups.sql.test.ts), its VALUES replaced by unnest.
 */
describe('rollup SQL for large batches (postgres)', () => {
  it('sends one unnest statement with the additive upsert, parameters one array per column', async () => {
    const sqls: { sql: string; parameters: readonly unknown[] }[] = [];
    const db = new Kysely<Database>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (k) => new PostgresIntrospector(k),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
      log: (e) => {
        sqls.push({ sql: e.query.sql, parameters: e.query.parameters });
      },
    });
    const accountDays = Array.from({ length: 100 }, (_, i) => ({
      accountId: i + 1,
      clientId: 7,
      day: '2026-11-01',
      changeMinor: i * 10,
    }));
    await addRollups(
      db,
      { accountDays, clientDays: [], clientMonths: [], counterparties: [] },
      postgresDialect,
    );
    expect(sqls.map((s) => s.sql)).toEqual([
      'insert into "account_daily_balances" ("account_id", "day", "client_id", "change_minor") select * from unnest($1::bigint[], $2::date[], $3::bigint[], $4::bigint[]) on conflict ("account_id", "day") do update set "change_minor" = "account_daily_balances"."change_minor" + "excluded"."change_minor"',
    ]);
    const [ids, days, clients, changes] = sqls[0]!.parameters as number[][];
    expect(ids).toEqual(accountDays.map((a) => a.accountId));
    expect(days).toHaveLength(100);
    expect(clients!.every((c) => c === 7)).toBe(true);
    expect(changes![99]).toBe(990);
  });
});
