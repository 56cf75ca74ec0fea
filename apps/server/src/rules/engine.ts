import type {
  AccountKind,
  ClientKind,
  Comparison,
  Condition,
  ConditionTrace,
  LoanClassification,
  RuleDefinition,
  Severity,
  Tier,
  TransactionCategory,
} from '@dossier/contract';
import { LOAN_CLASSIFICATIONS, TRANSACTION_CATEGORIES } from '@dossier/contract';
import { sideOf } from '../finance/ledger.ts';
import { LIMITS, type WarningState, dayNumber } from './state.ts';

/**
 * The early-warning engine: a function of (rules, a client's state, one event) → (hits, the
 * client's new state), with no I/O. A hit carries the "why": each condition with its metric's
 * value and the threshold it was held against.
 *
 * For speed the state passed in is updated in place and returned: the caller owns it (the
 * service reads it from the database, steps it through the batch's events in booking order, and
 * writes it back in the same database transaction).
 *
 * @example
 *   const rules = compileRules([{ id: 1, version: 1, definition: balanceDrain }]);
 *   const { hits } = step(rules, seededState([{ accountId: 7, currency: 'CNY', balanceMinor: 1e8 }], '2026-11-01'),
 *     { clientId: 3, clientKind: 'individual', tier: 'gold' },
 *     { kind: 'transaction', at: '2026-11-02T02:00:00.000Z', accountId: 7, accountKind: 'demand_deposit',
 *       currency: 'CNY', amountMinor: 7e7, direction: 'debit', category: 'transfer_out', counterpartyKey: null,
 *       balanceAfterMinor: 3e7, daysPastDue: null, limitMinor: null, usedMinor: null });
 *   // hits[0].trace → [{ metric: 'balance_drop_pct', value: 70, op: '>=', threshold: 60, holds: true }]
 */

export type Subject = { clientId: number; clientKind: ClientKind; tier: Tier };

export type TransactionEvent = {
  kind: 'transaction';
  at: string;
  accountId: number;
  accountKind: AccountKind;
  currency: string;
  amountMinor: number;
  direction: 'credit' | 'debit';
  category: TransactionCategory;
  /** The counterparty account's blind index, when the transaction names one. */
  counterpartyKey: string | null;
  /** The account's balance after the transaction (the ledger's running balance). */
  balanceAfterMinor: number;
  daysPastDue: number | null;
  limitMinor: number | null;
  usedMinor: number | null;
};

/** An account's terms changed (days past due, classification, limit or drawn amount). */
export type AccountEvent = {
  kind: 'account';
  at: string;
  accountId: number;
  accountKind: AccountKind;
  currency: string;
  balanceMinor: number;
  daysPastDue: number | null;
  classification: LoanClassification | null;
  previousClassification: LoanClassification | null;
  limitMinor: number | null;
  usedMinor: number | null;
};

export type WarningEvent = TransactionEvent | AccountEvent;

export type Hit = {
  ruleId: number;
  ruleCode: string;
  ruleVersion: number;
  severity: Severity;
  /** False within the rule's cool-down after an earlier hit: adds evidence to an open alert only. */
  fresh: boolean;
  trace: ConditionTrace[];
};

/** A rule that threw while judging an event: switched off by the caller, the rest go on. */
export type RuleFailure = { ruleId: number; ruleCode: string; message: string };

type Metric = (s: WarningState, e: WarningEvent, c: Calc) => number | null;
type CompiledCondition = {
  /** Where the condition stands in the definition: traces keep the definition's order. */
  position: number;
  /** Cheaper metrics are judged first; an `all` rule stops at the first that fails. */
  cost: number;
  metric: string;
  op: Comparison;
  threshold: (subject: Subject) => number;
  value: Metric;
};
export type CompiledRule = {
  id: number;
  code: string;
  version: number;
  severity: Severity;
  cooldownMs: number;
  all: boolean;
  appliesTo: (subject: Subject) => boolean;
  /** In the order they are judged (cheapest first). */
  conditions: CompiledCondition[];
  /** Indexes into `conditions` in the definition's order. */
  order: number[];
};

/** Values of the event worked out before the state learns of it (what was new, how long it slept). */
type Calc = {
  /** The bank day as a day number (see `dayNumber`). */
  day: number;
  time: number;
  isNewCounterparty: boolean | null;
  dormantDays: number | null;
  /** Outflow amounts of the `windowDays` before this event, ascending (worked out once per window). */
  earlierOutflows: (windowDays: number) => number[];
};

const DAY_MS = 86_400_000;
/** Counterparty keys kept: 10 hex digits (40 bits) tell a client's few hundred payees apart. */
const CP_KEY = 10;
const MINUTE_MS = 60_000;

const compare: Record<Comparison, (a: number, b: number) => boolean> = {
  '>=': (a, b) => a >= b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '<': (a, b) => a < b,
  '=': (a, b) => a === b,
};

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The close of day `day` in a sparse map of closes: the latest entry on or before it. */
function closeOn(closes: Record<number, number>, day: number, oldest: number): number | null {
  for (let d = day; d >= oldest; d--) {
    const v = closes[d];
    if (v !== undefined) return v;
  }
  // Quiet for longer than any window: the newest close before, however old (pruning keeps it).
  let best = -1;
  for (const k in closes) {
    const d = Number(k);
    if (d <= day && d > best) best = d;
  }
  return best < 0 ? null : closes[best]!;
}

/** A day's bucket: `i`/`o` (in, out) and the category's place in the contract's list, base 36. */
const CATEGORY_CODE = new Map<string, string>(TRANSACTION_CATEGORIES.map((c, i) => [c, i.toString(36)]));
function bucketKey(side: 'i' | 'o', category: string): string {
  return side + (CATEGORY_CODE.get(category) ?? category);
}

function flowMetric(
  direction: 'in' | 'out',
  measure: 0 | 1 | 2,
  windowDays: number,
  categories: readonly string[] | undefined,
): Metric {
  const side = direction === 'in' ? 'i' : 'o';
  const keys = categories ? new Set(categories.map((c) => bucketKey(side, c))) : null;
  const prefix = side;
  return (s, _e, c) => {
    let out = 0;
    for (let day = c.day - windowDays + 1; day <= c.day; day++) {
      const buckets = s.days[day];
      if (!buckets) continue;
      for (const key in buckets) {
        if (keys ? !keys.has(key) : !key.startsWith(prefix)) continue;
        const v = buckets[key]!;
        if (measure === 2) out = Math.max(out, v[2]);
        else out += v[measure];
      }
    }
    return out;
  };
}

function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

function metricOf(c: Condition): Metric {
  switch (c.metric) {
    case 'balance_drop_pct':
      return (s, e, calc) => {
        const closes = s.closes[e.currency];
        if (!closes) return null;
        const current = sum(s.balances[e.currency]);
        const oldest = calc.day - LIMITS.dayHistory - 1;
        let base = c.baseline === 'peak' ? Number.NEGATIVE_INFINITY : 0;
        let n = 0;
        for (let d = calc.day - c.windowDays; d < calc.day; d++) {
          const v = closeOn(closes, d, oldest);
          if (v === null) continue;
          n += 1;
          base = c.baseline === 'peak' ? Math.max(base, v) : base + v;
        }
        if (n === 0) return null;
        if (c.baseline === 'average') base /= n;
        if (base <= 0 || base < c.minBaseMinor) return null;
        return round2(((base - current) / base) * 100);
      };
    case 'outflow_sum':
      return flowMetric('out', 0, c.windowDays, c.categories);
    case 'outflow_count':
      return flowMetric('out', 1, c.windowDays, c.categories);
    case 'outflow_max':
      return flowMetric('out', 2, c.windowDays, c.categories);
    case 'inflow_sum':
      return flowMetric('in', 0, c.windowDays, c.categories);
    case 'inflow_count':
      return flowMetric('in', 1, c.windowDays, c.categories);
    case 'inflow_max':
      return flowMetric('in', 2, c.windowDays, c.categories);
    case 'amount_vs_typical':
      return (_s, e, calc) => {
        if (e.kind !== 'transaction' || e.direction !== 'debit') return null;
        const earlier = calc.earlierOutflows(c.windowDays);
        if (earlier.length < c.minSamples) return null;
        const typical = percentile(earlier, c.percentile);
        return typical > 0 ? round2(e.amountMinor / typical) : null;
      };
    case 'days_without_inflow':
      // After the event is learnt: the inflow itself ends the silence (0 days).
      return (s, _e, calc) => {
        const times = s.inflows[c.category];
        if (!times || times.length < c.minOccurrences) return null;
        return Math.floor((calc.time - times[times.length - 1]!) / DAY_MS);
      };
    case 'days_past_due':
      return (_s, e) => (e.accountKind === 'loan' ? (e.daysPastDue ?? null) : null);
    case 'limit_utilisation_pct':
      return (_s, e) => {
        if (e.limitMinor === null || e.limitMinor <= 0) return null;
        if (e.accountKind === 'credit_card') {
          const owed = e.kind === 'transaction' ? e.balanceAfterMinor : e.balanceMinor;
          return round2((Math.max(0, owed) / e.limitMinor) * 100);
        }
        if (e.accountKind === 'credit_facility' && e.usedMinor !== null)
          return round2((e.usedMinor / e.limitMinor) * 100);
        return null;
      };
    case 'classification_downgrade':
      return (_s, e) => {
        if (e.kind !== 'account' || e.classification === null) return null;
        if (e.previousClassification === null) return 0;
        return Math.max(
          0,
          LOAN_CLASSIFICATIONS.indexOf(e.classification) -
            LOAN_CLASSIFICATIONS.indexOf(e.previousClassification),
        );
      };
    case 'new_counterparty_amount':
      return (_s, e, calc) => {
        if (e.kind !== 'transaction' || e.direction !== 'debit' || calc.isNewCounterparty === null)
          return null;
        return calc.isNewCounterparty ? e.amountMinor : 0;
      };
    case 'dormant_days':
      return (_s, _e, calc) => calc.dormantDays;
    case 'event_amount': {
      const cats = c.categories ? new Set<string>(c.categories) : null;
      return (_s, e) => {
        if (e.kind !== 'transaction') return null;
        if (c.direction && e.direction !== c.direction) return null;
        if (cats && !cats.has(e.category)) return null;
        return e.amountMinor;
      };
    }
  }
}

function sum(byAccount: Record<string, number> | undefined): number {
  let total = 0;
  if (byAccount) for (const v of Object.values(byAccount)) total += v;
  return total;
}

const scratchValues: (number | null)[] = new Array(16).fill(null);
const scratchThresholds: number[] = new Array(16).fill(0);

/** Relative cost of each metric: what an event gives is free, windows over the state cost most. */
const COST: Record<Condition['metric'], number> = {
  event_amount: 0,
  days_past_due: 0,
  limit_utilisation_pct: 0,
  classification_downgrade: 0,
  dormant_days: 0,
  new_counterparty_amount: 1,
  days_without_inflow: 1,
  balance_drop_pct: 2,
  outflow_sum: 3,
  outflow_count: 3,
  outflow_max: 3,
  inflow_sum: 3,
  inflow_count: 3,
  inflow_max: 3,
  amount_vs_typical: 4,
};

/** Rules as the engine runs them: thresholds and metrics resolved once, not per event. */
export function compileRules(
  rules: { id: number; version: number; definition: RuleDefinition }[],
): CompiledRule[] {
  return rules.map(({ id, version, definition: d }) => withOrder(compileOne(id, version, d)));
}

function withOrder(r: Omit<CompiledRule, 'order'>): CompiledRule {
  const order = r.conditions
    .map((c, i) => [c.position, i] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, i]) => i);
  return { ...r, order };
}

const always = () => true;
/** Shared by every event without a hit or a failure: nobody adds to it. */
const NONE: never[] = [];

function compileOne(id: number, version: number, d: RuleDefinition): Omit<CompiledRule, 'order'> {
  const kinds = d.appliesTo?.clientKinds;
  const tiers = d.appliesTo?.tiers;
  return {
    id,
    code: d.code,
    version,
    severity: d.severity,
    cooldownMs: d.cooldownHours * 3_600_000,
    all: d.when === 'all',
    appliesTo:
      !kinds && !tiers
        ? always
        : (s) => (!kinds || kinds.includes(s.clientKind)) && (!tiers || tiers.includes(s.tier)),
    conditions: d.conditions
      .map((c, position) => ({
        position,
        cost: COST[c.metric],
        metric: c.metric,
        op: c.op,
        threshold: !c.overrides?.length
          ? () => c.value
          : (s: Subject) => {
              for (const o of c.overrides ?? [])
                if (
                  (o.tier === undefined || o.tier === s.tier) &&
                  (o.clientKind === undefined || o.clientKind === s.clientKind)
                )
                  return o.value;
              return c.value;
            },
        value: metricOf(c),
      }))
      .sort((a, b) => a.cost - b.cost || a.position - b.position),
  };
}

/** The state's counterparties as a set, kept beside it (not stored) while the same array lives. */
const counterpartySets = new WeakMap<string[], Set<string>>();
function knownCounterparties(s: WarningState): Set<string> {
  let set = counterpartySets.get(s.counterparties);
  if (!set) {
    set = new Set(s.counterparties);
    counterpartySets.set(s.counterparties, set);
  }
  return set;
}

/** Applies one event to the state (what the windows will remember of it). */
function learn(s: WarningState, e: WarningEvent, day: number, time: number): void {
  if (e.kind === 'account') {
    if (sideOf(e.accountKind) === 'asset') setBalance(s, e.currency, e.accountId, e.balanceMinor, day);
    return;
  }
  const key = bucketKey(e.direction === 'credit' ? 'i' : 'o', e.category);
  s.days[day] ??= {};
  const buckets = s.days[day]!;
  const b = buckets[key];
  if (b) {
    b[0] += e.amountMinor;
    b[1] += 1;
    if (e.amountMinor > b[2]) b[2] = e.amountMinor;
  } else buckets[key] = [e.amountMinor, 1, e.amountMinor];
  if (sideOf(e.accountKind) === 'asset') setBalance(s, e.currency, e.accountId, e.balanceAfterMinor, day);
  if (e.direction === 'debit') {
    s.outflows.push([Math.floor(time / MINUTE_MS), e.amountMinor]);
    if (s.outflows.length > LIMITS.outflows) s.outflows.splice(0, s.outflows.length - LIMITS.outflows);
  } else {
    s.inflows[e.category] ??= [];
    const times = s.inflows[e.category]!;
    times.push(time);
    if (times.length > LIMITS.inflows) times.splice(0, times.length - LIMITS.inflows);
  }
  const prev = s.lastAt[e.accountId];
  if (prev === undefined || time > prev) s.lastAt[e.accountId] = time;
  if (e.counterpartyKey) {
    const k = e.counterpartyKey.slice(0, CP_KEY);
    const set = knownCounterparties(s);
    if (set.has(k)) {
      // Known: move it to the newest end only when it has drifted into the older half.
      const i = s.counterparties.lastIndexOf(k);
      if (i < s.counterparties.length / 2) {
        s.counterparties.splice(i, 1);
        s.counterparties.push(k);
      }
    } else {
      set.add(k);
      s.counterparties.push(k);
      if (s.counterparties.length > LIMITS.counterparties) set.delete(s.counterparties.shift()!);
    }
  }
}

function setBalance(s: WarningState, currency: string, accountId: number, balance: number, day: number) {
  s.balances[currency] ??= {};
  const byAccount = s.balances[currency]!;
  byAccount[accountId] = balance;
  s.closes[currency] ??= {};
  const closes = s.closes[currency]!;
  closes[day] = sum(byAccount);
}

/** Forgets what no window can reach from `day` any more: once per new day of the client. */
function prune(s: WarningState, day: number, time: number): void {
  // Windows read only the days they span, so a week's extra history costs nothing but space.
  if (s.prunedDay !== undefined && day - s.prunedDay < 7 && day >= s.prunedDay) return;
  s.prunedDay = day;
  const cutoff = day - LIMITS.dayHistory;
  for (const d in s.days) if (Number(d) < cutoff) delete s.days[d];
  for (const closes of Object.values(s.closes)) {
    // Keep the newest close before the cutoff: the days after it carry it forward.
    let keep = -1;
    for (const d in closes) if (Number(d) < cutoff && Number(d) > keep) keep = Number(d);
    for (const d in closes) if (Number(d) < cutoff && Number(d) !== keep) delete closes[d];
  }
  const outSince = Math.floor((time - LIMITS.outflowDays * DAY_MS) / MINUTE_MS);
  let drop = 0;
  while (drop < s.outflows.length && s.outflows[drop]![0] < outSince) drop++;
  if (drop > 0) s.outflows.splice(0, drop);
  const inSince = time - LIMITS.inflowDays * DAY_MS;
  for (const category in s.inflows) {
    const times = s.inflows[category]!;
    let old = 0;
    while (old < times.length && times[old]! < inSince) old++;
    if (old === times.length) delete s.inflows[category];
    else if (old > 0) times.splice(0, old);
  }
}

/**
 * Judges one event for one client. Returns the rules it hit (with their traces), the rules that
 * failed on it, and the state that has learnt the event.
 */
export function step(
  rules: readonly CompiledRule[],
  state: WarningState,
  subject: Subject,
  event: WarningEvent,
  /** `explain`: every rule's every condition judged and returned, hit or not (backtests, benchmarks). */
  opts: { explain?: boolean } = {},
): {
  hits: Hit[];
  failures: RuleFailure[];
  state: WarningState;
  explained?: { ruleCode: string; trace: ConditionTrace[] }[];
} {
  const time = Date.parse(event.at);
  const day = dayNumber(time);
  const isDebit = event.kind === 'transaction' && event.direction === 'debit';
  let sorted: Map<number, number[]> | null = null;
  const calc: Calc = {
    day,
    time,
    isNewCounterparty:
      event.kind === 'transaction' && event.counterpartyKey
        ? !knownCounterparties(state).has(event.counterpartyKey.slice(0, CP_KEY))
        : null,
    dormantDays:
      event.kind === 'transaction' && state.lastAt[event.accountId] !== undefined
        ? Math.floor((time - state.lastAt[event.accountId]!) / DAY_MS)
        : null,
    // Read after the event is learnt: the outflows but the newest (this one, when it is one).
    earlierOutflows: (windowDays) => {
      sorted ??= new Map();
      let out = sorted.get(windowDays);
      if (!out) {
        const since = Math.floor((time - windowDays * DAY_MS) / MINUTE_MS);
        const until = Math.floor(time / MINUTE_MS);
        const end = isDebit ? state.outflows.length - 1 : state.outflows.length;
        out = [];
        for (let i = 0; i < end; i++) {
          const [t, a] = state.outflows[i]!;
          if (t >= since && t <= until) out.push(a);
        }
        out.sort((a, b) => a - b);
        sorted.set(windowDays, out);
      }
      return out;
    },
  };
  learn(state, event, day, time);

  let hits: Hit[] = NONE;
  let failures: RuleFailure[] = NONE;
  const explained: { ruleCode: string; trace: ConditionTrace[] }[] | undefined = opts.explain
    ? []
    : undefined;
  for (const rule of rules) {
    if (explained) {
      explained.push({
        ruleCode: rule.code,
        trace: [...rule.conditions]
          .sort((a, b) => a.position - b.position)
          .map((c) => {
            const value = c.value(state, event, calc);
            const threshold = c.threshold(subject);
            return {
              metric: c.metric,
              value,
              op: c.op,
              threshold,
              holds: value !== null && compare[c.op](value, threshold),
            };
          }),
      });
    }
    if (!rule.appliesTo(subject)) continue;
    try {
      // Values and thresholds go to scratch arrays; a trace is built only for a hit.
      const n = rule.conditions.length;
      let judged = 0;
      let holds = rule.all;
      for (let i = 0; i < n; i++) {
        const c = rule.conditions[i]!;
        const value = c.value(state, event, calc);
        const threshold = c.threshold(subject);
        scratchValues[i] = value;
        scratchThresholds[i] = threshold;
        judged = i + 1;
        const ok = value !== null && compare[c.op](value, threshold);
        if (rule.all && !ok) {
          holds = false;
          break;
        }
        if (!rule.all && ok) holds = true;
      }
      if (!holds) continue;
      // Judged cheapest first; told in the definition's order.
      const trace: ConditionTrace[] = new Array(judged);
      const order = rule.order;
      let k = 0;
      for (const i of order) {
        if (i >= judged) continue;
        const c = rule.conditions[i]!;
        const value = scratchValues[i]!;
        const threshold = scratchThresholds[i]!;
        trace[k++] = {
          metric: c.metric,
          value,
          op: c.op,
          threshold,
          holds: value !== null && compare[c.op](value, threshold),
        };
      }
      trace.length = k;
      const last = state.fired[rule.code];
      const fresh = last === undefined || time - last >= rule.cooldownMs || time < last;
      if (fresh) state.fired[rule.code] = time;
      if (hits === NONE) hits = [];
      hits.push({
        ruleId: rule.id,
        ruleCode: rule.code,
        ruleVersion: rule.version,
        severity: rule.severity,
        fresh,
        trace,
      });
    } catch (err) {
      if (failures === NONE) failures = [];
      failures.push({
        ruleId: rule.id,
        ruleCode: rule.code,
        message: err instanceof Error ? err.message : String(err),
      });
    }
  }
  prune(state, day, time);
  return explained ? { hits, failures, state, explained } : { hits, failures, state };
}
