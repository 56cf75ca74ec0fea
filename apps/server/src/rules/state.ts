import type { AccountKind } from '@dossier/contract';
import { TRANSACTION_CATEGORIES } from '@dossier/contract';
import { sideOf } from '../finance/ledger.ts';
import {
  type Closes,
  type DayRuns,
  closeAt,
  closeEntries,
  daysText,
  newCloses,
  newDayRuns,
  runsFor,
  setClose,
} from './rings.ts';
import { type Payees, newPayees, payeeId, payeePairs, payeesOfPairs } from './payees.ts';

/**
 * What the early-warning engine remembers of one client between events: small and bounded,
 * stored as JSON in one row per client (`readState` / `writeState`) and read and written with the
 * transactions it follows. In memory it is laid out for the engine (maps, flat number runs: no
 * per-event objects); stored, it is plain JSON. Times are epoch milliseconds; days are bank days
 * (UTC+8) as day numbers (`dayNumber`).
 */
export type WarningState = {
  v: 3;
  /**
   * Bank day → its movements as runs of four numbers: bucket (`bucketOf`: the category's place in
   * the contract's list × 2, + 1 for money in), sum, count, largest amount.
   */
  days: DayRuns;
  /** Currency → account id → balance of each asset account (deposits, investments). */
  balances: Record<string, Record<string, number>>;
  /** Currency → the sum of `balances` (not stored: worked out on reading). */
  totals: Record<string, number>;
  /** Currency → bank day → the client's asset total at the day's close (days with a change). */
  closes: Record<string, Closes>;
  /**
   * Outflows of the last 90 days as pairs of numbers (minute since 1970, amount), oldest first.
   * The newest 128 are read; between saves up to twice that many may stand (trimmed in bulk).
   */
  outflows: number[];
  /** Category → times of inflows of the last 180 days, oldest first, at most 24. */
  inflows: Record<string, number[]>;
  /** Account id → time of its newest transaction. */
  lastAt: Record<string, number>;
  /** Payees paid before (`payeeId` of the counterparty key), at most 512, least recently used forgotten. */
  counterparties: Payees;
  /** Rule code → time of its last hit that could raise an alert (for cool-down). */
  fired: Record<string, number>;
  /** The bank day the state last forgot what no window reaches (once a week is enough). */
  prunedDay?: number;
};

const DAY_MS = 86_400_000;
const BANK_OFFSET_MS = 8 * 3_600_000;

/** The bank day (UTC+8) of an instant in epoch milliseconds, as a whole number of days since 1970-01-01. */
export function dayNumber(epochMs: number): number {
  return Math.floor((epochMs + BANK_OFFSET_MS) / DAY_MS);
}

function digits(s: string, from: number, length: number): number {
  let v = 0;
  for (let k = from; k < from + length; k++) v = v * 10 + s.charCodeAt(k) - 48;
  return v;
}

/** Where the digits of `YYYY-MM-DDTHH:MM:SS.sssZ` stand. */
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

/**
 * Epoch milliseconds of an ISO instant. The canonical form (`toISOString`'s, as stored) is read
 * by arithmetic, several times faster than `Date.parse`; any other form goes to `Date.parse`.
 */
export function instantMs(at: string): number {
  if (
    at.length !== 24 ||
    at.charCodeAt(4) !== 45 ||
    at.charCodeAt(7) !== 45 ||
    at.charCodeAt(10) !== 84 ||
    at.charCodeAt(13) !== 58 ||
    at.charCodeAt(16) !== 58 ||
    at.charCodeAt(19) !== 46 ||
    at.charCodeAt(23) !== 90
  )
    return Date.parse(at);
  for (let k = 0; k < DIGITS.length; k++) {
    const c = at.charCodeAt(DIGITS[k]!);
    if (c < 48 || c > 57) return Date.parse(at);
  }
  const y = digits(at, 0, 4);
  const m = digits(at, 5, 2);
  const d = digits(at, 8, 2);
  const hh = digits(at, 11, 2);
  const mm = digits(at, 14, 2);
  const ss = digits(at, 17, 2);
  if (m < 1 || m > 12 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 59) return Date.parse(at);
  // Days since 1970-01-01 of the civil date (proleptic Gregorian; March-based years).
  const ym = m <= 2 ? y - 1 : y;
  const era = Math.floor(ym / 400);
  const yoe = ym - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  return days * DAY_MS + ((hh * 60 + mm) * 60 + ss) * 1000 + digits(at, 20, 3);
}

/** `YYYY-MM-DD` (a bank day) as a day number. */
export function dayNumberOf(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

export const LIMITS = {
  /** The longest window a condition may ask for, plus a margin for carry-forward. */
  dayHistory: 95,
  outflowDays: 90,
  outflows: 128,
  inflowDays: 180,
  inflows: 24,
  counterparties: 512,
} as const;

const CATEGORY_INDEX: Record<string, number> = Object.fromEntries(
  TRANSACTION_CATEGORIES.map((c, i) => [c, i]),
);
const OTHER = CATEGORY_INDEX.other!;
/** Number of buckets a day can hold: every category, in and out. */
export const BUCKETS = TRANSACTION_CATEGORIES.length * 2;

/** A day's bucket for money in or out of a category. */
export function bucketOf(direction: 'credit' | 'debit', category: string): number {
  return (CATEGORY_INDEX[category] ?? OTHER) * 2 + (direction === 'credit' ? 1 : 0);
}

export function emptyState(): WarningState {
  return {
    v: 3,
    days: newDayRuns(),
    balances: {},
    totals: {},
    closes: {},
    outflows: [],
    inflows: {},
    lastAt: {},
    counterparties: newPayees(),
    fired: {},
  };
}

/** Sets an asset account's balance: the client's total moves with it, and the day's close. */
export function setBalance(
  s: WarningState,
  currency: string,
  accountId: number,
  balance: number,
  day: number,
): void {
  let byAccount = s.balances[currency];
  if (byAccount === undefined) {
    byAccount = {};
    s.balances[currency] = byAccount;
  }
  const before = byAccount[accountId];
  if (before === balance) return;
  byAccount[accountId] = balance;
  const total = (s.totals[currency] ?? 0) + balance - (before ?? 0);
  s.totals[currency] = total;
  let closes = s.closes[currency];
  if (closes === undefined) {
    closes = newCloses();
    s.closes[currency] = closes;
  }
  setClose(closes, day, total);
}

/** An account as a new state starts from it. */
export type SeedAccount = {
  accountId: number;
  kind: AccountKind;
  currency: string;
  balanceMinor: number;
  /** Its newest movement (ISO instant), if any: how long it has slept. */
  lastAt: string | null;
};

/**
 * A new client's state from its accounts before the first event, so that a fall is measured
 * from what the client held, not from zero, and a long-quiet account is known to be dormant.
 * `day` is the bank day before the first event: the asset balances stand as that day's close.
 */
export function seedState(accounts: SeedAccount[], day: string): WarningState {
  const s = emptyState();
  const n = dayNumberOf(day);
  for (const a of accounts) {
    if (a.lastAt) s.lastAt[a.accountId] = Date.parse(a.lastAt);
    if (sideOf(a.kind) === 'asset') setBalance(s, a.currency, a.accountId, a.balanceMinor, n);
  }
  return s;
}

/** `seedState` for asset accounts given by balance alone. */
export function seededState(
  assets: { accountId: number; currency: string; balanceMinor: number }[],
  day: string,
): WarningState {
  return seedState(
    assets.map((a) => ({ ...a, kind: 'demand_deposit', lastAt: null })),
    day,
  );
}

/**
 * An account first met in the middle of its history (a backtest): its balance before that
 * moment joins the client's total as the close of `day`, so a first fall is measured from it.
 */
export function addOpeningBalance(
  s: WarningState,
  opening: { accountId: number; currency: string; balanceMinor: number },
  day: string,
): void {
  if (s.balances[opening.currency]?.[opening.accountId] !== undefined) return;
  const n = dayNumberOf(day);
  const closes = s.closes[opening.currency];
  const had = closes ? closeAt(closes, n) : undefined;
  setBalance(s, opening.currency, opening.accountId, opening.balanceMinor, n);
  // A close already standing for that day stays as it was.
  if (had !== undefined) setClose(s.closes[opening.currency]!, n, had);
}

/**
 * The state as stored (JSON), the totals left out. Number lists that are not the days go as
 * base64 of little-endian doubles (`f64Base64`): millisecond times, 52-bit payees and balances
 * read from typed arrays format several times slower as decimal text, on every batch's path.
 */
type StoredState = {
  v: 3;
  /** The days flat: day, number of runs, its runs of four, day, … */
  days: number[];
  balances: Record<string, Record<string, number>>;
  /** Currency → [day, total, day, total, …] (base64 of doubles). */
  closes: Record<string, string>;
  /** [minute, amount, minute, amount, …] (base64 of doubles). */
  outflows: string;
  /** Category → the inflow times (base64 of doubles). */
  inflows: Record<string, string>;
  lastAt: Record<string, number>;
  /** The payees and their last use (`payeePairs`), as base64 of little-endian doubles. */
  payees: string;
  fired: Record<string, number>;
  prunedDay?: number;
};

/** Version 2 (session 4's layout): each day as [day, ...its runs]; payees as the first ten characters of their keys. */
type StoredStateV2 = Omit<StoredState, 'v' | 'days' | 'closes' | 'outflows' | 'inflows' | 'payees'> & {
  v: 2;
  days: number[][];
  closes: Record<string, number[]>;
  outflows: number[];
  inflows: Record<string, number[]>;
  counterparties: string[];
};

/** Version 1 (session 3's layout): objects keyed by day and by `o`/`i` + category code. */
type StoredStateV1 = Omit<StoredStateV2, 'v' | 'days' | 'closes' | 'outflows'> & {
  v: 1;
  days: Record<string, Record<string, [number, number, number]>>;
  closes: Record<string, Record<string, number>>;
  outflows: [number, number][];
};

/** A stored state (JSON, either version) as the engine works on it. */
export function readState(json: string): WarningState {
  const stored = JSON.parse(json) as StoredState | StoredStateV2 | StoredStateV1;
  const s: StoredState = stored.v === 3 ? stored : fromV2(stored.v === 1 ? fromV1(stored) : stored);
  const days = newDayRuns();
  const flat = s.days;
  for (let i = 0; i < flat.length; ) {
    const n = 4 * flat[i + 1]!;
    const runs = runsFor(days, flat[i]!);
    if (runs) for (let k = i + 2; k < i + 2 + n; k++) runs.push(flat[k]!);
    i += 2 + n;
  }
  const closes: WarningState['closes'] = {};
  for (const currency in s.closes) {
    const flat = base64F64(s.closes[currency]!);
    const c = newCloses();
    for (let i = 0; i < flat.length; i += 2) setClose(c, flat[i]!, flat[i + 1]!);
    closes[currency] = c;
  }
  const inflows: Record<string, number[]> = {};
  for (const category in s.inflows) inflows[category] = Array.from(base64F64(s.inflows[category]!));
  const totals: Record<string, number> = {};
  for (const currency in s.balances) {
    let total = 0;
    const byAccount = s.balances[currency]!;
    for (const k in byAccount) total += byAccount[k]!;
    totals[currency] = total;
  }
  return {
    v: 3,
    days,
    balances: s.balances,
    totals,
    closes,
    outflows: Array.from(base64F64(s.outflows)),
    inflows,
    lastAt: s.lastAt,
    counterparties: payeesOfPairs(base64F64(s.payees)),
    fired: s.fired,
    ...(s.prunedDay === undefined ? {} : { prunedDay: s.prunedDay }),
  };
}

/**
 * A state as stored: JSON, with only what the engine reads. Written for every client of every
 * batch, so the days' history is not formatted again (`daysText` keeps it) and the other number
 * lists go as base64 of doubles.
 */
export function writeState(s: WarningState): string {
  const closes: Record<string, string> = {};
  for (const currency in s.closes) closes[currency] = f64Base64(closeEntries(s.closes[currency]!));
  const inflows = f64Base64Each(s.inflows);
  const extra = s.outflows.length - 2 * LIMITS.outflows;
  const rest: Omit<StoredState, 'v' | 'days'> = {
    balances: s.balances,
    closes,
    outflows: f64Base64(extra > 0 ? s.outflows.slice(extra) : s.outflows),
    inflows,
    lastAt: s.lastAt,
    payees: f64Base64(payeePairs(s.counterparties)),
    fired: s.fired,
    ...(s.prunedDay === undefined ? {} : { prunedDay: s.prunedDay }),
  };
  return `{"v":3,"days":[${daysText(s.days)}],${JSON.stringify(rest).slice(1)}`;
}

/** Numbers as base64 of little-endian doubles (see `StoredState`). */
function f64Base64(xs: ArrayLike<number>): string {
  const f = xs instanceof Float64Array ? xs : Float64Array.from(xs);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString('base64');
}

/** `f64Base64` of each list of a map. */
function f64Base64Each(lists: Record<string, number[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in lists) out[key] = f64Base64(lists[key]!);
  return out;
}

function base64F64(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  // Copied out: a Float64Array needs its bytes aligned to eight.
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

function fromV2(s: StoredStateV2): StoredState {
  const days: number[] = [];
  for (const d of [...s.days].sort((a, b) => a[0]! - b[0]!))
    days.push(d[0]!, (d.length - 1) / 4, ...d.slice(1));
  const { counterparties, inflows, closes, outflows, ...rest } = s;
  // Least recently used first: their order is their last use.
  const pairs = counterparties.flatMap((key, i) => [payeeId(key), i + 1]);
  return {
    ...rest,
    v: 3,
    days,
    closes: f64Base64Each(closes),
    outflows: f64Base64(outflows),
    inflows: f64Base64Each(inflows),
    payees: f64Base64(pairs),
  };
}

function fromV1(s: StoredStateV1): StoredStateV2 {
  const days: number[][] = [];
  for (const day in s.days) {
    const runs: number[] = [Number(day)];
    const buckets = s.days[day]!;
    for (const key in buckets) {
      const [sum, count, max] = buckets[key]!;
      const category = Number.parseInt(key.slice(1), 36);
      runs.push(category * 2 + (key[0] === 'i' ? 1 : 0), sum, count, max);
    }
    days.push(runs);
  }
  const closes: Record<string, number[]> = {};
  for (const currency in s.closes) {
    const flat: number[] = [];
    for (const day in s.closes[currency]) flat.push(Number(day), s.closes[currency]![day]!);
    closes[currency] = flat;
  }
  return { ...s, v: 2, days, closes, outflows: s.outflows.flat() };
}
