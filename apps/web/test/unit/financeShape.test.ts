import type { Account, FinanceSummary } from '@dossier/contract';
import { describe, expect, it } from 'vitest';
import {
  aboveTolerance,
  allocation,
  aumChange,
  aumTrend,
  axisAmount,
  bankDayOf,
  creditUse,
  currenciesOf,
  formatSignedMoney,
  lastMonths,
  majorTextToMinor,
  maturingWithin,
  monthLabel,
  monthlyFlowSeries,
  monthsBefore,
  newestBalanceAt,
  utilisationLevel,
} from '../../src/features/finance/financeShape.ts';

let nextId = 1;
function account(over: Partial<Account>): Account {
  const id = nextId++;
  return {
    id,
    clientId: 7,
    kind: 'demand_deposit',
    productName: `账户${id}`,
    accountNo: '6222********0001',
    currency: 'CNY',
    status: 'active',
    openedOn: '2024-01-01',
    closedOn: null,
    balance: { minor: 0, currency: over.currency ?? 'CNY' },
    balanceAsOf: null,
    rateBp: null,
    maturityOn: null,
    principalMinor: null,
    termMonths: null,
    daysPastDue: null,
    classification: null,
    repaymentMethod: null,
    firstDueOn: null,
    limitMinor: null,
    usedMinor: null,
    units: null,
    costMinor: null,
    marketValueMinor: null,
    riskLevel: null,
    assetClass: null,
    source: 'core_banking',
    updatedAt: '2026-11-29T00:00:00Z',
    ...over,
  };
}

/** A daily series from `from` to `to` where the assets are `value(day)`. */
function daily(currency: string, from: string, to: string, value: (day: string) => number) {
  const points: FinanceSummary['daily'][number]['points'] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    const day = d.toISOString().slice(0, 10);
    points.push({ day, assetsMinor: value(day), liabilitiesMinor: 0 });
  }
  return { currency, points };
}

function summary(over: Partial<FinanceSummary>): FinanceSummary {
  return {
    asOf: '2026-11-29T02:00:00Z',
    through: '2026-11-29',
    aum: [],
    liabilities: [],
    daily: [],
    monthlyFlows: [],
    loans: [],
    creditLines: [],
    holdings: [],
    topCounterparties: [],
    ...over,
  };
}

describe('bank calendar', () => {
  it('reads an instant in Asia/Shanghai: 17:00 UTC is already the next day', () => {
    expect(bankDayOf('2026-11-28T17:00:00Z')).toBe('2026-11-29');
    expect(bankDayOf('2026-11-28T15:59:59Z')).toBe('2026-11-28');
  });

  it.each([
    ['2026-11-29', 12, '2025-11-29'],
    ['2026-03-31', 1, '2026-02-28'],
    ['2024-02-29', 12, '2023-02-28'],
    ['2026-01-15', 24, '2024-01-15'],
  ])('%s less %i months is %s', (day, months, expected) => {
    expect(monthsBefore(day, months)).toBe(expected);
  });

  it('lists the twelve months ending with this one, across a year end', () => {
    expect(lastMonths('2026-02-10', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(lastMonths('2026-11-29', 12)).toHaveLength(12);
    expect(lastMonths('2026-11-29', 12)[0]).toBe('2025-12');
  });

  it.each([
    ['2026-01', 'zh', true, '1月\n2026'],
    ['2025-12', 'zh', false, '12月'],
    ['2026-03', 'en', false, 'Mar'],
    ['2026-01', 'en', true, 'Jan\n2026'],
  ] as const)('labels %s in %s (year %s) as %j', (month, lang, withYear, expected) => {
    expect(monthLabel(month, lang, withYear)).toBe(expected);
  });
});

describe('money as the finance tab shows it', () => {
  it.each([
    [{ minor: -15_000_000, currency: 'CNY' }, 'zh', false, '-15.00万元'],
    [{ minor: 15_000_000, currency: 'CNY' }, 'zh', true, '+15.00万元'],
    [{ minor: -150, currency: 'CNY' }, 'zh', false, '-1.50元'],
    [{ minor: -123_456, currency: 'USD' }, 'en', false, '-USD 1,234.56'],
    [{ minor: 0, currency: 'CNY' }, 'en', true, '¥0.00'],
  ] as const)('%o in %s (plus %s) is %s', (money, lang, plus, expected) => {
    expect(formatSignedMoney(money, lang, plus)).toBe(expected);
  });

  it.each([
    [2_497_220_00, 'CNY', 'zh', '250万'],
    [45_600_00, 'CNY', 'zh', '4.6万'],
    [3_20_000_000_00, 'CNY', 'zh', '3.2亿'],
    [-40_000_00, 'CNY', 'zh', '-4万'],
    [800_00, 'CNY', 'zh', '800'],
    [2_497_220_00, 'CNY', 'en', '¥2.5M'],
    [2_447_220_00, 'CNY', 'en', '¥2.45M'],
    [35_000_00, 'USD', 'en', 'USD 35K'],
  ] as const)('axis label of %i %s in %s is %s', (minor, currency, lang, expected) => {
    expect(axisAmount(minor, currency, lang)).toBe(expected);
  });

  it.each([
    ['12500.5', 1_250_050],
    ['1,000', 100_000],
    ['0.01', 1],
    ['12.345', null],
    ['-3', null],
    ['abc', null],
  ])('%s 元 typed in a filter is %s fen', (text, minor) => {
    expect(majorTextToMinor(text)).toBe(minor);
  });
});

describe('freshness', () => {
  it('is the newest balance of any account, compared as instants, whatever their offsets', () => {
    expect(
      newestBalanceAt([
        account({ balanceAsOf: '2026-11-28T10:00:00+08:00' }),
        account({ balanceAsOf: '2026-11-28T03:00:00Z' }),
        account({ balanceAsOf: null }),
      ]),
    ).toBe('2026-11-28T03:00:00Z');
    expect(newestBalanceAt([account({ balanceAsOf: null })])).toBeNull();
  });
});

describe('currencies', () => {
  it('lists CNY first, then the others alphabetically, from every part of the answer', () => {
    const s = summary({
      aum: [
        { minor: 1, currency: 'USD' },
        { minor: 1, currency: 'CNY' },
      ],
      monthlyFlows: [
        {
          month: '2026-11',
          currency: 'EUR',
          category: 'salary',
          direction: 'credit',
          amountMinor: 1,
          count: 1,
        },
      ],
    });
    expect(currenciesOf(s, [account({ currency: 'HKD' })])).toEqual(['CNY', 'EUR', 'HKD', 'USD']);
  });
});

describe('AUM trend and change', () => {
  const s = summary({
    daily: [
      daily('CNY', '2024-11-30', '2026-11-29', (day) => (day <= '2025-11-29' ? 1_000_000_00 : 1_100_000_00)),
      daily('USD', '2026-06-01', '2026-11-29', () => 5_000_00),
    ],
  });

  it('keeps the last 12 months of the 24 sent, starting the day after the same date a year ago', () => {
    const trend = aumTrend(s, 'CNY', 12);
    expect(trend.days[0]).toBe('2025-11-30');
    expect(trend.days.at(-1)).toBe('2026-11-29');
    expect(trend.assets).toHaveLength(trend.days.length);
    expect(aumTrend(s, 'CNY', 24).days[0]).toBe('2024-11-30');
  });

  it('measures the change against the close of the same day a year ago', () => {
    expect(aumChange(s, 'CNY', 12)).toEqual({
      before: 1_000_000_00,
      now: 1_100_000_00,
      change: 100_000_00,
      changeBp: 1000,
      since: '2025-11-29',
    });
  });

  it('compares with the first day there is when the history is shorter than a year', () => {
    const change = aumChange(s, 'USD', 12);
    expect(change?.since).toBe('2026-06-01');
    expect(change?.change).toBe(0);
  });

  it('has no percentage when there was nothing a year ago, and no change without a series', () => {
    const fresh = summary({
      daily: [daily('CNY', '2024-11-30', '2026-11-29', (d) => (d < '2026-01-01' ? 0 : 500))],
    });
    expect(aumChange(fresh, 'CNY')?.changeBp).toBeNull();
    expect(aumChange(fresh, 'CNY')?.change).toBe(500);
    expect(aumChange(s, 'JPY')).toBeNull();
  });
});

describe('monthly flows', () => {
  const months = ['2026-09', '2026-10', '2026-11'];
  const flows: FinanceSummary['monthlyFlows'] = [
    {
      month: '2026-09',
      currency: 'CNY',
      category: 'salary',
      direction: 'credit',
      amountMinor: 3_500_000,
      count: 1,
    },
    {
      month: '2026-11',
      currency: 'CNY',
      category: 'salary',
      direction: 'credit',
      amountMinor: 3_500_000,
      count: 1,
    },
    {
      month: '2026-10',
      currency: 'CNY',
      category: 'interest',
      direction: 'credit',
      amountMinor: 12_000,
      count: 1,
    },
    {
      month: '2026-10',
      currency: 'CNY',
      category: 'consumption',
      direction: 'debit',
      amountMinor: 900_000,
      count: 4,
    },
    {
      month: '2026-10',
      currency: 'CNY',
      category: 'transfer_out',
      direction: 'debit',
      amountMinor: 800_000,
      count: 1,
    },
    {
      month: '2026-10',
      currency: 'USD',
      category: 'consumption',
      direction: 'debit',
      amountMinor: 99_999,
      count: 1,
    },
    // Outside the window: left out.
    { month: '2026-08', currency: 'CNY', category: 'fee', direction: 'debit', amountMinor: 1_000, count: 1 },
  ];

  it('stacks each category on the months given, zero where it did not move, largest first', () => {
    const shaped = monthlyFlowSeries(flows, 'CNY', months);
    expect(shaped.inflows.map((s) => s.category)).toEqual(['salary', 'interest']);
    expect(shaped.inflows[0]?.values).toEqual([3_500_000, 0, 3_500_000]);
    expect(shaped.outflows.map((s) => s.category)).toEqual(['consumption', 'transfer_out']);
    expect(shaped.outflows[0]?.counts).toEqual([0, 4, 0]);
    expect(shaped.totalIn).toEqual([3_500_000, 12_000, 3_500_000]);
    expect(shaped.totalOut).toEqual([0, 1_700_000, 0]);
  });

  it('leaves out the loan and investment side of a movement, keeping the current account’s side', () => {
    const repayment: FinanceSummary['monthlyFlows'] = [
      {
        month: '2026-10',
        currency: 'CNY',
        category: 'loan_repayment',
        direction: 'debit',
        amountMinor: 1_450_000,
        count: 1,
      },
      {
        month: '2026-10',
        currency: 'CNY',
        category: 'loan_repayment',
        direction: 'credit',
        amountMinor: 1_450_000,
        count: 1,
      },
      {
        month: '2026-10',
        currency: 'CNY',
        category: 'loan_disbursement',
        direction: 'credit',
        amountMinor: 9_000_000,
        count: 1,
      },
      {
        month: '2026-10',
        currency: 'CNY',
        category: 'loan_disbursement',
        direction: 'debit',
        amountMinor: 9_000_000,
        count: 1,
      },
      {
        month: '2026-11',
        currency: 'CNY',
        category: 'investment_purchase',
        direction: 'debit',
        amountMinor: 500_000,
        count: 1,
      },
      {
        month: '2026-11',
        currency: 'CNY',
        category: 'investment_purchase',
        direction: 'credit',
        amountMinor: 500_000,
        count: 1,
      },
      {
        month: '2026-11',
        currency: 'CNY',
        category: 'investment_redemption',
        direction: 'credit',
        amountMinor: 200_000,
        count: 1,
      },
      {
        month: '2026-11',
        currency: 'CNY',
        category: 'investment_redemption',
        direction: 'debit',
        amountMinor: 200_000,
        count: 1,
      },
    ];
    const shaped = monthlyFlowSeries(repayment, 'CNY', months);
    expect(shaped.inflows.map((s) => s.category)).toEqual(['loan_disbursement', 'investment_redemption']);
    expect(shaped.outflows.map((s) => s.category)).toEqual(['loan_repayment', 'investment_purchase']);
    expect(shaped.totalIn).toEqual([0, 9_000_000, 200_000]);
    expect(shaped.totalOut).toEqual([0, 1_450_000, 500_000]);
  });

  it('never mixes currencies', () => {
    const usd = monthlyFlowSeries(flows, 'USD', months);
    expect(usd.inflows).toEqual([]);
    expect(usd.totalOut).toEqual([0, 99_999, 0]);
  });
});

describe('allocation', () => {
  it('sums open deposits by kind and investments by asset class, in one currency, largest first', () => {
    const slices = allocation(
      [
        account({ kind: 'demand_deposit', balance: { minor: 300, currency: 'CNY' } }),
        account({ kind: 'demand_deposit', balance: { minor: 200, currency: 'CNY' } }),
        account({ kind: 'time_deposit', balance: { minor: 1000, currency: 'CNY' } }),
        account({ kind: 'investment', assetClass: 'fund', balance: { minor: 700, currency: 'CNY' } }),
        account({
          kind: 'investment',
          assetClass: 'fund',
          balance: { minor: 50, currency: 'USD' },
          currency: 'USD',
        }),
        account({ kind: 'loan', balance: { minor: 9999, currency: 'CNY' } }),
        account({ kind: 'demand_deposit', status: 'closed', balance: { minor: 5, currency: 'CNY' } }),
        account({ kind: 'demand_deposit', balance: { minor: -40, currency: 'CNY' } }),
      ],
      'CNY',
    );
    expect(slices).toEqual([
      { key: 'time_deposit', minor: 1000, accounts: 1 },
      { key: 'fund', minor: 700, accounts: 1 },
      { key: 'demand_deposit', minor: 500, accounts: 2 },
    ]);
  });
});

describe('maturity calendar', () => {
  const today = '2026-11-29';
  const due = (maturityOn: string, over: Partial<Account> = {}) =>
    account({ kind: 'time_deposit', maturityOn, ...over });

  it('lists open time deposits, investments and loans maturing from today to 90 days on, soonest first', () => {
    const list = maturingWithin(
      [
        due('2027-02-27'), // day 90: in
        due('2027-02-28'), // day 91: out
        due('2026-11-28'), // yesterday: out
        due('2026-11-29', { kind: 'investment' }), // today: in
        due('2026-12-15', { kind: 'loan' }),
        due('2026-12-01', { status: 'closed' }), // closed: out
        due('2026-12-01', { kind: 'demand_deposit' }), // a current account does not mature
        account({ kind: 'time_deposit', maturityOn: null }),
      ],
      today,
      90,
    );
    expect(list.map((m) => [m.account.maturityOn, m.account.kind, m.daysLeft])).toEqual([
      ['2026-11-29', 'investment', 0],
      ['2026-12-15', 'loan', 16],
      ['2027-02-27', 'time_deposit', 90],
    ]);
  });
});

describe('suitability of a held product', () => {
  it.each([
    ['R3', 'C2', true],
    ['R2', 'C2', false],
    ['R1', 'C5', false],
    ['R5', 'C4', true],
    [null, 'C1', false],
    ['R5', null, false],
  ] as const)('%s held by a %s client is above tolerance: %s', (level, tolerance, expected) => {
    expect(aboveTolerance(level, tolerance)).toBe(expected);
  });
});

describe('credit utilisation', () => {
  const line = (currency: string, limitMinor: number, usedMinor: number) => ({
    accountId: nextId++,
    kind: 'credit_card' as const,
    productName: '信用卡',
    accountNo: '6222********0001',
    currency,
    limitMinor,
    usedMinor,
    utilisationBp: null,
  });

  it('adds the lines of one currency and gives the drawn share in basis points', () => {
    const lines = [line('CNY', 10_000_000, 5_760_000), line('CNY', 10_000_000, 0), line('USD', 100, 100)];
    expect(creditUse(lines, 'CNY')).toEqual({
      limitMinor: 20_000_000,
      usedMinor: 5_760_000,
      utilisationBp: 2880,
      lines: 2,
    });
    expect(creditUse(lines, 'EUR')).toBeNull();
    expect(creditUse([line('CNY', 0, 0)], 'CNY')?.utilisationBp).toBeNull();
  });

  it.each([
    [null, 'normal'],
    [6999, 'normal'],
    [7000, 'watch'],
    [9000, 'watch'],
    [9001, 'high'],
  ] as const)('%s bp is %s', (bp, level) => {
    expect(utilisationLevel(bp)).toBe(level);
  });
});
