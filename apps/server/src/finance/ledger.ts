import type { AccountKind, TransactionCategory, TransactionDirection } from '@dossier/contract';

/**
 * The arithmetic of balances and rollups, with no I/O: a batch of validated transactions and the
 * current state of their accounts in; the accounts' new states and the changes to add to the
 * rollups out. The repository adds the changes (`x = x + excluded.x`), so batches commute: the
 * rollups come out the same whatever order batches arrive in.
 */

/** Asia/Shanghai keeps UTC+8 all year (no daylight saving since 1991): a bank day is a UTC+8 date. */
const BANK_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The bank's calendar day of an instant: `2026-11-30T17:00:00Z` → `2026-12-01`. */
export function bankDay(instant: string): string {
  // Fast path for UTC text as stored (`toISOString()`): before 16:00 UTC the bank day is its date.
  if (instant.length === 24 && instant.charCodeAt(23) === 90 && instant.charCodeAt(10) === 84) {
    const hour = (instant.charCodeAt(11) - 48) * 10 + (instant.charCodeAt(12) - 48);
    if (hour < 16) return instant.slice(0, 10);
  }
  return new Date(Date.parse(instant) + BANK_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today on the bank's calendar (Asia/Shanghai): what "today" means for due dates and reviews. */
export function bankToday(now: Date): string {
  return bankDay(now.toISOString());
}

/** The instant a bank day starts: `2026-12-01` → `2026-11-30T16:00:00.000Z`. */
export function bankDayStart(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - BANK_OFFSET_MS).toISOString();
}

/** The day `n` days after `day` (before, when negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The month `n` months after the month of `day`, as `YYYY-MM`. */
export function addMonths(day: string, n: number): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 7);
}

/** The first day of a window of `months` months ending with `today`: 24 months to 2026-11-29 start 2024-11-30. */
export function windowStart(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return addDays(first.toISOString().slice(0, 10), 1);
}

/**
 * Which side of the client's balance sheet an account sits on. A credit facility is a limit, not
 * money held or owed: what is drawn under it lives in the loan accounts, so counting it would count
 * the debt twice.
 */
export type Side = 'asset' | 'liability' | 'none';
export function sideOf(kind: AccountKind): Side {
  switch (kind) {
    case 'demand_deposit':
    case 'time_deposit':
    case 'investment':
      return 'asset';
    case 'loan':
    case 'credit_card':
      return 'liability';
    case 'credit_facility':
      return 'none';
  }
}

/**
 * What a transaction does to its account's balance, in the balance's own sign: a credit adds to a
 * deposit; on a loan or card a debit (a drawing, a purchase) adds to what is owed and a credit (a
 * repayment) takes from it. `signedAmount('loan', 'credit', 500)` → -500.
 */
export function signedAmount(
  kind: AccountKind,
  direction: TransactionDirection,
  amountMinor: number,
): number {
  const sign = sideOf(kind) === 'asset' ? 1 : -1;
  return direction === 'credit' ? sign * amountMinor : -sign * amountMinor;
}

export type AccountState = Readonly<{
  id: number;
  clientId: number;
  kind: AccountKind;
  currency: string;
  balanceMinor: number;
  /** Booking time of the newest transaction in the balance. */
  balanceAsOf: string | null;
  /** Booking time of the newest balance the ledger stated. Older transactions are inside it. */
  balanceAnchorAt: string | null;
}>;

/** A validated transaction to apply. Instants are ISO-8601 UTC (`toISOString()`), so text order is time order. */
export type Posting<R = undefined> = Readonly<{
  /** Position in the batch: ties in booking time keep batch order. */
  index: number;
  accountId: number;
  bookedAt: string;
  amountMinor: number;
  direction: TransactionDirection;
  category: TransactionCategory;
  balanceAfterMinor: number | null;
  /** The counterparty's key (blind index of its account) and what the caller keeps with it. */
  counterparty: Readonly<{ key: string; ref: R }> | null;
}>;

export type AccountDayChange = { accountId: number; clientId: number; day: string; changeMinor: number };
export type ClientDayChange = {
  clientId: number;
  day: string;
  currency: string;
  assetsChangeMinor: number;
  liabilitiesChangeMinor: number;
};
export type ClientMonthFlow = {
  clientId: number;
  month: string;
  currency: string;
  category: TransactionCategory;
  direction: TransactionDirection;
  amountMinor: number;
  count: number;
};
export type CounterpartyFlow<R> = {
  clientId: number;
  month: string;
  key: string;
  currency: string;
  direction: TransactionDirection;
  amountMinor: number;
  count: number;
  /** The ref of the newest transaction with this counterparty in the batch. */
  latest: R;
};

/** Changes to add to the rollups; each key appears once (one upsert row each), in a stable order. */
export type Rollups<R = undefined> = {
  accountDays: AccountDayChange[];
  clientDays: ClientDayChange[];
  clientMonths: ClientMonthFlow[];
  counterparties: CounterpartyFlow<R>[];
};

export type BatchEffects<R = undefined> = Rollups<R> & {
  /** The new state of every account the batch touched. */
  accounts: AccountState[];
  /** Indexes of the postings whose balance-after reset their account's balance. */
  setsBalance: Set<number>;
};

function collector<R>() {
  const accountDays = new Map<string, AccountDayChange>();
  const clientDays = new Map<string, ClientDayChange>();
  const clientMonths = new Map<string, ClientMonthFlow>();
  const counterparties = new Map<string, CounterpartyFlow<R>>();
  const sorted = <T>(m: Map<string, T>) =>
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  return {
    /** The account's balance on `day` and every day after moves by `changeMinor`. */
    balanceChange(s: AccountState, day: string, changeMinor: number) {
      if (changeMinor === 0) return;
      const ak = `${s.id}|${day}`;
      const a = accountDays.get(ak) ?? { accountId: s.id, clientId: s.clientId, day, changeMinor: 0 };
      a.changeMinor += changeMinor;
      accountDays.set(ak, a);
      const side = sideOf(s.kind);
      if (side === 'none') return;
      const ck = `${s.clientId}|${day}|${s.currency}`;
      const c = clientDays.get(ck) ?? {
        clientId: s.clientId,
        day,
        currency: s.currency,
        assetsChangeMinor: 0,
        liabilitiesChangeMinor: 0,
      };
      if (side === 'asset') c.assetsChangeMinor += changeMinor;
      else c.liabilitiesChangeMinor += changeMinor;
      clientDays.set(ck, c);
    },
    flow(s: AccountState, p: Posting<R>, day: string) {
      const month = day.slice(0, 7);
      const mk = `${s.clientId}|${month}|${s.currency}|${p.category}|${p.direction}`;
      const m = clientMonths.get(mk) ?? {
        clientId: s.clientId,
        month,
        currency: s.currency,
        category: p.category,
        direction: p.direction,
        amountMinor: 0,
        count: 0,
      };
      m.amountMinor += p.amountMinor;
      m.count += 1;
      clientMonths.set(mk, m);
      if (!p.counterparty) return;
      const pk = `${s.clientId}|${month}|${p.counterparty.key}|${s.currency}|${p.direction}`;
      const f = counterparties.get(pk) ?? {
        clientId: s.clientId,
        month,
        key: p.counterparty.key,
        currency: s.currency,
        direction: p.direction,
        amountMinor: 0,
        count: 0,
        latest: p.counterparty.ref,
      };
      f.amountMinor += p.amountMinor;
      f.count += 1;
      f.latest = p.counterparty.ref; // postings arrive in booking order: the last one is the newest
      counterparties.set(pk, f);
    },
    result(): Rollups<R> {
      return {
        accountDays: sorted(accountDays).filter((a) => a.changeMinor !== 0),
        clientDays: sorted(clientDays).filter(
          (c) => c.assetsChangeMinor !== 0 || c.liabilitiesChangeMinor !== 0,
        ),
        clientMonths: sorted(clientMonths),
        counterparties: sorted(counterparties),
      };
    },
  };
}

/** The first stated balance after `t`: from the stored anchors (sorted), else the account's newest. */
function nextAnchor(t: string, stored: readonly string[] | undefined, newest: string): string {
  let lo = 0;
  let hi = stored?.length ?? 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stored![mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return stored?.[lo] ?? newest;
}

/**
 * Applies a batch of new transactions to their accounts, in booking order. The rule for a balance:
 *
 * - A transaction booked at or after the newest one in the balance moves it by its amount; if it
 *   carries the ledger's balance-after, that balance is taken as it is (the ledger is the truth).
 * - A transaction that arrives late, booked before the ledger's newest stated balance, is already
 *   inside that balance: the balance stays, and only the closing balances of the days between the
 *   transaction and the first stated balance after it move.
 * - A late one booked after the newest stated balance moves the balance by its amount.
 *
 * `anchors` gives, per account, the booking times of stored transactions whose balance-after reset
 * the balance, from the earliest late posting on (the caller reads them only for late postings).
 *
 * ```ts
 * applyPostings(new Map([[1, { id: 1, clientId: 7, kind: 'demand_deposit', currency: 'CNY',
 *   balanceMinor: 0, balanceAsOf: null, balanceAnchorAt: null }]]),
 *   [{ index: 0, accountId: 1, bookedAt: '2026-11-01T02:00:00.000Z', amountMinor: 500,
 *      direction: 'credit', category: 'salary', balanceAfterMinor: null, counterparty: null }])
 * // → accounts[0].balanceMinor 500; accountDays [{ day: '2026-11-01', changeMinor: 500 }];
 * //   clientDays [{ assetsChangeMinor: 500 }]; clientMonths [{ month: '2026-11', salary, credit, 500, 1 }]
 * ```
 */
export function applyPostings<R = undefined>(
  states: ReadonlyMap<number, AccountState>,
  postings: readonly Posting<R>[],
  anchors: ReadonlyMap<number, readonly string[]> = new Map(),
): BatchEffects<R> {
  const out = collector<R>();
  const current = new Map<number, AccountState>();
  const setsBalance = new Set<number>();
  const ordered = [...postings].sort((a, b) =>
    a.bookedAt < b.bookedAt ? -1 : a.bookedAt > b.bookedAt ? 1 : a.index - b.index,
  );
  for (const p of ordered) {
    const s = current.get(p.accountId) ?? states.get(p.accountId);
    if (!s) throw new Error(`no state given for account ${p.accountId}`);
    const day = bankDay(p.bookedAt);
    const signed = signedAmount(s.kind, p.direction, p.amountMinor);
    const newest = s.balanceAsOf === null || p.bookedAt >= s.balanceAsOf;
    let next: AccountState;
    if (newest && p.balanceAfterMinor !== null) {
      out.balanceChange(s, day, p.balanceAfterMinor - s.balanceMinor);
      next = {
        ...s,
        balanceMinor: p.balanceAfterMinor,
        balanceAsOf: p.bookedAt,
        balanceAnchorAt: p.bookedAt,
      };
      setsBalance.add(p.index);
    } else if (s.balanceAnchorAt !== null && p.bookedAt < s.balanceAnchorAt) {
      out.balanceChange(s, day, signed);
      out.balanceChange(s, bankDay(nextAnchor(p.bookedAt, anchors.get(s.id), s.balanceAnchorAt)), -signed);
      next = s;
    } else {
      out.balanceChange(s, day, signed);
      next = {
        ...s,
        balanceMinor: s.balanceMinor + signed,
        balanceAsOf: newest ? p.bookedAt : s.balanceAsOf,
      };
    }
    current.set(p.accountId, next);
    out.flow(s, p, day);
  }
  return { ...out.result(), accounts: [...current.values()], setsBalance };
}

/**
 * The rollup changes of new accounts' stated opening balances: each appears on the day it was
 * stated. Nothing for an account that starts empty.
 */
export function openingRollups(accounts: readonly AccountState[]): Rollups {
  const out = collector<undefined>();
  for (const s of accounts) {
    if (s.balanceAnchorAt !== null) out.balanceChange(s, bankDay(s.balanceAnchorAt), s.balanceMinor);
  }
  return out.result();
}
