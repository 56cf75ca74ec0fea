import type { AccountKind } from '@dossier/contract';
import { sideOf } from '../finance/ledger.ts';
/**
 * What the early-warning engine remembers of one client between events: small, bounded, plain
 * JSON, so it is stored in one row per client and read and written with the transactions it
 * follows. Times are epoch milliseconds; days are bank days (`YYYY-MM-DD`, UTC+8).
 */
export type WarningState = {
  v: 1;
  /** Bank day (`dayNumber`) → `o`/`i` + category code → [sum, count, max] of its movements out / in. */
  days: Record<number, Record<string, [number, number, number]>>;
  /** Currency → account id → balance of each asset account (deposits, investments). */
  balances: Record<string, Record<string, number>>;
  /** Currency → bank day (`dayNumber`) → the client's asset total at the day's close (days with a change). */
  closes: Record<string, Record<number, number>>;
  /** Outflows of the last 90 days as [minute since 1970, amount], oldest first, at most 128. */
  outflows: [number, number][];
  /** Category → times of inflows of the last 180 days, oldest first, at most 24. */
  inflows: Record<string, number[]>;
  /** Account id → time of its newest transaction. */
  lastAt: Record<string, number>;
  /** Counterparty keys (first 10 characters of the blind index) seen, newest last, at most 512. */
  counterparties: string[];
  /** Rule code → time of its last hit that could raise an alert (for cool-down). */
  fired: Record<string, number>;
  /** The bank day the state last forgot what no window reaches (once a day is enough). */
  prunedDay?: number;
};

const DAY_MS = 86_400_000;
const BANK_OFFSET_MS = 8 * 3_600_000;

/** The bank day (UTC+8) of an instant in epoch milliseconds, as a whole number of days since 1970-01-01. */
export function dayNumber(epochMs: number): number {
  return Math.floor((epochMs + BANK_OFFSET_MS) / DAY_MS);
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

export function emptyState(): WarningState {
  return {
    v: 1,
    days: {},
    balances: {},
    closes: {},
    outflows: [],
    inflows: {},
    lastAt: {},
    counterparties: [],
    fired: {},
  };
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
  for (const a of accounts) {
    if (a.lastAt) s.lastAt[a.accountId] = Date.parse(a.lastAt);
    if (sideOf(a.kind) !== 'asset') continue;
    s.balances[a.currency] ??= {};
    s.balances[a.currency]![a.accountId] = a.balanceMinor;
  }
  for (const [currency, byAccount] of Object.entries(s.balances)) {
    let total = 0;
    for (const v of Object.values(byAccount)) total += v;
    s.closes[currency] = { [dayNumberOf(day)]: total };
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
  s.balances[opening.currency] ??= {};
  const byAccount = s.balances[opening.currency]!;
  if (byAccount[opening.accountId] !== undefined) return;
  byAccount[opening.accountId] = opening.balanceMinor;
  let total = 0;
  for (const v of Object.values(byAccount)) total += v;
  s.closes[opening.currency] ??= {};
  const closes = s.closes[opening.currency]!;
  const n = dayNumberOf(day);
  if (closes[n] === undefined) closes[n] = total;
}
