import type {
  Account,
  AccountKind,
  AssetClass,
  FinanceSummary,
  ProductRiskLevel,
  RiskTolerance,
  SignedMoney,
  TransactionCategory,
} from '@dossier/contract';
import { formatMoney } from '../../lib/money.ts';

// Pure shaping of the finance answers for the charts and tables: no React, no I/O, unit-tested.

const BANK_OFFSET_MS = 8 * 3600_000;

/** The bank day (Asia/Shanghai, no DST) of an instant: `2026-11-28T17:00:00Z` → `2026-11-29`. */
export function bankDayOf(instant: string): string {
  return new Date(Date.parse(instant) + BANK_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The same day `months` months earlier, clamped to the month's end: 2026-03-31 less 1 → 2026-02-28. */
export function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

/** The `n` months (`YYYY-MM`) ending with the month of `day`, oldest first. */
export function lastMonths(day: string, n: number): string[] {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    out.push(new Date(Date.UTC(y, m - 1 - i, 1)).toISOString().slice(0, 7));
  }
  return out;
}

/**
 * Every currency the client has money in, CNY first, then alphabetical. Amounts of different
 * currencies are never added together: the page shows one currency's charts at a time.
 */
export function currenciesOf(summary: FinanceSummary, accounts: readonly Account[]): string[] {
  const all = new Set<string>();
  for (const m of [...summary.aum, ...summary.liabilities]) all.add(m.currency);
  for (const d of summary.daily) all.add(d.currency);
  for (const f of summary.monthlyFlows) all.add(f.currency);
  for (const a of accounts) all.add(a.currency);
  return [...all].sort((a, b) => (a === 'CNY' ? -1 : b === 'CNY' ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

/** When the freshest balance was stated: the newest `balanceAsOf` of the accounts, or null. */
export function newestBalanceAt(accounts: readonly Account[]): string | null {
  let newest: string | null = null;
  for (const a of accounts) {
    if (a.balanceAsOf !== null && (newest === null || Date.parse(a.balanceAsOf) > Date.parse(newest)))
      newest = a.balanceAsOf;
  }
  return newest;
}

/** The amount of `currency` in a per-currency list, zero when absent. */
export function amountIn(list: readonly SignedMoney[], currency: string): number {
  return list.find((m) => m.currency === currency)?.minor ?? 0;
}

/** Money that may be negative (`-1.50万元`); lib/money formats only amounts of zero or more. */
export function formatSignedMoney(money: SignedMoney, lang: 'zh' | 'en', plus = false): string {
  const text = formatMoney({ minor: Math.abs(money.minor), currency: money.currency }, lang);
  if (money.minor < 0) return `-${text}`;
  return plus && money.minor > 0 ? `+${text}` : text;
}

/** A figure with at most `decimals` places and no trailing zeros: 2.50 → `2.5`, 800 → `800`. */
function trimmed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * An axis label: short, so a chart's scale stays readable. In Chinese in 万 / 亿 (`1,250万`,
 * `1.2亿`); in English with K / M / B and the currency's sign (`¥12.5M`, `USD 350K`).
 */
export function axisAmount(minor: number, currency: string, lang: 'zh' | 'en'): string {
  const major = minor / 100;
  const sign = major < 0 ? '-' : '';
  const abs = Math.abs(major);
  if (lang === 'zh') {
    if (abs >= 1e8) return `${sign}${trimmed(abs / 1e8, 2)}亿`;
    if (abs >= 1e4)
      return `${sign}${Math.round(abs / 1e4) >= 100 ? Math.round(abs / 1e4).toLocaleString('en-US') : trimmed(abs / 1e4, 1)}万`;
    return `${sign}${trimmed(abs, 0)}`;
  }
  const prefix = currency === 'CNY' ? '¥' : `${currency} `;
  const units: Array<[number, string]> = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (abs >= size) return `${sign}${prefix}${trimmed(abs / size, 2)}${suffix}`;
  }
  return `${sign}${prefix}${trimmed(abs, 0)}`;
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A month (`2026-01`) on a chart's axis: `1月` / `Jan`, with the year below when asked (`1月\n2026`). */
export function monthLabel(month: string, lang: 'zh' | 'en', withYear: boolean): string {
  const m = Number(month.slice(5, 7));
  const name = lang === 'zh' ? `${m}月` : (EN_MONTHS[m - 1] ?? month);
  return withYear ? `${name}\n${month.slice(0, 4)}` : name;
}

/** Basis points as a percentage: 385 → `3.85%`, 6523 → `65.23%`. */
export function percentOfBp(bp: number, decimals = 2): string {
  return `${(bp / 100).toFixed(decimals)}%`;
}

export interface TrendSeries {
  days: string[];
  assets: number[];
  liabilities: number[];
}

/** The daily closing positions of `currency` over the last `months` months (the API sends 24). */
export function aumTrend(summary: FinanceSummary, currency: string, months: number): TrendSeries {
  const points = summary.daily.find((d) => d.currency === currency)?.points ?? [];
  const last = points.at(-1)?.day ?? bankDayOf(summary.asOf);
  const from = addDays(monthsBefore(last, months), 1);
  const shown = points.filter((p) => p.day >= from);
  return {
    days: shown.map((p) => p.day),
    assets: shown.map((p) => p.assetsMinor),
    liabilities: shown.map((p) => p.liabilitiesMinor),
  };
}

export interface AumChange {
  /** Assets at the close of the same day `months` months ago, and now. */
  before: number;
  now: number;
  change: number;
  /** Change in basis points of the earlier figure; null when there was nothing then. */
  changeBp: number | null;
  since: string;
}

/** How the assets of `currency` moved over `months` months, from the daily series; null without one. */
export function aumChange(summary: FinanceSummary, currency: string, months = 12): AumChange | null {
  const points = summary.daily.find((d) => d.currency === currency)?.points ?? [];
  const last = points.at(-1);
  if (!last) return null;
  const since = monthsBefore(last.day, months);
  const then = points.filter((p) => p.day <= since).at(-1) ?? points[0];
  if (!then) return null;
  const change = last.assetsMinor - then.assetsMinor;
  return {
    before: then.assetsMinor,
    now: last.assetsMinor,
    change,
    changeBp: then.assetsMinor > 0 ? Math.round((change * 10_000) / then.assetsMinor) : null,
    since: then.day,
  };
}

export interface FlowSeries {
  category: TransactionCategory;
  /** One amount per month, in minor units, zero or more. */
  values: number[];
  counts: number[];
}

export interface MonthlyFlows {
  months: string[];
  inflows: FlowSeries[];
  outflows: FlowSeries[];
  totalIn: number[];
  totalOut: number[];
}

/**
 * Entries on the loan or investment side of a movement, never money coming to or leaving the
 * client: a repayment credited to the loan (the debit from the current account is the outflow), a
 * drawdown debited to the loan, a purchase credited to the holding, a redemption debited from it.
 * The monthly rollup does not say which side an entry sat on, but the category and direction do.
 */
export function isMirrorEntry(category: TransactionCategory, direction: 'credit' | 'debit'): boolean {
  return direction === 'credit'
    ? category === 'loan_repayment' || category === 'investment_purchase'
    : category === 'loan_disbursement' || category === 'investment_redemption';
}

/**
 * The monthly flows of one currency as stacked series: one per category and direction that moved
 * money in the window, largest first, on the given months (missing months are zero). Mirror
 * entries (see `isMirrorEntry`) are left out, so a repayment is not both an outflow and an inflow.
 */
export function monthlyFlowSeries(
  flows: FinanceSummary['monthlyFlows'],
  currency: string,
  months: readonly string[],
): MonthlyFlows {
  const index = new Map(months.map((m, i) => [m, i]));
  const build = (direction: 'credit' | 'debit') => {
    const byCategory = new Map<TransactionCategory, FlowSeries>();
    for (const f of flows) {
      const i = index.get(f.month);
      if (f.currency !== currency || f.direction !== direction || i === undefined) continue;
      if (isMirrorEntry(f.category, f.direction)) continue;
      const s = byCategory.get(f.category) ?? {
        category: f.category,
        values: months.map(() => 0),
        counts: months.map(() => 0),
      };
      s.values[i] = (s.values[i] ?? 0) + f.amountMinor;
      s.counts[i] = (s.counts[i] ?? 0) + f.count;
      byCategory.set(f.category, s);
    }
    const sum = (s: FlowSeries) => s.values.reduce((a, b) => a + b, 0);
    return [...byCategory.values()].filter((s) => sum(s) > 0).sort((a, b) => sum(b) - sum(a));
  };
  const inflows = build('credit');
  const outflows = build('debit');
  const total = (series: FlowSeries[]) =>
    months.map((_, i) => series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  return { months: [...months], inflows, outflows, totalIn: total(inflows), totalOut: total(outflows) };
}

/** A slice of the asset allocation: the two kinds of deposit, then each asset class of investments. */
export type AllocationKey = 'demand_deposit' | 'time_deposit' | AssetClass;

export interface AllocationSlice {
  key: AllocationKey;
  minor: number;
  accounts: number;
}

/**
 * What the client holds in `currency`, by deposit kind and asset class, from the open accounts'
 * balances: the same balances the AUM figure sums, so the slices add up to it.
 */
export function allocation(accounts: readonly Account[], currency: string): AllocationSlice[] {
  const slices = new Map<AllocationKey, AllocationSlice>();
  for (const a of accounts) {
    if (a.currency !== currency || a.status === 'closed') continue;
    let key: AllocationKey | null = null;
    if (a.kind === 'demand_deposit' || a.kind === 'time_deposit') key = a.kind;
    else if (a.kind === 'investment' && a.assetClass) key = a.assetClass;
    if (key === null || a.balance.minor <= 0) continue;
    const s = slices.get(key) ?? { key, minor: 0, accounts: 0 };
    s.minor += a.balance.minor;
    s.accounts += 1;
    slices.set(key, s);
  }
  return [...slices.values()].sort((a, b) => b.minor - a.minor);
}

/** Kinds whose maturity is a moment to act on: money to reinvest, or a loan to renew or collect. */
const MATURING_KINDS: ReadonlySet<AccountKind> = new Set([
  'time_deposit',
  'investment',
  'loan',
  'credit_facility',
]);

export interface Maturity {
  account: Account;
  daysLeft: number;
}

/**
 * Open accounts maturing from `today` to `days` days later, soonest first. The API has no maturity
 * endpoint; the accounts' own maturity dates say it.
 */
export function maturingWithin(accounts: readonly Account[], today: string, days = 90): Maturity[] {
  const until = addDays(today, days);
  return accounts
    .filter(
      (a) =>
        a.status !== 'closed' &&
        MATURING_KINDS.has(a.kind) &&
        a.maturityOn !== null &&
        a.maturityOn >= today &&
        a.maturityOn <= until,
    )
    .map((account) => ({ account, daysLeft: daysBetween(today, account.maturityOn as string) }))
    .sort((a, b) => a.daysLeft - b.daysLeft || a.account.id - b.account.id);
}

export interface CreditUse {
  limitMinor: number;
  usedMinor: number;
  /** Drawn as basis points of the limit; null without a limit. */
  utilisationBp: number | null;
  lines: number;
}

/** All credit lines of one currency together: limit, drawn and utilisation; null without any. */
export function creditUse(lines: FinanceSummary['creditLines'], currency: string): CreditUse | null {
  const mine = lines.filter((l) => l.currency === currency);
  if (mine.length === 0) return null;
  const limitMinor = mine.reduce((a, l) => a + l.limitMinor, 0);
  const usedMinor = mine.reduce((a, l) => a + l.usedMinor, 0);
  return {
    limitMinor,
    usedMinor,
    utilisationBp: limitMinor > 0 ? Math.round((usedMinor * 10_000) / limitMinor) : null,
    lines: mine.length,
  };
}

/**
 * Whether a product's risk level is above what the client may hold (R3 for a C2 client): the
 * suitability rule matches R1–R5 against C1–C5. Unknown on either side is not a breach.
 */
export function aboveTolerance(level: ProductRiskLevel | null, tolerance: RiskTolerance | null): boolean {
  if (level === null || tolerance === null) return false;
  return Number(level.slice(1)) > Number(tolerance.slice(1));
}

/** How worrying a utilisation is: under 70 % calm, to 90 % watch, above that act. */
export function utilisationLevel(bp: number | null): 'normal' | 'watch' | 'high' {
  if (bp === null || bp < 7000) return 'normal';
  return bp <= 9000 ? 'watch' : 'high';
}

/** `12500.50` typed as major units (元) in minor units, exactly; null when it is not an amount. */
export function majorTextToMinor(text: string): number | null {
  const match = /^\s*(\d+)(?:\.(\d{0,2}))?\s*$/.exec(text.replace(/,/g, ''));
  if (!match) return null;
  const minor = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}
