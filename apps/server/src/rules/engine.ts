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
import { ACCOUNT_KINDS, LOAN_CLASSIFICATIONS } from '@dossier/contract';
import { sideOf } from '../finance/ledger.ts';
import { closeOn, forgetClosesBefore, forgetDaysBefore, runsFor, runsOf } from './rings.ts';
import { payeeId, touchPayee } from './payees.ts';
import { BUCKETS, LIMITS, type WarningState, bucketOf, dayNumber, instantMs, setBalance } from './state.ts';

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
  /** Per kind of event (`eventClass`): 1 when the rule can hold on it, 0 when a condition it needs has no value there. */
  classes: Uint8Array;
};

/**
 * Kinds of event as far as conditions care: an account event, a debit or a credit, on each kind
 * of account. A rule that needs a metric without a value on an event of some kind (days past due
 * on a deposit, a new payee on money in) cannot hold there and is not judged.
 */
const KIND_INDEX: Record<string, number> = Object.fromEntries(ACCOUNT_KINDS.map((k, i) => [k, i]));
const EVENT_CLASSES = 3 * ACCOUNT_KINDS.length;
const ACCOUNT = 0;
const DEBIT = 1;
const CREDIT = 2;

function eventClass(e: WarningEvent): number {
  const flow = e.kind === 'account' ? ACCOUNT : e.direction === 'debit' ? DEBIT : CREDIT;
  return flow * ACCOUNT_KINDS.length + (KIND_INDEX[e.accountKind] ?? 0);
}

/** Whether the condition's metric can have a value on events of a class (see `metricOf`). */
function definedOn(c: Condition, cls: number): boolean {
  const flow = Math.floor(cls / ACCOUNT_KINDS.length);
  const kind = ACCOUNT_KINDS[cls % ACCOUNT_KINDS.length];
  switch (c.metric) {
    case 'days_past_due':
      return kind === 'loan';
    case 'limit_utilisation_pct':
      return kind === 'credit_card' || kind === 'credit_facility';
    case 'classification_downgrade':
      return flow === ACCOUNT;
    case 'new_counterparty_amount':
    case 'amount_vs_typical':
      return flow === DEBIT;
    case 'dormant_days':
      return flow !== ACCOUNT;
    case 'event_amount':
      return flow !== ACCOUNT && (!c.direction || (c.direction === 'debit') === (flow === DEBIT));
    default:
      return true;
  }
}

/**
 * Values of the event worked out before the state learns of it (what was new, how long it slept).
 * One object serves every event (`step` fills it in): judging allocates nothing it need not.
 */
type Calc = {
  /** Which event this is (keys the per-event cache of sorted outflows). */
  seq: number;
  /** The bank day as a day number (see `dayNumber`). */
  day: number;
  time: number;
  isDebit: boolean;
  isNewCounterparty: boolean | null;
  dormantDays: number | null;
};

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

function holds(op: Comparison, value: number | null, threshold: number): boolean {
  if (value === null) return false;
  switch (op) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '=':
      return value === threshold;
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function flowMetric(
  direction: 'in' | 'out',
  measure: 0 | 1 | 2,
  windowDays: number,
  categories: readonly string[] | undefined,
): Metric {
  // Which of a day's buckets count: a flag per bucket.
  const counted = new Uint8Array(BUCKETS);
  const side = direction === 'in' ? 'credit' : 'debit';
  for (let b = 0; b < BUCKETS; b++) counted[b] = b % 2 === (direction === 'in' ? 1 : 0) ? 1 : 0;
  if (categories) {
    counted.fill(0);
    for (const c of categories) counted[bucketOf(side, c)] = 1;
  }
  const buckets = Int32Array.from([...counted.keys()].filter((b) => counted[b] === 1));
  return (s, _e, c) => {
    const sums = windowSums(s, c, windowDays);
    let out = 0;
    for (let k = 0; k < buckets.length; k++) {
      const v = sums[3 * buckets[k]! + measure]!;
      if (measure === 2) {
        if (v > out) out = v;
      } else out += v;
    }
    return out;
  };
}

/**
 * Each bucket's sum, count and largest amount over the `windowDays` up to the event's day (three
 * numbers a bucket): one walk of the days per event and window length, however many flow
 * conditions read it.
 */
const windows: { seq: number; days: number; sums: Float64Array }[] = [];
function windowSums(s: WarningState, c: Calc, windowDays: number): Float64Array {
  // A loop, not `find`: no closure allocated per event.
  let w: (typeof windows)[number] | undefined;
  for (let i = 0; i < windows.length; i++) if (windows[i]!.days === windowDays) w = windows[i];
  if (w === undefined) {
    w = { seq: -1, days: windowDays, sums: new Float64Array(3 * BUCKETS) };
    windows.push(w);
  }
  const sums = w.sums;
  if (w.seq === c.seq) return sums;
  w.seq = c.seq;
  sums.fill(0);
  const days = s.days;
  for (let day = c.day - windowDays + 1; day <= c.day; day++) {
    const runs = runsOf(days, day);
    if (runs === undefined) continue;
    // A run is [bucket, sum, count, max].
    for (let i = 0; i < runs.length; i += 4) {
      const at = 3 * runs[i]!;
      sums[at]! += runs[i + 1]!;
      sums[at + 1]! += runs[i + 2]!;
      if (runs[i + 3]! > sums[at + 2]!) sums[at + 2] = runs[i + 3]!;
    }
  }
  return sums;
}

function percentile(ascending: Float64Array, n: number, p: number): number {
  const rank = Math.ceil((p / 100) * n) - 1;
  return ascending[Math.min(n - 1, Math.max(0, rank))]!;
}

function metricOf(c: Condition): Metric {
  switch (c.metric) {
    case 'balance_drop_pct':
      return (s, e, calc) => {
        const closes = s.closes[e.currency];
        if (!closes) return null;
        const current = s.totals[e.currency] ?? 0;
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
        const n = earlierOutflows(_s, calc, c.windowDays);
        if (n < c.minSamples) return null;
        const typical = percentile(sorted, n, c.percentile);
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

/**
 * Outflow amounts of the `windowDays` before the event, ascending, in a scratch array (its first
 * `sortedLength` places): worked out once per event and window.
 */
const sorted = new Float64Array(2 * LIMITS.outflows);
let sortedSeq = -1;
let sortedWindow = -1;
let sortedLength = 0;
function earlierOutflows(s: WarningState, c: Calc, windowDays: number): number {
  if (sortedSeq === c.seq && sortedWindow === windowDays) return sortedLength;
  // Read after the event is learnt: the newest 128 outflows but this one (when it is one).
  const since = Math.floor((c.time - windowDays * DAY_MS) / MINUTE_MS);
  const until = Math.floor(c.time / MINUTE_MS);
  const flat = s.outflows;
  const end = c.isDebit ? flat.length - 2 : flat.length;
  let n = 0;
  for (let i = Math.max(0, flat.length - 2 * LIMITS.outflows); i < end; i += 2) {
    const t = flat[i]!;
    if (t >= since && t <= until) sorted[n++] = flat[i + 1]!;
  }
  // A typed array sorts by number, natively.
  sorted.subarray(0, n).sort();
  sortedSeq = c.seq;
  sortedWindow = windowDays;
  sortedLength = n;
  return n;
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
  const classes = new Uint8Array(EVENT_CLASSES);
  for (let cls = 0; cls < EVENT_CLASSES; cls++) {
    const defined = (c: Condition) => definedOn(c, cls);
    classes[cls] = (d.when === 'all' ? d.conditions.every(defined) : d.conditions.some(defined)) ? 1 : 0;
  }
  return {
    classes,
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

/** Applies one event to the state (what the windows will remember of it). */
function learn(s: WarningState, e: WarningEvent, day: number, time: number): void {
  if (e.kind === 'account') {
    if (sideOf(e.accountKind) === 'asset') setBalance(s, e.currency, e.accountId, e.balanceMinor, day);
    return;
  }
  const bucket = bucketOf(e.direction, e.category);
  const amount = e.amountMinor;
  const runs = runsFor(s.days, day);
  if (runs !== undefined) {
    let i = 0;
    while (i < runs.length && runs[i] !== bucket) i += 4;
    if (i < runs.length) {
      runs[i + 1]! += amount;
      runs[i + 2]! += 1;
      if (amount > runs[i + 3]!) runs[i + 3] = amount;
    } else runs.push(bucket, amount, 1, amount);
  }
  if (sideOf(e.accountKind) === 'asset') setBalance(s, e.currency, e.accountId, e.balanceAfterMinor, day);
  if (e.direction === 'debit') {
    s.outflows.push(Math.floor(time / MINUTE_MS), amount);
    // Trimmed in bulk: the newest 128 are what is read.
    if (s.outflows.length >= 4 * LIMITS.outflows)
      s.outflows.splice(0, s.outflows.length - 2 * LIMITS.outflows);
  } else {
    s.inflows[e.category] ??= [];
    const times = s.inflows[e.category]!;
    times.push(time);
    if (times.length > LIMITS.inflows) times.splice(0, times.length - LIMITS.inflows);
  }
  const prev = s.lastAt[e.accountId];
  if (prev === undefined || time > prev) s.lastAt[e.accountId] = time;
}

/** Forgets what no window can reach from `day` any more: once per new day of the client. */
function prune(s: WarningState, day: number, time: number): void {
  // Windows read only the days they span, so a week's extra history costs nothing but space.
  if (s.prunedDay !== undefined && day - s.prunedDay < 7 && day >= s.prunedDay) return;
  s.prunedDay = day;
  const cutoff = day - LIMITS.dayHistory;
  forgetDaysBefore(s.days, cutoff);
  // The newest close before the cutoff stays: the days after it carry it forward.
  for (const currency in s.closes) forgetClosesBefore(s.closes[currency]!, cutoff);
  const outSince = Math.floor((time - LIMITS.outflowDays * DAY_MS) / MINUTE_MS);
  let drop = 0;
  while (drop < s.outflows.length && s.outflows[drop]! < outSince) drop += 2;
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

const CALC: Calc = { seq: 0, day: 0, time: 0, isDebit: false, isNewCounterparty: null, dormantDays: null };

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
  opts?: { explain?: boolean },
): {
  hits: Hit[];
  failures: RuleFailure[];
  state: WarningState;
  explained?: { ruleCode: string; trace: ConditionTrace[] }[];
} {
  const time = instantMs(event.at);
  const day = dayNumber(time);
  const calc = CALC;
  calc.seq += 1;
  calc.day = day;
  calc.time = time;
  calc.isDebit = event.kind === 'transaction' && event.direction === 'debit';
  calc.isNewCounterparty =
    event.kind === 'transaction' && event.counterpartyKey
      ? !touchPayee(state.counterparties, payeeId(event.counterpartyKey), LIMITS.counterparties)
      : null;
  const lastAt = event.kind === 'transaction' ? state.lastAt[event.accountId] : undefined;
  calc.dormantDays = lastAt !== undefined ? Math.floor((time - lastAt) / DAY_MS) : null;
  learn(state, event, day, time);

  const cls = eventClass(event);
  let hits: Hit[] = NONE;
  let failures: RuleFailure[] = NONE;
  const explained: { ruleCode: string; trace: ConditionTrace[] }[] | undefined = opts?.explain
    ? []
    : undefined;
  // Indexed loops here and below: `for … of` left an iterator per event where V8 did not optimise it away.
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
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
              holds: holds(c.op, value, threshold),
            };
          }),
      });
    }
    if (rule.classes[cls] === 0 || !rule.appliesTo(subject)) continue;
    try {
      // Values and thresholds go to scratch arrays; a trace is built only for a hit.
      const n = rule.conditions.length;
      let judged = 0;
      let hit = rule.all;
      for (let i = 0; i < n; i++) {
        const c = rule.conditions[i]!;
        const value = c.value(state, event, calc);
        const threshold = c.threshold(subject);
        scratchValues[i] = value;
        scratchThresholds[i] = threshold;
        judged = i + 1;
        const ok = holds(c.op, value, threshold);
        if (rule.all && !ok) {
          hit = false;
          break;
        }
        if (!rule.all && ok) hit = true;
      }
      if (!hit) continue;
      // Judged cheapest first; told in the definition's order.
      const trace: ConditionTrace[] = new Array(judged);
      const order = rule.order;
      let k = 0;
      for (let o = 0; o < order.length; o++) {
        const i = order[o]!;
        if (i >= judged) continue;
        const c = rule.conditions[i]!;
        const value = scratchValues[i]!;
        const threshold = scratchThresholds[i]!;
        trace[k++] = {
          metric: c.metric,
          value,
          op: c.op,
          threshold,
          holds: holds(c.op, value, threshold),
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
