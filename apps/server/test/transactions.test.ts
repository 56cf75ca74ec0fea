import crypto from 'node:crypto';
import { AccountCreate, TransactionBatch, type TransactionItem } from '@dossier/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import {
  createAccount,
  importAccounts,
  listClientAccounts,
} from '../src/features/accounts/accounts.service.ts';
import { mergeClients } from '../src/features/merges/merges.service.ts';
import { financeSummary } from '../src/features/transactions/finance.service.ts';
import {
  ingestTransactions,
  listClientTransactions,
} from '../src/features/transactions/transactions.service.ts';
import { accountNumber, makeAccount, txn } from './support/accounts.ts';
import { DIALECTS, type TestDb, openTestDb, countRows } from './support/db.ts';
import { ctxFor, makeIndividual, makeUser, residentId } from './support/factories.ts';
import { failure } from './support/failure.ts';

describe.each(DIALECTS)('accounts and transactions (%s)', (dialect) => {
  let t: TestDb;
  let rm: Actor;
  let lead: Actor;
  let outsider: Actor;
  let feed: Actor;
  let n = 5000;
  let ids = 0;
  const as = (a: Actor) => ctxFor(t.deps, a);
  const id = (prefix = 'TX') => `${prefix}-${++ids}`;
  const ingest = (transactions: TransactionItem[], source = 'core_banking') =>
    ingestTransactions(as(feed), { source, transactions });
  const client = () => makeIndividual(t.deps, rm, { idNumber: residentId(++n, '19810203') });

  const countTransactions = () => countRows(t.deps.db, 'transactions');
  const countAudit = async (action: string) =>
    Number(
      (
        await t.deps.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const balanceOf = async (accountId: number) =>
    Number(
      (
        await t.deps.db
          .selectFrom('accounts')
          .select('balance_minor')
          .where('id', '=', accountId)
          .executeTakeFirstOrThrow()
      ).balance_minor,
    );
  /** The closing balance of each day with a change: the running sum of the stored changes. */
  const closings = async (accountId: number) => {
    const rows = await t.deps.db
      .selectFrom('account_daily_balances')
      .select(['day', 'change_minor'])
      .where('account_id', '=', accountId)
      .orderBy('day')
      .execute();
    let sum = 0;
    return rows.map((r) => {
      sum += Number(r.change_minor);
      return [r.day, sum];
    });
  };
  const point = (f: Awaited<ReturnType<typeof financeSummary>>, currency: string, day: string) =>
    f.daily.find((d) => d.currency === currency)?.points.find((p) => p.day === day);

  beforeAll(async () => {
    t = await openTestDb(dialect);
    rm = await makeUser(t.deps, 'rm');
    lead = await makeUser(t.deps, 'team_lead', { teamId: rm.teamId!, branchId: rm.branchId! });
    outsider = await makeUser(t.deps, 'rm');
    feed = await makeUser(t.deps, 'integration');
  });
  afterAll(() => t.close());

  describe('registering accounts', () => {
    it('registers an account with its number sealed, shown masked, its opening balance rolled up, audited', async () => {
      const c = await client();
      const number = accountNumber();
      // Parsed as the route parses it: the number arrives grouped with spaces.
      const a = await createAccount(
        as(rm),
        c.id,
        AccountCreate.parse({
          kind: 'time_deposit',
          productName: '三年期整存整取',
          accountNo: number.replace(/(\d{4})/g, '$1 '),
          currency: 'CNY',
          status: 'active',
          openedOn: '2025-06-01',
          balanceMinor: 50_000_000,
          balanceAsOf: '2026-11-01T02:00:00Z',
          rateBp: 275,
          principalMinor: 50_000_000,
          termMonths: 36,
          maturityOn: '2028-06-01',
        }),
      );
      expect(a).toMatchObject({
        kind: 'time_deposit',
        accountNo: `${number.slice(0, 4)}***********${number.slice(-4)}`,
        balance: { minor: 50_000_000, currency: 'CNY' },
        rateBp: 275,
        termMonths: 36,
        limitMinor: null,
      });
      const row = await t.deps.db
        .selectFrom('accounts')
        .selectAll()
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow();
      expect(row.account_no_enc).not.toContain(number);
      expect(t.deps.vault.decrypt(row.account_no_enc)).toBe(number);
      expect(await closings(a.id)).toEqual([['2026-11-01', 50_000_000]]);
      const audit = await t.deps.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'account.create')
        .where('target_id', '=', String(a.id))
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.after!)).toMatchObject({ accountNo: a.accountNo, balanceMinor: 50_000_000 });
      expect(audit.after).not.toContain(number);
    });

    it('refuses a second account with the same number, and terms that do not fit the kind', async () => {
      const c = await client();
      const a = await makeAccount(t.deps, rm, c.id);
      const dup = await failure(makeAccount(t.deps, rm, c.id, { accountNo: a.number }));
      expect([dup.code, dup.field]).toEqual(['account.duplicate', 'accountNo']);
      const wrong = await failure(
        makeAccount(t.deps, rm, c.id, { kind: 'credit_card', rateBp: 1800, classification: 'normal' }),
      );
      expect(wrong.code).toBe('request.invalid');
      expect(wrong.issues).toEqual([
        { field: 'rateBp', message: 'does not apply to a credit card account; remove it' },
        { field: 'classification', message: 'does not apply to a credit card account; remove it' },
        { field: 'limitMinor', message: 'is required for a credit card account' },
      ]);
    });

    it('only within the book: another RM cannot register or read a client’s accounts', async () => {
      const c = await client();
      await makeAccount(t.deps, rm, c.id);
      expect((await failure(makeAccount(t.deps, outsider, c.id))).code).toBe('client.not_found');
      expect((await failure(listClientAccounts(as(outsider), c.id))).code).toBe('client.not_found');
      expect((await listClientAccounts(as(lead), c.id)).items).toHaveLength(1);
    });

    it('takes accounts from a feed all or nothing, recognising ones it already has', async () => {
      const c = await client();
      const item = (externalId: string, accountNo: string) => ({
        clientId: c.id,
        externalId,
        kind: 'demand_deposit' as const,
        productName: '活期',
        accountNo,
        currency: 'CNY',
        status: 'active' as const,
        openedOn: '2024-01-01',
      });
      const [n1, n2, n3] = [accountNumber(), accountNumber(), accountNumber()];
      const batch = { source: 'core_banking', accounts: [item('A1', n1), item('A2', n2)] };
      expect(await importAccounts(as(feed), batch)).toEqual({
        received: 2,
        created: 2,
        existing: 0,
        updated: 0,
      });
      expect(await importAccounts(as(feed), batch)).toEqual({
        received: 2,
        created: 0,
        existing: 2,
        updated: 0,
      });
      // A known number under a new id, and a client that does not exist: nothing of the batch is stored.
      const bad = await failure(
        importAccounts(as(feed), {
          source: 'core_banking',
          accounts: [item('A3', n3), item('A4', n1), { ...item('A5', accountNumber()), clientId: 999_999 }],
        }),
      );
      expect(bad.code).toBe('request.invalid');
      expect(bad.issues!.map((i) => i.field)).toEqual(['accounts.1.accountNo', 'accounts.2.clientId']);
      expect((await listClientAccounts(as(rm), c.id)).items).toHaveLength(2);
      expect((await failure(importAccounts(as(rm), batch))).code).toBe('auth.forbidden');
    });
  });

  describe('ingesting a batch', () => {
    it('stores the batch, moves balances, seals counterparties and audits once', async () => {
      const c = await client();
      const a = await makeAccount(t.deps, rm, c.id);
      const card = await makeAccount(t.deps, rm, c.id, {
        kind: 'credit_card',
        productName: '白金卡',
        limitMinor: 5_000_000,
      });
      const batch = TransactionBatch.parse({
        source: 'core_banking',
        transactions: [
          txn(a.number, id(), {
            amountMinor: 1_500_000,
            category: 'salary',
            counterpartyName: '北京华信科技有限公司',
            counterpartyAccount: '1100 1234 5678 9012',
          }),
          txn(a.number, id(), {
            amountMinor: 20_000,
            direction: 'debit',
            category: 'consumption',
            bookedAt: '2026-11-03T04:00:00+08:00',
          }),
          txn(card.number, id(), {
            amountMinor: 88_800,
            direction: 'debit',
            category: 'consumption',
            channel: 'pos',
            merchantCategory: '5812',
          }),
        ],
      });
      const auditsBefore = await countAudit('transaction.ingest');
      expect(await ingestTransactions(as(feed), batch)).toEqual({
        received: 3,
        inserted: 3,
        duplicates: 0,
        accounts: 2,
      });
      expect(await balanceOf(a.id)).toBe(1_480_000);
      expect(await balanceOf(card.id)).toBe(88_800);
      const stored = await t.deps.db
        .selectFrom('transactions')
        .selectAll()
        .where('account_id', '=', a.id)
        .orderBy('id')
        .execute();
      expect(stored.map((s) => s.booked_at)).toEqual([
        '2026-11-02T02:00:00.000Z',
        '2026-11-02T20:00:00.000Z',
      ]);
      expect(stored[0]!.counterparty_name_enc).not.toContain('华信');
      expect(t.deps.vault.decrypt(stored[0]!.counterparty_account_enc!)).toBe('1100123456789012');
      expect(stored[0]!.client_id).toBe(c.id);
      expect(await countAudit('transaction.ingest')).toBe(auditsBefore + 1);
      const audit = await t.deps.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'transaction.ingest')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(audit.actor_id).toBe(feed.id);
      expect(JSON.parse(audit.details!)).toMatchObject({
        source: 'core_banking',
        received: 3,
        inserted: 3,
        duplicates: 0,
        bodySha256: crypto.createHash('sha256').update(JSON.stringify(batch)).digest('hex'),
      });
      expect(audit.details).not.toContain('华信');
    });

    it('recognises a replay: nothing stored twice, balances and rollups unchanged', async () => {
      const c = await client();
      const a = await makeAccount(t.deps, rm, c.id);
      const items = [txn(a.number, id()), txn(a.number, id(), { bookedAt: '2026-11-04T02:00:00Z' })];
      await ingest(items);
      const before = {
        count: await countTransactions(),
        balance: await balanceOf(a.id),
        days: await closings(a.id),
      };
      const flows = () =>
        t.deps.db
          .selectFrom('client_monthly_flows')
          .select(['amount_minor', 'count'])
          .where('client_id', '=', c.id)
          .execute();
      const flowsBefore = await flows();
      expect(await ingest(items)).toEqual({ received: 2, inserted: 0, duplicates: 2, accounts: 0 });
      expect({
        count: await countTransactions(),
        balance: await balanceOf(a.id),
        days: await closings(a.id),
      }).toEqual(before);
      expect(await flows()).toEqual(flowsBefore);
      // A resend with one new item stores only that one; a repeat inside a batch counts as a duplicate.
      const extra = txn(a.number, id(), { bookedAt: '2026-11-05T02:00:00Z' });
      expect(await ingest([...items, extra, extra])).toEqual({
        received: 4,
        inserted: 1,
        duplicates: 3,
        accounts: 1,
      });
      expect(await balanceOf(a.id)).toBe(before.balance + 10_000);
    });

    it('refuses an id sent before with other content, naming the item, and stores nothing of the batch', async () => {
      const c = await client();
      const a = await makeAccount(t.deps, rm, c.id);
      const first = txn(a.number, id());
      await ingest([first]);
      const before = {
        count: await countTransactions(),
        balance: await balanceOf(a.id),
        audits: await countAudit('transaction.ingest'),
      };
      const err = await failure(ingest([txn(a.number, id()), { ...first, amountMinor: 99_999 }]));
      expect(err.code).toBe('transaction.conflict');
      expect(err.field).toBe('transactions.1.externalId');
      expect(err.message).toMatch(/different content/);
      expect({
        count: await countTransactions(),
        balance: await balanceOf(a.id),
        audits: await countAudit('transaction.ingest'),
      }).toEqual(before);
      // The same id from another source is another transaction.
      expect((await ingest([{ ...first, amountMinor: 99_999 }], 'cards')).inserted).toBe(1);
    });

    it.each<[string, (no: string, facility: string, closed: string) => TransactionItem, string, RegExp]>([
      ['an unknown account', () => txn('6222000000000000001', 'V-1'), 'accountNo', /no registered account/],
      ['another currency', (no) => txn(no, 'V-2', { currency: 'USD' }), 'currency', /kept in CNY/],
      [
        'a time in the future',
        (no) => txn(no, 'V-3', { bookedAt: '2026-11-29T02:10:00Z' }),
        'bookedAt',
        /in the future/,
      ],
      [
        'a time before the account opened',
        (no) => txn(no, 'V-4', { bookedAt: '2019-12-31T02:00:00Z' }),
        'bookedAt',
        /before the account was opened \(2020-01-01\)/,
      ],
      [
        'a time after the account closed',
        (_no, _f, closed) => txn(closed, 'V-5', { bookedAt: '2026-11-02T02:00:00Z' }),
        'bookedAt',
        /after the account was closed/,
      ],
      ['a credit facility', (_no, facility) => txn(facility, 'V-6'), 'accountNo', /credit facility/],
      [
        'an id repeated with other content',
        (no) => txn(no, 'V-OK', { amountMinor: 1 }),
        'externalId',
        /repeats transactions\.0\.externalId/,
      ],
    ])('refuses %s, naming item and field, and stores nothing', async (_what, bad, field, message) => {
      const c = await client();
      const a = await makeAccount(t.deps, rm, c.id);
      const facility = await makeAccount(t.deps, rm, c.id, {
        kind: 'credit_facility',
        productName: '综合授信',
        limitMinor: 1e9,
      });
      const closed = await makeAccount(t.deps, rm, c.id, { status: 'closed', closedOn: '2025-12-31' });
      const before = { count: await countTransactions(), balance: await balanceOf(a.id) };
      const err = await failure(
        ingest([txn(a.number, 'V-OK'), bad(a.number, facility.number, closed.number)]),
      );
      expect(err.code).toBe('request.invalid');
      expect(err.field).toBe(`transactions.1.${field}`);
      expect(err.issues).toHaveLength(1);
      expect(err.message).toMatch(message);
      expect(err.message).toMatch(/Nothing was stored/);
      expect({ count: await countTransactions(), balance: await balanceOf(a.id) }).toEqual(before);
    });

    it('reports every bad item of a batch at once', async () => {
      const c = await client();
      const a = await makeAccount(t.deps, rm, c.id);
      const err = await failure(
        ingest([
          txn(a.number, id(), { currency: 'EUR' }),
          txn(a.number, id()),
          txn('9999999999', id(), { bookedAt: '2027-01-01T00:00:00Z' }),
        ]),
      );
      expect(err.issues!.map((i) => i.field)).toEqual([
        'transactions.0.currency',
        'transactions.2.accountNo',
        'transactions.2.bookedAt',
      ]);
    });

    it('is for the integration user and admin only', async () => {
      const c = await client();
      const a = await makeAccount(t.deps, rm, c.id);
      const batch = { source: 'core_banking', transactions: [txn(a.number, id())] };
      expect((await failure(ingestTransactions(as(rm), batch))).code).toBe('auth.forbidden');
      expect((await failure(ingestTransactions(as(lead), batch))).code).toBe('auth.forbidden');
      const admin = await makeUser(t.deps, 'admin');
      expect((await ingestTransactions(as(admin), batch)).inserted).toBe(1);
    });

    it('stores a batch once when two sends race', async () => {
      const c = await client();
      const a = await makeAccount(t.deps, rm, c.id);
      const items = Array.from({ length: 50 }, (_, i) =>
        txn(a.number, id(), {
          bookedAt: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T03:00:00Z`,
          amountMinor: 100 + i,
        }),
      );
      const other = [txn(a.number, id(), { amountMinor: 7 })];
      const results = await Promise.all([ingest(items), ingest(items), ingest(other)]);
      expect(results.map((r) => r.inserted).sort((x, y) => x - y)).toEqual([0, 1, 50]);
      expect(await balanceOf(a.id)).toBe(items.reduce((s, x) => s + x.amountMinor, 0) + 7);
    });
  });

  describe('balances and rollups', () => {
    /** Two weeks of a salary account and a loan, as core banking books them. */
    const history = (deposit: string, loan: string) => [
      [
        txn(deposit, 'H1', { bookedAt: '2026-11-01T01:00:00Z', amountMinor: 2_000_000, category: 'salary' }),
        txn(loan, 'H2', {
          bookedAt: '2026-11-01T02:00:00Z',
          amountMinor: 10_000_000,
          direction: 'debit',
          category: 'loan_disbursement',
        }),
        txn(deposit, 'H3', {
          bookedAt: '2026-11-01T03:00:00Z',
          amountMinor: 10_000_000,
          category: 'loan_disbursement',
        }),
      ],
      [
        txn(deposit, 'H4', {
          bookedAt: '2026-11-05T02:00:00Z',
          amountMinor: 300_000,
          direction: 'debit',
          category: 'consumption',
        }),
        txn(deposit, 'H5', {
          bookedAt: '2026-11-07T02:00:00Z',
          amountMinor: 500_000,
          direction: 'debit',
          category: 'loan_repayment',
        }),
        txn(loan, 'H6', {
          bookedAt: '2026-11-07T02:00:00Z',
          amountMinor: 500_000,
          category: 'loan_repayment',
        }),
      ],
      [
        txn(deposit, 'H7', {
          bookedAt: '2026-11-10T02:00:00Z',
          amountMinor: 1_000_000,
          direction: 'debit',
          category: 'investment_purchase',
        }),
        txn(deposit, 'H8', { bookedAt: '2026-11-12T02:00:00Z', amountMinor: 4_200, category: 'interest' }),
      ],
    ];
    const setUp = async () => {
      const c = await client();
      const deposit = await makeAccount(t.deps, rm, c.id);
      const loan = await makeAccount(t.deps, rm, c.id, {
        kind: 'loan',
        productName: '个人经营贷',
        principalMinor: 10_000_000,
      });
      return { c, deposit, loan, batches: history(deposit.number, loan.number) };
    };

    it('come out the same whichever order the batches arrive in', async () => {
      const inOrder = await setUp();
      for (const b of inOrder.batches) await ingest(b, 'in_order');
      const reversed = await setUp();
      for (const b of [...reversed.batches].reverse()) await ingest(b, 'reversed');

      // Worked by hand: 20,000 + 100,000 − 3,000 − 5,000 − 10,000 + 42 yuan = 102,042 yuan.
      for (const s of [inOrder, reversed]) {
        expect(await balanceOf(s.deposit.id)).toBe(10_204_200);
        expect(await balanceOf(s.loan.id)).toBe(9_500_000);
        expect(await closings(s.deposit.id)).toEqual([
          ['2026-11-01', 12_000_000],
          ['2026-11-05', 11_700_000],
          ['2026-11-07', 11_200_000],
          ['2026-11-10', 10_200_000],
          ['2026-11-12', 10_204_200],
        ]);
      }
      const a = await financeSummary(as(rm), inOrder.c.id);
      const b = await financeSummary(as(rm), reversed.c.id);
      expect(b.daily).toEqual(a.daily);
      expect(b.monthlyFlows).toEqual(a.monthlyFlows);
      expect(point(a, 'CNY', '2026-10-31')).toEqual({
        day: '2026-10-31',
        assetsMinor: 0,
        liabilitiesMinor: 0,
      });
      expect(point(a, 'CNY', '2026-11-06')).toEqual({
        day: '2026-11-06',
        assetsMinor: 11_700_000,
        liabilitiesMinor: 10_000_000,
      });
      expect(point(a, 'CNY', '2026-11-29')).toEqual({
        day: '2026-11-29',
        assetsMinor: 10_204_200,
        liabilitiesMinor: 9_500_000,
      });
    });

    it('follow the ledger’s stated balances, late transactions included', async () => {
      const c = await client();
      const a = await makeAccount(t.deps, rm, c.id);
      const at = (day: string) => `2026-11-${day}T02:00:00Z`;
      // The ledger: 1,000 opening on the 1st (stated), +500 on the 3rd, −200 on the 5th, +100 on the 8th.
      await ingest(
        [txn(a.number, 'L4', { bookedAt: at('08'), amountMinor: 100, balanceAfterMinor: 1_400 })],
        'ledger',
      );
      expect(await balanceOf(a.id)).toBe(1_400);
      // Earlier transactions arrive afterwards: the stated balance already counts them.
      await ingest(
        [
          txn(a.number, 'L1', { bookedAt: at('01'), amountMinor: 1_000, balanceAfterMinor: 1_000 }),
          txn(a.number, 'L2', { bookedAt: at('03'), amountMinor: 500 }),
          txn(a.number, 'L3', {
            bookedAt: at('05'),
            amountMinor: 200,
            direction: 'debit',
            balanceAfterMinor: 1_300,
          }),
        ],
        'ledger',
      );
      expect(await balanceOf(a.id)).toBe(1_400);
      expect(await closings(a.id)).toEqual([
        ['2026-11-01', 1_000],
        ['2026-11-03', 1_500],
        ['2026-11-05', 1_300],
        ['2026-11-08', 1_400],
      ]);
      // A newer statement that disagrees with our sum wins.
      await ingest(
        [
          txn(a.number, 'L5', {
            bookedAt: at('09'),
            amountMinor: 50,
            direction: 'debit',
            balanceAfterMinor: 1_000,
          }),
        ],
        'ledger',
      );
      expect(await balanceOf(a.id)).toBe(1_000);
      const f = await financeSummary(as(rm), c.id);
      expect(point(f, 'CNY', '2026-11-09')!.assetsMinor).toBe(1_000);
      expect(f.aum).toEqual([{ minor: 1_000, currency: 'CNY' }]);
    });

    it('keep every client position equal to the sum of its accounts', async () => {
      const { c, batches } = await setUp();
      await makeAccount(t.deps, rm, c.id, {
        kind: 'investment',
        productName: '稳健理财',
        assetClass: 'wealth_management',
        riskLevel: 'R2',
        balanceMinor: 3_000_000,
        currency: 'CNY',
      });
      await makeAccount(t.deps, rm, c.id, { currency: 'USD', balanceMinor: 120_000 });
      for (const b of batches) await ingest(b, 'sum_check');
      const positions = await t.deps.db
        .selectFrom('client_daily_positions')
        .select((eb) => [
          'currency',
          eb.fn.sum<number>('assets_change_minor').as('a'),
          eb.fn.sum<number>('liabilities_change_minor').as('l'),
        ])
        .where('client_id', '=', c.id)
        .groupBy('currency')
        .orderBy('currency')
        .execute();
      const f = await financeSummary(as(rm), c.id);
      expect(positions.map((p) => [p.currency, Number(p.a), Number(p.l)])).toEqual([
        ['CNY', f.aum.find((x) => x.currency === 'CNY')!.minor, 9_500_000],
        ['USD', 120_000, 0],
      ]);
      expect(f.aum).toEqual([
        { minor: 10_204_200 + 3_000_000, currency: 'CNY' },
        { minor: 120_000, currency: 'USD' },
      ]);
    });
  });

  it('a file dormant for years tells its story where it happened', async () => {
    const c = await client();
    const old = await makeAccount(t.deps, rm, c.id, { openedOn: '1993-01-01' });
    await ingest([
      txn(old.number, id('OLD'), {
        bookedAt: '1993-03-01T03:00:00.000Z',
        amountMinor: 500_000,
        category: 'salary',
      }),
      txn(old.number, id('OLD'), {
        bookedAt: '1994-03-30T03:00:00.000Z',
        amountMinor: 120_000,
        direction: 'debit',
        category: 'cash_withdrawal',
      }),
    ]);
    const f = await financeSummary(as(rm), c.id);
    expect(f.through).toBe('1994-03-30');
    const series = f.daily.find((d) => d.currency === 'CNY')!.points;
    expect(series.at(-1)).toEqual({ day: '1994-03-30', assetsMinor: 380_000, liabilitiesMinor: 0 });
    expect(series.find((p) => p.day === '1993-03-01')!.assetsMinor).toBe(500_000);
    expect(f.monthlyFlows.map((m) => [m.month, m.category, m.amountMinor])).toEqual([
      ['1994-03', 'cash_withdrawal', 120_000],
    ]);
    // A client with a movement within the year keeps today as the end of its windows.
    const active = await client();
    const recent = await makeAccount(t.deps, rm, active.id);
    await ingest([txn(recent.number, id('NEW'), { bookedAt: '2026-06-01T02:00:00.000Z' })]);
    expect((await financeSummary(as(rm), active.id)).through).toBe('2026-11-29');
  });

  describe('reading a client’s finances', () => {
    let c: { id: number };
    let deposit: Awaited<ReturnType<typeof makeAccount>>;
    beforeAll(async () => {
      c = await client();
      deposit = await makeAccount(t.deps, rm, c.id);
      const card = await makeAccount(t.deps, rm, c.id, {
        kind: 'credit_card',
        productName: '白金卡',
        limitMinor: 2_000_000,
      });
      await makeAccount(t.deps, rm, c.id, {
        kind: 'credit_facility',
        productName: '综合授信',
        limitMinor: 50_000_000,
        usedMinor: 20_000_000,
      });
      await makeAccount(t.deps, rm, c.id, {
        kind: 'loan',
        productName: '住房贷款',
        balanceMinor: 80_000_000,
        classification: 'special_mention',
        daysPastDue: 45,
      });
      await makeAccount(t.deps, rm, c.id, {
        kind: 'investment',
        productName: '沪深300指数基金',
        assetClass: 'fund',
        riskLevel: 'R4',
        balanceMinor: 1_000_000,
        costMinor: 900_000,
        marketValueMinor: 1_050_000,
        units: '9500.25',
      });
      await makeAccount(t.deps, rm, c.id, {
        kind: 'investment',
        productName: '债券基金',
        assetClass: 'fund',
        riskLevel: 'R2',
        balanceMinor: 500_000,
      });
      const employer = { counterpartyName: '上海浦江电子有限公司', counterpartyAccount: '31001234567890' };
      const landlord = { counterpartyName: '王小明', counterpartyAccount: '6217000011112222' };
      await ingest([
        txn(deposit.number, id(), {
          bookedAt: '2026-10-10T01:00:00Z',
          amountMinor: 3_000_000,
          category: 'salary',
          channel: 'transfer',
          ...employer,
        }),
        txn(deposit.number, id(), {
          bookedAt: '2026-11-10T01:00:00Z',
          amountMinor: 3_000_000,
          category: 'salary',
          channel: 'transfer',
          ...employer,
        }),
        txn(deposit.number, id(), {
          bookedAt: '2026-11-11T01:00:00Z',
          amountMinor: 800_000,
          direction: 'debit',
          category: 'transfer_out',
          channel: 'mobile',
          ...landlord,
        }),
        txn(deposit.number, id(), {
          bookedAt: '2026-11-12T01:00:00Z',
          amountMinor: 20_000,
          direction: 'debit',
          category: 'cash_withdrawal',
          channel: 'atm',
        }),
        txn(card.number, id(), {
          bookedAt: '2026-11-13T01:00:00Z',
          amountMinor: 1_500_000,
          direction: 'debit',
          category: 'consumption',
          channel: 'pos',
          merchantCategory: '5311',
        }),
        txn(deposit.number, id(), {
          bookedAt: '2024-12-01T01:00:00Z',
          amountMinor: 100_000,
          category: 'cash_deposit',
          channel: 'counter',
        }),
      ]);
    });

    it('lists the accounts masked, by kind', async () => {
      const list = await listClientAccounts(as(rm), c.id);
      expect(list.items.map((a) => a.kind)).toEqual([
        'demand_deposit',
        'loan',
        'investment',
        'investment',
        'credit_card',
        'credit_facility',
      ]);
      expect(list.items[0]!.accountNo).toMatch(/^6222\*+\d{4}$/);
      expect(list.items[0]!.balance).toEqual({ minor: 5_280_000, currency: 'CNY' });
      expect(list.items[1]).toMatchObject({ classification: 'special_mention', daysPastDue: 45 });
    });

    it('pages and filters transactions, newest first, counterparties masked', async () => {
      const q = { page: 1, pageSize: 20 };
      const all = await listClientTransactions(as(rm), c.id, q);
      expect(all.total).toBe(6);
      expect(all.items.map((x) => x.bookedAt)).toEqual([
        '2026-11-13T01:00:00.000Z',
        '2026-11-12T01:00:00.000Z',
        '2026-11-11T01:00:00.000Z',
        '2026-11-10T01:00:00.000Z',
        '2026-10-10T01:00:00.000Z',
        '2024-12-01T01:00:00.000Z',
      ]);
      expect(all.items[2]!.counterparty).toEqual({ name: '王**', accountNo: '6217********2222' });
      expect(all.items[3]!.counterparty).toEqual({ name: '上海****公司', accountNo: '3100******7890' });
      expect(all.items[1]!.counterparty).toBeNull();
      const page2 = await listClientTransactions(as(rm), c.id, { page: 2, pageSize: 4 });
      expect([page2.total, page2.items.length]).toEqual([6, 2]);
      const filtered = async (f: object) =>
        (await listClientTransactions(as(rm), c.id, { ...q, ...f })).items.map((x) =>
          x.bookedAt.slice(0, 10),
        );
      expect(await filtered({ from: '2026-11-11', to: '2026-11-12' })).toEqual(['2026-11-12', '2026-11-11']);
      expect(await filtered({ direction: 'credit', minAmountMinor: 1_000_000 })).toEqual([
        '2026-11-10',
        '2026-10-10',
      ]);
      expect(await filtered({ maxAmountMinor: 100_000 })).toEqual(['2026-11-12', '2024-12-01']);
      expect(await filtered({ category: 'consumption' })).toEqual(['2026-11-13']);
      expect(await filtered({ channel: 'atm' })).toEqual(['2026-11-12']);
      expect(await filtered({ accountId: deposit.id, direction: 'debit' })).toEqual([
        '2026-11-12',
        '2026-11-11',
      ]);
      const backwards = await failure(
        listClientTransactions(as(rm), c.id, { ...q, from: '2026-11-12', to: '2026-11-01' }),
      );
      expect([backwards.code, backwards.field]).toEqual(['request.invalid', 'query.to']);
    });

    it('sums up the client from rollups: AUM, series, flows, liabilities, lines, holdings, counterparties', async () => {
      const f = await financeSummary(as(rm), c.id);
      expect(f.aum).toEqual([{ minor: 5_280_000 + 1_000_000 + 500_000, currency: 'CNY' }]);
      expect(f.liabilities).toEqual([{ minor: 80_000_000 + 1_500_000, currency: 'CNY' }]);
      const series = f.daily.find((d) => d.currency === 'CNY')!.points;
      expect(series).toHaveLength(730);
      expect(series[0]!.day).toBe('2024-11-30');
      expect(series.at(-1)!.day).toBe('2026-11-29');
      expect(point(f, 'CNY', '2024-12-01')!.assetsMinor).toBe(100_000);
      expect(point(f, 'CNY', '2026-10-10')!.assetsMinor).toBe(3_100_000);
      // Accounts registered today with a stated balance enter the series today.
      expect(point(f, 'CNY', '2026-11-28')).toEqual({
        day: '2026-11-28',
        assetsMinor: 5_280_000,
        liabilitiesMinor: 1_500_000,
      });
      expect(point(f, 'CNY', '2026-11-29')).toEqual({
        day: '2026-11-29',
        assetsMinor: 6_780_000,
        liabilitiesMinor: 81_500_000,
      });
      // Twelve months: December 2024 is outside; October and November 2026 inside.
      expect(f.monthlyFlows).toEqual([
        {
          month: '2026-10',
          currency: 'CNY',
          category: 'salary',
          direction: 'credit',
          amountMinor: 3_000_000,
          count: 1,
        },
        {
          month: '2026-11',
          currency: 'CNY',
          category: 'cash_withdrawal',
          direction: 'debit',
          amountMinor: 20_000,
          count: 1,
        },
        {
          month: '2026-11',
          currency: 'CNY',
          category: 'consumption',
          direction: 'debit',
          amountMinor: 1_500_000,
          count: 1,
        },
        {
          month: '2026-11',
          currency: 'CNY',
          category: 'salary',
          direction: 'credit',
          amountMinor: 3_000_000,
          count: 1,
        },
        {
          month: '2026-11',
          currency: 'CNY',
          category: 'transfer_out',
          direction: 'debit',
          amountMinor: 800_000,
          count: 1,
        },
      ]);
      expect(f.loans.map((l) => [l.kind, l.outstanding.minor, l.classification, l.daysPastDue])).toEqual([
        ['credit_card', 1_500_000, null, null],
        ['loan', 80_000_000, 'special_mention', 45],
      ]);
      expect(f.creditLines.map((l) => [l.kind, l.limitMinor, l.usedMinor, l.utilisationBp])).toEqual([
        ['credit_card', 2_000_000, 1_500_000, 7_500],
        ['credit_facility', 50_000_000, 20_000_000, 4_000],
      ]);
      expect(f.holdings).toEqual([
        {
          assetClass: 'fund',
          currency: 'CNY',
          accounts: 2,
          balanceMinor: 1_500_000,
          costMinor: 900_000,
          marketValueMinor: 1_050_000,
        },
      ]);
      expect(f.topCounterparties).toEqual([
        {
          key: 'k1',
          name: '上海****公司',
          accountNo: '3100******7890',
          currency: 'CNY',
          inflowMinor: 6_000_000,
          outflowMinor: 0,
          count: 2,
        },
        {
          key: 'k2',
          name: '王**',
          accountNo: '6217********2222',
          currency: 'CNY',
          inflowMinor: 0,
          outflowMinor: 800_000,
          count: 1,
        },
      ]);
    });

    it('is read within the book only', async () => {
      for (const read of [
        () => financeSummary(as(outsider), c.id),
        () => listClientTransactions(as(outsider), c.id, { page: 1, pageSize: 20 }),
        () => listClientAccounts(as(outsider), c.id),
      ]) {
        expect((await failure(read())).code).toBe('client.not_found');
      }
      expect((await failure(financeSummary(as(feed), c.id))).code).toBe('auth.forbidden');
      expect((await financeSummary(as(lead), c.id)).aum).toHaveLength(1);
    });
  });

  it('shows the accounts and transactions of a file merged into the client', async () => {
    const survivor = await makeIndividual(t.deps, rm, {
      name: '合并甲',
      idNumber: residentId(++n, '19720304'),
    });
    const other = await makeIndividual(t.deps, rm, { name: '合并甲', idNumber: residentId(++n, '19720305') });
    const a = await makeAccount(t.deps, rm, other.id);
    await ingest([txn(a.number, id(), { amountMinor: 777 })]);
    await mergeClients(as(lead), survivor.id, {
      otherId: other.id,
      survivorVersion: 1,
      otherVersion: 1,
      take: {},
      reason: '重复档案合并',
    });
    expect((await listClientAccounts(as(rm), survivor.id)).items.map((x) => x.id)).toEqual([a.id]);
    expect((await listClientTransactions(as(rm), survivor.id, { page: 1, pageSize: 20 })).total).toBe(1);
    expect((await financeSummary(as(rm), survivor.id)).aum).toEqual([{ minor: 777, currency: 'CNY' }]);
    // New accounts are not opened for the retired file.
    expect((await failure(makeAccount(t.deps, rm, other.id))).code).toBe('client.not_found');
  });
});
