import { describe, expect, it } from 'vitest';
import {
  addMonthsClamped,
  amortize,
  annuityPayment,
  instalmentStatuses,
  loanToValueBp,
  monthlyInterest,
  nextInstalment,
} from '../src/finance/amortization.ts';

const LOAN = { principalMinor: 100_000_000, rateBp: 490, termMonths: 12, firstDueOn: '2026-01-31' };
const rows = (s: ReturnType<typeof amortize>) =>
  s.map((i) => [i.dueOn, i.principalMinor, i.interestMinor, i.totalMinor, i.remainingMinor]);
const sum = (s: ReturnType<typeof amortize>, k: 'principalMinor' | 'interestMinor') =>
  s.reduce((a, i) => a + i[k], 0);

describe('amortization: 等额本息 (equal instalments)', () => {
  // By hand: r = 4.9 % / 12 = 0.00408333…; (1+r)^12 = 1.050115…;
  // payment = 1,000,000 × r × 1.050115 / 0.050115 = 85,561.662… → ¥85,561.66.
  // Month 1: interest 1,000,000 × r = 4,083.333 → 4,083.33; principal 85,561.66 − 4,083.33 = 81,478.33.
  // Month 2: interest 918,521.67 × r = 3,750.630 → 3,750.63; principal 81,811.03.
  it('1,000,000.00 at 4.9 % for 12 months pays ¥85,561.66 a month, the last ¥85,561.70', () => {
    expect(annuityPayment(100_000_000, 490, 12)).toBe(8_556_166);
    const s = amortize({ ...LOAN, method: 'equal_instalment' });
    expect(rows(s)).toEqual([
      ['2026-01-31', 8_147_833, 408_333, 8_556_166, 91_852_167],
      ['2026-02-28', 8_181_103, 375_063, 8_556_166, 83_671_064],
      ['2026-03-31', 8_214_509, 341_657, 8_556_166, 75_456_555],
      ['2026-04-30', 8_248_052, 308_114, 8_556_166, 67_208_503],
      ['2026-05-31', 8_281_731, 274_435, 8_556_166, 58_926_772],
      ['2026-06-30', 8_315_548, 240_618, 8_556_166, 50_611_224],
      ['2026-07-31', 8_349_504, 206_662, 8_556_166, 42_261_720],
      ['2026-08-31', 8_383_597, 172_569, 8_556_166, 33_878_123],
      ['2026-09-30', 8_417_830, 138_336, 8_556_166, 25_460_293],
      ['2026-10-31', 8_452_203, 103_963, 8_556_166, 17_008_090],
      ['2026-11-30', 8_486_716, 69_450, 8_556_166, 8_521_374],
      // The rounding remainder (4 fen) lands on the last instalment.
      ['2026-12-31', 8_521_374, 34_796, 8_556_170, 0],
    ]);
    expect(sum(s, 'principalMinor')).toBe(100_000_000);
    expect(sum(s, 'interestMinor')).toBe(2_673_996);
  });

  it('a zero rate divides the principal evenly, the remainder last', () => {
    const s = amortize({
      principalMinor: 1_000,
      rateBp: 0,
      termMonths: 3,
      firstDueOn: '2026-03-15',
      method: 'equal_instalment',
    });
    expect(rows(s)).toEqual([
      ['2026-03-15', 333, 0, 333, 667],
      ['2026-04-15', 333, 0, 333, 334],
      ['2026-05-15', 334, 0, 334, 0],
    ]);
  });

  it('a 30-year mortgage sums to its principal and ends at zero', () => {
    const s = amortize({
      principalMinor: 300_000_000,
      rateBp: 390,
      termMonths: 360,
      firstDueOn: '2025-02-20',
      method: 'equal_instalment',
    });
    expect(s).toHaveLength(360);
    expect(sum(s, 'principalMinor')).toBe(300_000_000);
    expect(s.at(-1)!.remainingMinor).toBe(0);
    expect(s.at(-1)!.dueOn).toBe('2055-01-20');
    // Every instalment but the last is the same payment.
    expect(new Set(s.slice(0, -1).map((i) => i.totalMinor))).toEqual(
      new Set([annuityPayment(300_000_000, 390, 360)]),
    );
    expect(Math.abs(s.at(-1)!.totalMinor - s[0]!.totalMinor)).toBeLessThan(400);
  });
});

describe('amortization: 等额本金 and 到期一次还本', () => {
  it('equal principal: P/n a month, interest falling, the remainder on the last', () => {
    const s = amortize({ ...LOAN, method: 'equal_principal' });
    expect(rows(s).slice(0, 2)).toEqual([
      ['2026-01-31', 8_333_333, 408_333, 8_741_666, 91_666_667],
      ['2026-02-28', 8_333_333, 374_306, 8_707_639, 83_333_334],
    ]);
    expect(rows(s).at(-1)).toEqual(['2026-12-31', 8_333_337, 34_028, 8_367_365, 0]);
    expect(sum(s, 'principalMinor')).toBe(100_000_000);
    expect(sum(s, 'interestMinor')).toBe(2_654_167);
  });

  it('bullet: interest every month, the principal with the last', () => {
    const s = amortize({ ...LOAN, method: 'bullet' });
    expect(s.slice(0, -1).every((i) => i.principalMinor === 0 && i.interestMinor === 408_333)).toBe(true);
    expect(rows(s).at(-1)).toEqual(['2026-12-31', 100_000_000, 408_333, 100_408_333, 0]);
    expect(sum(s, 'interestMinor')).toBe(4_899_996);
  });

  it('interest rounds half up, exactly, even for very large balances', () => {
    expect(monthlyInterest(3, 20_000)).toBe(1); // 0.5 → 1
    expect(monthlyInterest(9_007_199_254_740_991, 1_000)).toBe(75_059_993_789_508);
    expect(monthlyInterest(100, 0)).toBe(0);
  });

  it('due dates keep the day of the month, or the month end', () => {
    expect(addMonthsClamped('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsClamped('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonthsClamped('2026-11-15', 2)).toBe('2027-01-15');
    expect(addMonthsClamped('2026-05-31', 12)).toBe('2027-05-31');
  });
});

describe('instalment status against what was repaid', () => {
  const s = amortize({ ...LOAN, method: 'equal_instalment' });

  it('on time: due dates passed are paid, the rest due; the next is the first due', () => {
    const st = instalmentStatuses(s, { outstandingMinor: 17_008_090, daysPastDue: 0, today: '2026-11-01' });
    expect(st).toEqual([...Array(10).fill('paid'), 'due', 'due']);
    expect(nextInstalment(st)).toBe(10);
  });

  it('in arrears: instalments due within the days past due are overdue', () => {
    // 45 days past due on 2026-11-01: the oldest unpaid fell due on 2026-09-17 or later.
    const st = instalmentStatuses(s, { outstandingMinor: 33_878_123, daysPastDue: 45, today: '2026-11-01' });
    expect(st).toEqual([...Array(8).fill('paid'), 'overdue', 'overdue', 'due', 'due']);
    expect(nextInstalment(st)).toBe(10);
  });

  it('a prepayment marks future instalments the balance already covers', () => {
    const st = instalmentStatuses(s, { outstandingMinor: 8_521_374, daysPastDue: null, today: '2026-09-01' });
    expect(st).toEqual([...Array(11).fill('paid'), 'due']);
  });

  it('settled: all paid, nothing next; bullet interest months are never prepaid', () => {
    expect(
      new Set(instalmentStatuses(s, { outstandingMinor: 0, daysPastDue: 0, today: '2026-03-01' })),
    ).toEqual(new Set(['paid']));
    const b = amortize({ ...LOAN, method: 'bullet' });
    const st = instalmentStatuses(b, { outstandingMinor: 100_000_000, daysPastDue: 0, today: '2026-03-01' });
    expect(st.filter((x) => x === 'paid')).toHaveLength(2);
    expect(nextInstalment(st)).toBe(2);
  });

  it('loan-to-value in basis points', () => {
    expect(loanToValueBp(60_000_000, 100_000_000)).toBe(6_000);
    expect(loanToValueBp(1, 3)).toBe(3_333);
    expect(loanToValueBp(5, 0)).toBeNull();
  });
});
