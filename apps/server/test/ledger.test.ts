import type { AccountKind, TransactionDirection } from '@dossier/contract';
import { describe, expect, it } from 'vitest';
import {
  type AccountState,
  type Posting,
  type Rollups,
  addMonths,
  applyPostings,
  bankDay,
  bankDayStart,
  openingRollups,
  signedAmount,
  windowStart,
} from '../src/finance/ledger.ts';

const account = (over: Partial<AccountState> = {}): AccountState => ({
  id: 1,
  clientId: 7,
  kind: 'demand_deposit',
  currency: 'CNY',
  balanceMinor: 0,
  balanceAsOf: null,
  balanceAnchorAt: null,
  ...over,
});

let nextIndex = 0;
/** A posting on a bank day at 10:00 Beijing time (02:00Z), or at the instant given. */
const posting = (
  day: string,
  amountMinor: number,
  direction: TransactionDirection = 'credit',
  over: Partial<Posting<string>> = {},
): Posting<string> => ({
  index: nextIndex++,
  accountId: 1,
  bookedAt: day.length === 10 ? `${day}T02:00:00.000Z` : day,
  amountMinor,
  direction,
  category: direction === 'credit' ? 'transfer_in' : 'transfer_out',
  balanceAfterMinor: null,
  counterparty: null,
  ...over,
});
const states = (...xs: AccountState[]) => new Map(xs.map((s) => [s.id, s]));
const days = (r: Rollups<unknown>) => r.accountDays.map((a) => [a.day, a.changeMinor]);

describe('bank calendar (Asia/Shanghai, UTC+8)', () => {
  it.each([
    ['2026-11-30T15:59:59.999Z', '2026-11-30'],
    ['2026-11-30T16:00:00.000Z', '2026-12-01'],
    ['2026-12-31T20:00:00.000Z', '2027-01-01'],
  ])('%s is booked on %s', (instant, day) => {
    expect(bankDay(instant)).toBe(day);
  });

  it('a bank day starts at 16:00Z the day before', () => {
    expect(bankDayStart('2026-12-01')).toBe('2026-11-30T16:00:00.000Z');
  });

  it.each([
    ['2026-11-29', 24, '2024-11-30'],
    ['2026-03-31', 1, '2026-03-01'],
    ['2024-02-29', 12, '2023-03-01'],
  ])('a %i-month window to %s starts on %s', (today, months, start) => {
    expect(windowStart(today, months as number)).toBe(start);
  });

  it('counts months back across a year', () => {
    expect(addMonths('2026-01-15', -11)).toBe('2025-02');
    expect(addMonths('2026-11-29', 0)).toBe('2026-11');
  });
});

describe('the sign of a transaction on a balance', () => {
  it.each<[AccountKind, TransactionDirection, number]>([
    ['demand_deposit', 'credit', 500],
    ['demand_deposit', 'debit', -500],
    ['time_deposit', 'credit', 500],
    ['investment', 'debit', -500],
    ['loan', 'debit', 500],
    ['loan', 'credit', -500],
    ['credit_card', 'debit', 500],
    ['credit_card', 'credit', -500],
  ])('%s %s 500 → %i', (kind, direction, expected) => {
    expect(signedAmount(kind, direction, 500)).toBe(expected);
  });
});

describe('applying a batch', () => {
  it('moves a deposit by each amount, in booking order, and rolls up by day and month', () => {
    const e = applyPostings(states(account()), [
      posting('2026-11-03', 20_000, 'debit', { category: 'consumption' }),
      posting('2026-11-01', 50_000, 'credit', { category: 'salary' }),
    ]);
    expect(e.accounts).toEqual([account({ balanceMinor: 30_000, balanceAsOf: '2026-11-03T02:00:00.000Z' })]);
    expect(days(e)).toEqual([
      ['2026-11-01', 50_000],
      ['2026-11-03', -20_000],
    ]);
    expect(e.clientDays).toEqual([
      {
        clientId: 7,
        day: '2026-11-01',
        currency: 'CNY',
        assetsChangeMinor: 50_000,
        liabilitiesChangeMinor: 0,
      },
      {
        clientId: 7,
        day: '2026-11-03',
        currency: 'CNY',
        assetsChangeMinor: -20_000,
        liabilitiesChangeMinor: 0,
      },
    ]);
    expect(e.clientMonths).toEqual([
      {
        clientId: 7,
        month: '2026-11',
        currency: 'CNY',
        category: 'consumption',
        direction: 'debit',
        amountMinor: 20_000,
        count: 1,
      },
      {
        clientId: 7,
        month: '2026-11',
        currency: 'CNY',
        category: 'salary',
        direction: 'credit',
        amountMinor: 50_000,
        count: 1,
      },
    ]);
    expect(e.setsBalance.size).toBe(0);
  });

  it('books a transaction late in the evening UTC on the next bank day and month', () => {
    const e = applyPostings(states(account()), [posting('2026-11-30T17:00:00.000Z', 100)]);
    expect(days(e)).toEqual([['2026-12-01', 100]]);
    expect(e.clientMonths[0]!.month).toBe('2026-12');
  });

  it('takes the ledger’s balance-after as it is when it is the newest word', () => {
    const before = account({ balanceMinor: 1_000, balanceAsOf: '2026-11-01T02:00:00.000Z' });
    const p = posting('2026-11-05', 500, 'credit', { balanceAfterMinor: 2_000 });
    const e = applyPostings(states(before), [p]);
    expect(e.accounts[0]).toMatchObject({
      balanceMinor: 2_000,
      balanceAsOf: p.bookedAt,
      balanceAnchorAt: p.bookedAt,
    });
    // The day carries the whole correction: the amount and what the ledger knew beyond it.
    expect(days(e)).toEqual([['2026-11-05', 1_000]]);
    expect([...e.setsBalance]).toEqual([p.index]);
  });

  it('keeps a stated balance when a transaction booked before it arrives late; only the days between move', () => {
    const anchored = account({
      balanceMinor: 5_000,
      balanceAsOf: '2026-11-10T02:00:00.000Z',
      balanceAnchorAt: '2026-11-10T02:00:00.000Z',
    });
    const e = applyPostings(states(anchored), [posting('2026-11-05', 300)]);
    expect(e.accounts[0]!.balanceMinor).toBe(5_000);
    expect(days(e)).toEqual([
      ['2026-11-05', 300],
      ['2026-11-10', -300],
    ]);
  });

  it('ends a late transaction’s days at the first stated balance after it', () => {
    const anchored = account({
      balanceMinor: 5_000,
      balanceAsOf: '2026-11-10T02:00:00.000Z',
      balanceAnchorAt: '2026-11-10T02:00:00.000Z',
    });
    const stored = new Map([[1, ['2026-11-07T02:00:00.000Z', '2026-11-10T02:00:00.000Z']]]);
    const e = applyPostings(states(anchored), [posting('2026-11-05', 300)], stored);
    expect(days(e)).toEqual([
      ['2026-11-05', 300],
      ['2026-11-07', -300],
    ]);
  });

  it('moves the balance by a late transaction booked after the newest stated balance', () => {
    const s = account({
      balanceMinor: 5_000,
      balanceAsOf: '2026-11-10T02:00:00.000Z',
      balanceAnchorAt: '2026-11-03T02:00:00.000Z',
    });
    // Its balance-after is older than the newest transaction we have: only its amount counts.
    const e = applyPostings(states(s), [posting('2026-11-05', 300, 'debit', { balanceAfterMinor: 123 })]);
    expect(e.accounts[0]).toMatchObject({ balanceMinor: 4_700, balanceAsOf: '2026-11-10T02:00:00.000Z' });
    expect(days(e)).toEqual([['2026-11-05', -300]]);
    expect(e.setsBalance.size).toBe(0);
  });

  it('keeps batch order between transactions booked at the same instant', () => {
    const a = posting('2026-11-05', 100, 'credit', { balanceAfterMinor: 100 });
    const b = posting('2026-11-05', 100, 'credit', { balanceAfterMinor: 200 });
    const e = applyPostings(states(account()), [b, a]);
    expect(e.accounts[0]!.balanceMinor).toBe(200);
  });

  it('counts a loan drawn and repaid as a liability, and a credit facility as neither side', () => {
    const loan = account({ id: 2, kind: 'loan' });
    const facility = account({ id: 3, kind: 'credit_facility' });
    const e = applyPostings(states(loan, facility), [
      posting('2026-11-01', 1_000_000, 'debit', { accountId: 2, category: 'loan_disbursement' }),
      posting('2026-11-20', 100_000, 'credit', { accountId: 2, category: 'loan_repayment' }),
      posting('2026-11-21', 5_000, 'debit', { accountId: 3, category: 'fee' }),
    ]);
    expect(e.accounts.find((s) => s.id === 2)!.balanceMinor).toBe(900_000);
    expect(e.clientDays).toEqual([
      {
        clientId: 7,
        day: '2026-11-01',
        currency: 'CNY',
        assetsChangeMinor: 0,
        liabilitiesChangeMinor: 1_000_000,
      },
      {
        clientId: 7,
        day: '2026-11-20',
        currency: 'CNY',
        assetsChangeMinor: 0,
        liabilitiesChangeMinor: -100_000,
      },
    ]);
    expect(e.accountDays.filter((a) => a.accountId === 3)).toHaveLength(1);
  });

  it('adds up a counterparty’s flows by month and keeps what came with the newest', () => {
    const cp = (ref: string) => ({ counterparty: { key: 'K1', ref } });
    const e = applyPostings(states(account()), [
      posting('2026-11-09', 300, 'credit', cp('newest')),
      posting('2026-11-02', 200, 'credit', cp('older')),
      posting('2026-11-05', 50, 'debit', cp('out')),
      posting('2026-11-05', 70, 'debit'),
    ]);
    expect(e.counterparties).toEqual([
      {
        clientId: 7,
        month: '2026-11',
        key: 'K1',
        currency: 'CNY',
        direction: 'credit',
        amountMinor: 500,
        count: 2,
        latest: 'newest',
      },
      {
        clientId: 7,
        month: '2026-11',
        key: 'K1',
        currency: 'CNY',
        direction: 'debit',
        amountMinor: 50,
        count: 1,
        latest: 'out',
      },
    ]);
  });

  it('leaves out days whose changes cancel', () => {
    const e = applyPostings(states(account()), [
      posting('2026-11-05T01:00:00.000Z', 300, 'credit'),
      posting('2026-11-05T03:00:00.000Z', 300, 'debit'),
    ]);
    expect(e.accountDays).toEqual([]);
    expect(e.clientDays).toEqual([]);
    expect(e.clientMonths.map((m) => m.count)).toEqual([1, 1]);
  });

  it('refuses a posting for an account it was not given', () => {
    expect(() => applyPostings(new Map(), [posting('2026-11-05', 1)])).toThrow(/no state/);
  });

  it('places a stated opening balance on its day; an empty account adds nothing', () => {
    const opened = account({ balanceMinor: 7_500, balanceAnchorAt: '2026-10-31T17:00:00.000Z' });
    expect(days(openingRollups([opened]))).toEqual([['2026-11-01', 7_500]]);
    expect(openingRollups([account()]).accountDays).toEqual([]);
  });
});

/** A small seeded generator, so a failing case can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('batches in any order give the ledger’s balances', () => {
  /**
   * A true ledger (a running balance over 60 days, some transactions stating their balance-after),
   * cut into batches delivered in a random order. The service's part is simulated: it stores each
   * batch and, for late postings, reads the stored transactions that set the balance.
   */
  it.each(Array.from({ length: 60 }, (_, i) => i + 1))('scenario %i', (seed) => {
    const r = rng(seed);
    const truth: { p: Posting<string>; balance: number }[] = [];
    let balance = 0;
    const n = 20 + Math.floor(r() * 40);
    for (let i = 0; i < n; i++) {
      const day = `2026-10-${String(1 + Math.floor((i * 30) / n)).padStart(2, '0')}`;
      const direction: TransactionDirection = r() < 0.6 ? 'credit' : 'debit';
      const amount = 1 + Math.floor(r() * 10_000);
      balance += direction === 'credit' ? amount : -amount;
      const bookedAt = `${day}T${String(Math.floor(r() * 24)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00.000Z`;
      truth.push({
        p: posting(bookedAt, amount, direction, { index: i, balanceAfterMinor: r() < 0.5 ? balance : null }),
        balance,
      });
    }
    truth.sort((a, b) => (a.p.bookedAt < b.p.bookedAt ? -1 : 1));
    // Recompute the running balance in booking order (the generator's days and hours interleave).
    let running = 0;
    for (const t of truth) {
      running += t.p.direction === 'credit' ? t.p.amountMinor : -t.p.amountMinor;
      t.balance = running;
    }
    const ledger = truth.map((t) => ({
      ...t.p,
      balanceAfterMinor: t.p.balanceAfterMinor === null ? null : t.balance,
    }));

    // Cut into batches and shuffle them.
    const batches: Posting<string>[][] = [];
    for (let i = 0; i < ledger.length; ) {
      const size = 1 + Math.floor(r() * 8);
      batches.push(ledger.slice(i, i + size));
      i += size;
    }
    for (let i = batches.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [batches[i], batches[j]] = [batches[j]!, batches[i]!];
    }

    let state = account();
    const stored: { bookedAt: string; setsBalance: boolean }[] = [];
    const changes = new Map<string, number>();
    for (const batch of batches) {
      const late = batch.filter((p) => state.balanceAnchorAt !== null && p.bookedAt < state.balanceAnchorAt);
      const anchors = new Map<number, string[]>();
      if (late.length > 0) {
        const from = late.map((p) => p.bookedAt).sort()[0]!;
        anchors.set(
          1,
          stored
            .filter((s) => s.setsBalance && s.bookedAt > from && s.bookedAt <= state.balanceAnchorAt!)
            .map((s) => s.bookedAt)
            .sort(),
        );
      }
      const e = applyPostings(states(state), batch, anchors);
      state = e.accounts[0]!;
      for (const p of batch) stored.push({ bookedAt: p.bookedAt, setsBalance: e.setsBalance.has(p.index) });
      for (const a of e.accountDays) changes.set(a.day, (changes.get(a.day) ?? 0) + a.changeMinor);
    }

    expect(state.balanceMinor).toBe(running);
    // Every day's closing balance: the sum of the changes up to it, against the ledger's.
    const dayList = [...new Set(ledger.map((p) => bankDay(p.bookedAt)))].sort();
    let closing = 0;
    const got: [string, number][] = [];
    const want: [string, number][] = [];
    for (const day of dayList) {
      closing += changes.get(day) ?? 0;
      got.push([day, closing]);
      want.push([day, truth.filter((t) => bankDay(t.p.bookedAt) <= day).at(-1)!.balance]);
    }
    expect(got).toEqual(want);
  });
});
