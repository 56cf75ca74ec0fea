import type { InstalmentStatus, RepaymentMethod } from '@dossier/contract';

/**
 * A loan's repayment schedule, with no I/O: principal, annual rate, term, first due date and
 * method in; the instalments out, in integer minor units, and each instalment's status against
 * what the core system says was repaid.
 *
 * Interest of a month is the remaining principal × annual rate ÷ 12, rounded half up to the minor
 * unit. 等额本息 (`equal_instalment`): the annuity payment P·r·(1+r)^n / ((1+r)^n − 1), rounded
 * half up, split into that month's interest and the rest as principal. 等额本金 (`equal_principal`):
 * P ÷ n of principal (rounded down) plus the month's interest. 到期一次还本 (`bullet`): interest
 * monthly, the whole principal with the last instalment. In every method the last instalment
 * takes whatever principal remains, so the rounding remainder lands there and the schedule's
 * principal always sums to the loan's principal, with nothing remaining after the last.
 */

export type { InstalmentStatus, RepaymentMethod };

export type Instalment = {
  /** 1-based. */
  n: number;
  dueOn: string;
  principalMinor: number;
  interestMinor: number;
  totalMinor: number;
  /** Principal remaining after this instalment. */
  remainingMinor: number;
};

export type ScheduleTerms = {
  principalMinor: number;
  /** Annual rate in basis points (4.90 % = 490). */
  rateBp: number;
  termMonths: number;
  /** The first instalment's date; later ones fall on the same day of later months (or the month's last day). */
  firstDueOn: string;
  method: RepaymentMethod;
};

/** Half-up division of non-negative integers, exact for any size (BigInt). */
function divRound(num: bigint, den: bigint): bigint {
  return (num * 2n + den) / (2n * den);
}

/** One month's interest on `remaining` at `rateBp` a year, rounded half up. */
export function monthlyInterest(remainingMinor: number, rateBp: number): number {
  if (remainingMinor <= 0 || rateBp <= 0) return 0;
  return Number(divRound(BigInt(remainingMinor) * BigInt(rateBp), 120_000n));
}

/**
 * The date `n` months after `first`, on the same day of the month, or the month's last day when it
 * is shorter: 2026-01-31 + 1 → 2026-02-28.
 */
export function addMonthsClamped(first: string, n: number): string {
  const [y, m, d] = first.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The 等额本息 payment, rounded half up to the minor unit (a zero rate divides evenly, rounded down). */
export function annuityPayment(principalMinor: number, rateBp: number, termMonths: number): number {
  if (rateBp <= 0) return Math.floor(principalMinor / termMonths);
  const r = rateBp / 120_000;
  const f = (1 + r) ** termMonths;
  return Math.round((principalMinor * r * f) / (f - 1));
}

export function amortize(t: ScheduleTerms): Instalment[] {
  const { principalMinor: P, rateBp, termMonths: n, method } = t;
  if (!Number.isSafeInteger(P) || P < 0)
    throw new RangeError('principal must be a whole number of minor units');
  if (!Number.isInteger(n) || n < 1) throw new RangeError('term must be at least one month');
  const rate = Math.max(0, rateBp);
  const payment = method === 'equal_instalment' ? annuityPayment(P, rate, n) : 0;
  const evenPrincipal = Math.floor(P / n);
  const out: Instalment[] = [];
  let remaining = P;
  for (let i = 1; i <= n; i++) {
    const interest = monthlyInterest(remaining, rate);
    let principal: number;
    if (i === n) principal = remaining;
    else if (method === 'equal_instalment') principal = Math.min(remaining, Math.max(0, payment - interest));
    else if (method === 'equal_principal') principal = Math.min(remaining, evenPrincipal);
    else principal = 0;
    remaining -= principal;
    out.push({
      n: i,
      dueOn: addMonthsClamped(t.firstDueOn, i - 1),
      principalMinor: principal,
      interestMinor: interest,
      totalMinor: principal + interest,
      remainingMinor: remaining,
    });
  }
  return out;
}

export type RepaymentState = {
  /** What the client owes now (the account's balance), in minor units. */
  outstandingMinor: number;
  /** Days past due as the core system reports it (null or 0: nothing late). */
  daysPastDue: number | null;
  /** The bank's date today. */
  today: string;
};

/**
 * Each instalment's status. The rule, in order:
 *
 * 1. Nothing owed (outstanding ≤ 0): every instalment is paid (the loan is settled).
 * 2. Arrears: with d days past due, the oldest unpaid instalment fell due d days ago, so every
 *    instalment due from (today − d) up to today is overdue. Days past due is the core system's
 *    word on arrears and wins over the balance.
 * 3. Otherwise an instalment due on or before today is paid (nothing is late).
 * 4. A later instalment is paid early when the balance already covers it: its principal is more
 *    than zero and the outstanding is no more than what should remain after it (a prepayment).
 *    Interest-only instalments of a bullet loan are never prepaid this way.
 * 5. Anything else is due (not yet owed).
 */
export function instalmentStatuses(schedule: readonly Instalment[], s: RepaymentState): InstalmentStatus[] {
  if (s.outstandingMinor <= 0) return schedule.map(() => 'paid');
  const dpd = Math.max(0, s.daysPastDue ?? 0);
  const arrearsFrom = dpd > 0 ? addDaysIso(s.today, -dpd) : null;
  return schedule.map((i) => {
    if (i.dueOn <= s.today) return arrearsFrom !== null && i.dueOn >= arrearsFrom ? 'overdue' : 'paid';
    if (i.principalMinor > 0 && s.outstandingMinor <= i.remainingMinor) return 'paid';
    return 'due';
  });
}

/** The instalment to show as next: the first one not yet owed (status due), or null. */
export function nextInstalment(statuses: readonly InstalmentStatus[]): number | null {
  const i = statuses.indexOf('due');
  return i < 0 ? null : i;
}

function addDaysIso(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Loan-to-value in basis points (owed ÷ appraised), or null when there is no value to compare. */
export function loanToValueBp(owedMinor: number, appraisedMinor: number): number | null {
  if (appraisedMinor <= 0) return null;
  return Number(divRound(BigInt(Math.max(0, owedMinor)) * 10_000n, BigInt(appraisedMinor)));
}
