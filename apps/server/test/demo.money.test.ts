import {
  AccountBatch,
  type RiskTolerance,
  type Tier,
  TransactionItem,
  type TransactionItem as Item,
} from '@dossier/contract';
import { describe, expect, it } from 'vitest';
import { accountIssues } from '../src/features/accounts/accounts.rules.ts';
import {
  type DemoAccount,
  type MoneyClient,
  WARNING_STORIES,
  type WarningStory,
  generateMoney,
  pickStories,
} from '../src/features/demo/demo.money.ts';
import { seedDemoBank } from '../src/features/demo/demo.seed.ts';
import { addDays, bankDay, signedAmount } from '../src/finance/ledger.ts';
import { DIALECTS, openTestDb } from './support/db.ts';

const NOW = new Date('2026-11-29T02:00:00.000Z');
const TODAY = '2026-11-29';
const TIERS: Tier[] = ['private', 'diamond', 'platinum', 'gold', 'standard'];
const TOLERANCES: RiskTolerance[] = ['C1', 'C2', 'C3', 'C4', 'C5'];

function client(id: number, over: Partial<MoneyClient> = {}): MoneyClient {
  const corporate = id % 5 === 0;
  return {
    id,
    kind: corporate ? 'corporate' : 'individual',
    name: corporate ? '上海华信科技有限公司' : '王芳',
    tier: TIERS[id % TIERS.length]!,
    riskTolerance: corporate ? null : TOLERANCES[(id * 3) % 5]!,
    employer: corporate ? null : '华信科技有限公司',
    annualRevenueMinor: corporate ? 80_000_000_00 : null,
    employees: corporate ? 120 : null,
    ...over,
  };
}

/** Replays each account's transactions from its stated opening: every balance-after must follow. */
function replay(accounts: DemoAccount[], txs: Item[]) {
  const byNo = new Map(accounts.map((a) => [a.accountNo, { a, balance: a.balanceMinor ?? 0 }]));
  for (const t of txs) {
    const s = byNo.get(t.accountNo)!;
    s.balance += signedAmount(s.a.kind, t.direction, t.amountMinor);
    expect(t.balanceAfterMinor, `${t.externalId}`).toBe(s.balance);
  }
  return new Map([...byNo].map(([n, s]) => [n, s.balance]));
}

const within = (t: Item, days: number) => bankDay(t.bookedAt) > addDays(TODAY, -days);

describe('demo money (pure)', () => {
  it('is the same for the same seed and client, and another for another seed', () => {
    const a = generateMoney(7, client(12), NOW, { transactions: true, story: null });
    const b = generateMoney(7, client(12), NOW, { transactions: true, story: null });
    const c = generateMoney(8, client(12), NOW, { transactions: true, story: null });
    expect(b).toEqual(a);
    expect(c.transactions.map((t) => t.amountMinor)).not.toEqual(a.transactions.map((t) => t.amountMinor));
  });

  it('makes accounts and transactions the contract and the account rules accept, balances that follow, nothing in the future', () => {
    for (let id = 1; id <= 25; id++) {
      const c = client(id);
      const m = generateMoney(3, c, NOW, { transactions: true, story: null });
      AccountBatch.parse({ source: 'core_banking', accounts: m.accounts });
      for (const a of m.accounts) {
        expect(accountIssues(a, TODAY), `${id} ${a.productName}`).toEqual([]);
        expect(a.clientId).toBe(id);
        // Holdings suit the client: R-level at most the C-level (companies: R1–R2 cash products).
        if (a.kind === 'investment')
          expect(Number(a.riskLevel!.slice(1))).toBeLessThanOrEqual(
            c.riskTolerance ? Number(c.riskTolerance.slice(1)) : 2,
          );
      }
      const numbers = new Set(m.accounts.map((a) => a.accountNo));
      const opened = new Map(m.accounts.map((a) => [a.accountNo, a.openedOn]));
      for (const t of m.transactions) {
        TransactionItem.parse(t);
        expect(numbers.has(t.accountNo)).toBe(true);
        expect(Date.parse(t.bookedAt)).toBeLessThanOrEqual(NOW.getTime());
        expect(bankDay(t.bookedAt) >= opened.get(t.accountNo)!).toBe(true);
        expect(bankDay(t.bookedAt) >= addDays(TODAY, -730)).toBe(true);
      }
      const final = replay(m.accounts, m.transactions);
      for (const [, b] of final) expect(b).toBeGreaterThanOrEqual(0);
      expect(new Set(m.transactions.map((t) => t.externalId)).size).toBe(m.transactions.length);
      expect(m.transactions.length).toBeGreaterThan(200);
    }
  });

  it('pays a salaried client on a fixed day each month, and a company pays its staff and collects from customers', () => {
    const person = generateMoney(3, client(1), NOW, { transactions: true, story: null });
    const salaries = person.transactions.filter(
      (t) => t.category === 'salary' && t.description === '代发工资',
    );
    expect(salaries.length).toBeGreaterThanOrEqual(23);
    expect(new Set(salaries.map((t) => bankDay(t.bookedAt).slice(8))).size).toBe(1);
    const company = generateMoney(3, client(5), NOW, { transactions: true, story: null });
    const cats = new Set(company.transactions.map((t) => `${t.category}/${t.direction}`));
    for (const k of [
      'salary/debit',
      'transfer_in/credit',
      'transfer_out/debit',
      'fee/debit',
      'interest/credit',
    ])
      expect(cats).toContain(k);
    // December is busier than an ordinary month for a company.
    const inMonth = (m: string) =>
      company.transactions.filter((t) => t.category === 'transfer_in' && bankDay(t.bookedAt).startsWith(m))
        .length;
    expect(inMonth('2025-12')).toBeGreaterThan(inMonth('2025-08'));
  });

  it('gives clients without transactions their holdings as of the window start', () => {
    const m = generateMoney(3, client(2), NOW, { transactions: false, story: null });
    expect(m.transactions).toEqual([]);
    expect(m.accounts.length).toBeGreaterThan(1);
    for (const a of m.accounts) expect(a.balanceMinor).toBeGreaterThanOrEqual(0);
  });

  it('picks about 1 in 200 clients for warning stories, every kind at least once', () => {
    const clients = Array.from({ length: 2000 }, (_, i) => client(i + 1));
    const stories = pickStories(9, clients);
    expect(stories.size).toBe(10);
    expect(new Set(stories.values())).toEqual(new Set(WARNING_STORIES));
    expect(pickStories(9, clients)).toEqual(stories);
  });

  const story = (s: WarningStory, c: MoneyClient) => {
    const m = generateMoney(5, c, NOW, { transactions: true, story: s });
    return { m, balances: replay(m.accounts, m.transactions) };
  };

  it('balance_drain: a sudden large outflow empties the current account', () => {
    for (const c of [client(3), client(10)]) {
      const { m, balances } = story('balance_drain', c);
      const demand = m.accounts.find((a) => a.kind === 'demand_deposit')!;
      const out = m.transactions.filter((t) => t.accountNo === demand.accountNo && within(t, 60));
      const big = out.find((t) => t.direction === 'debit' && t.description === '转账')!;
      expect(big).toBeDefined();
      // The transfer took at least nine tenths of what was there.
      expect(big.amountMinor / (big.balanceAfterMinor! + big.amountMinor)).toBeGreaterThan(0.89);
      // Weeks later the account holds well under half of what it held before.
      expect(balances.get(demand.accountNo)!).toBeLessThan((big.amountMinor + big.balanceAfterMinor!) / 2);
    }
  });

  it('salary_stopped: salary every month, then none in the last 60 days', () => {
    const { m } = story('salary_stopped', client(4));
    const salary = m.transactions.filter((t) => t.category === 'salary');
    expect(salary.filter((t) => !within(t, 60)).length).toBeGreaterThan(18);
    expect(salary.filter((t) => within(t, 60))).toEqual([]);
  });

  it('loan_arrears: repayments stop, days past due rise and the loan is downgraded to special mention', () => {
    for (const c of [client(7), client(15)]) {
      const { m } = story('loan_arrears', c);
      const loan = m.accounts.find((a) => a.kind === 'loan')!;
      expect(loan.classification).toBe('special_mention');
      // Past 30 days, where the 30-day overdue rule looks; within the 70 days the story spans.
      expect(loan.daysPastDue!).toBeGreaterThanOrEqual(30);
      expect(loan.daysPastDue!).toBeLessThanOrEqual(70);
      const repaid = m.transactions.filter((t) => t.category === 'loan_repayment' && within(t, 45));
      expect(repaid.filter((t) => t.accountNo === loan.accountNo)).toEqual([]);
    }
  });

  it('credit_line_maxed: drawings in the last 60 days take the loan to the facility limit', () => {
    const { m, balances } = story('credit_line_maxed', client(20));
    const facility = m.accounts.find((a) => a.kind === 'credit_facility')!;
    const loan = m.accounts.find((a) => a.kind === 'loan')!;
    expect(facility.usedMinor).toBe(facility.limitMinor);
    expect(balances.get(loan.accountNo)).toBe(facility.limitMinor);
    const draws = m.transactions.filter(
      (t) => t.accountNo === loan.accountNo && t.category === 'loan_disbursement' && within(t, 60),
    );
    expect(draws.length).toBeGreaterThanOrEqual(2);
  });
});

describe.each(DIALECTS)('demo money seeded through the ingest path (%s)', (dialect) => {
  it('every transaction is its client account’s, balances and rollups agree, stories are there', async () => {
    const t = await openTestDb(dialect);
    const r = await seedDemoBank(t.deps, {
      clients: 24,
      seed: 11,
      password: 'Seed-Test-Password-1',
      now: NOW,
    });
    const db = t.deps.db;
    expect(r.money.clientsWithTransactions).toBe(24);
    expect(r.money.stories.map((s) => s.story).sort()).toEqual([...WARNING_STORIES].sort());
    const n = await db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(r.money.transactions);
    expect(r.money.transactions).toBeGreaterThan(10_000);

    // Every transaction's account belongs to its client.
    const foreign = await db
      .selectFrom('transactions as x')
      .innerJoin('accounts as a', 'a.id', 'x.account_id')
      .whereRef('a.client_id', '!=', 'x.client_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(foreign.n)).toBe(0);

    // The stored balance is the newest balance-after, and the sum of the account's daily changes.
    const accounts = await db.selectFrom('accounts').selectAll().execute();
    const days = await db
      .selectFrom('account_daily_balances')
      .select(['account_id', (eb) => eb.fn.sum<number>('change_minor').as('total')])
      .groupBy('account_id')
      .execute();
    const dayTotal = new Map(days.map((d) => [Number(d.account_id), Number(d.total)]));
    const last = await db
      .selectFrom('transactions')
      .select(['account_id', 'balance_after_minor', 'booked_at', 'id'])
      .orderBy('account_id')
      .orderBy('booked_at')
      .orderBy('id')
      .execute();
    const newest = new Map(last.map((x) => [Number(x.account_id), Number(x.balance_after_minor)]));
    for (const a of accounts) {
      if (newest.has(Number(a.id))) expect(Number(a.balance_minor)).toBe(newest.get(Number(a.id)));
      expect(dayTotal.get(Number(a.id)) ?? 0).toBe(
        a.kind === 'credit_facility' ? 0 : Number(a.balance_minor),
      );
    }
    // A client's assets today are the sum of its deposits and holdings.
    const positions = await db
      .selectFrom('client_daily_positions')
      .select(['client_id', (eb) => eb.fn.sum<number>('assets_change_minor').as('assets')])
      .groupBy('client_id')
      .execute();
    for (const p of positions) {
      const held = accounts
        .filter(
          (a) =>
            Number(a.client_id) === Number(p.client_id) &&
            ['demand_deposit', 'time_deposit', 'investment'].includes(a.kind),
        )
        .reduce((s, a) => s + Number(a.balance_minor), 0);
      expect(Number(p.assets)).toBe(held);
    }

    // The stories, as stored.
    const of = (s: WarningStory) => r.money.stories.find((x) => x.story === s)!.clientId;
    const arrears = accounts.find((a) => Number(a.client_id) === of('loan_arrears') && a.kind === 'loan')!;
    expect(arrears.classification).toBe('special_mention');
    expect(Number(arrears.days_past_due)).toBeGreaterThanOrEqual(30);
    const facility = accounts.find(
      (a) => Number(a.client_id) === of('credit_line_maxed') && a.kind === 'credit_facility',
    )!;
    expect(Number(facility.used_minor)).toBe(Number(facility.limit_minor));
    const lastSalary = await db
      .selectFrom('transactions')
      .select((eb) => eb.fn.max('booked_at').as('at'))
      .where('client_id', '=', of('salary_stopped'))
      .where('category', '=', 'salary')
      .executeTakeFirstOrThrow();
    expect(bankDay(String(lastSalary.at)) <= addDays(TODAY, -60)).toBe(true);

    // Each story raises the alert a risk officer expects of it, on that client.
    const raised = await db
      .selectFrom('alerts as a')
      .innerJoin('warning_rules as w', 'w.id', 'a.rule_id')
      .select(['a.client_id', 'w.code'])
      .execute();
    const expected: Record<WarningStory, string> = {
      balance_drain: 'balance_drain',
      salary_stopped: 'salary_stopped',
      loan_arrears: 'loan_overdue_30',
      credit_line_maxed: 'credit_line_maxed',
    };
    for (const s of WARNING_STORIES)
      expect(
        raised.some((a) => Number(a.client_id) === of(s) && a.code === expected[s]),
        `${s} on client ${of(s)}`,
      ).toBe(true);
    await t.close();
  }, 120_000);
});

describe('demo money, transactions deferred (first start)', () => {
  it('holds back the clients with transactions until asked, then it is the same bank', async () => {
    const count = async (t: Awaited<ReturnType<typeof openTestDb>>, table: 'transactions' | 'accounts') =>
      Number(
        (
          await t.deps.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const now = await openTestDb('sqlite');
    const later = await openTestDb('sqlite');
    const opts = { clients: 10, seed: 6, password: 'Seed-Test-Password-1', now: NOW };
    const a = await seedDemoBank(now.deps, opts);
    const b = await seedDemoBank(later.deps, { ...opts, deferTransactions: true });
    expect(a.fillTransactions).toBeNull();
    // All ten are among the top 100: nothing of theirs yet, and the stories are already named.
    expect(await count(later, 'transactions')).toBe(0);
    expect(await count(later, 'accounts')).toBe(0);
    expect(b.money.stories).toEqual(a.money.stories);
    expect(await b.fillTransactions!()).toBe(a.money.transactions);
    expect(b.money).toEqual(a.money);
    expect(await count(later, 'transactions')).toBe(a.money.transactions);
    const balances = (t: typeof now) =>
      t.deps.db
        .selectFrom('accounts')
        .select(['external_id', 'balance_minor'])
        .orderBy('external_id')
        .execute();
    expect(await balances(later)).toEqual(await balances(now));
    await now.close();
    await later.close();
  }, 60_000);
});

describe('demo money, seeded twice', () => {
  it('is the same bank for the same seed', async () => {
    const rows = async () => {
      const t = await openTestDb('sqlite');
      await seedDemoBank(t.deps, { clients: 12, seed: 4, password: 'Seed-Test-Password-1', now: NOW });
      const x = await t.deps.db
        .selectFrom('transactions')
        .select(['external_id', 'client_id', 'amount_minor', 'direction', 'category', 'balance_after_minor'])
        .orderBy('id')
        .execute();
      await t.close();
      return x;
    };
    const [a, b] = [await rows(), await rows()];
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
  }, 60_000);
});
