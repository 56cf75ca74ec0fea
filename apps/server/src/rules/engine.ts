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
import { LOAN_CLASSIFICATIONS } from '@dossier/contract';
import { addDays, bankDay, sideOf } from '../finance/ledger.ts';
import { LIMITS, type WarningState } from './state.ts';

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
  conditions: CompiledCondition[];
};

/** Values of the event worked out before the state learns of it (what was new, how long it slept). */
type Calc = {
  day: string;
  time: number;
  isNewCounterparty: boolean | null;
  dormantDays: number | null;
  /** Outflow amounts of the `windowDays` before this event, ascending (worked out once per window). */
  earlierOutflows: (windowDays: number) => number[];
};

const DAY_MS = 86_400_000;
const CP_KEY = 16;

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

/** The close of `day` in a sparse map of closes: the latest entry on or before it. */
function closeOn(closes: Record<string, number>, days: string[], day: string): number | null {
  let found: number | null = null;
  for (const d of days) {
    if (d > day) break;
    found = closes[d]!;
  }
  return found;
}

function flowMetric(
  direction: 'in' | 'out',
  measure: 0 | 1 | 2,
  windowDays: number,
  categories: readonly string[] | undefined,
): Metric {
  const keys = categories ? new Set(categories.map((c) => `${direction}:${c}`)) : null;
  const prefix = `${direction}:`;
  return (s, _e, c) => {
    let out = 0;
    const from = addDays(c.day, -(windowDays - 1));
    for (const [day, buckets] of Object.entries(s.days)) {
      if (day < from || day > c.day) continue;
      for (const [key, v] of Object.entries(buckets)) {
        if (keys ? !keys.has(key) : !key.startsWith(prefix)) continue;
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
        const days = Object.keys(closes).sort();
        const values: number[] = [];
        for (let i = c.windowDays; i >= 1; i--) {
          const v = closeOn(closes, days, addDays(calc.day, -i));
          if (v !== null) values.push(v);
        }
        if (values.length === 0) return null;
        const base =
          c.baseline === 'peak' ? Math.max(...values) : values.reduce((a, b) => a + b, 0) / values.length;
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

/** Rules as the engine runs them: thresholds and metrics resolved once, not per event. */
export function compileRules(
  rules: { id: number; version: number; definition: RuleDefinition }[],
): CompiledRule[] {
  return rules.map(({ id, version, definition: d }) => {
    const kinds = d.appliesTo?.clientKinds;
    const tiers = d.appliesTo?.tiers;
    return {
      id,
      code: d.code,
      version,
      severity: d.severity,
      cooldownMs: d.cooldownHours * 3_600_000,
      all: d.when === 'all',
      appliesTo: (s) => (!kinds || kinds.includes(s.clientKind)) && (!tiers || tiers.includes(s.tier)),
      conditions: d.conditions.map((c) => ({
        metric: c.metric,
        op: c.op,
        threshold: (s: Subject) => {
          for (const o of c.overrides ?? [])
            if (
              (o.tier === undefined || o.tier === s.tier) &&
              (o.clientKind === undefined || o.clientKind === s.clientKind)
            )
              return o.value;
          return c.value;
        },
        value: metricOf(c),
      })),
    };
  });
}

/** Applies one event to the state (what the windows will remember of it). */
function learn(s: WarningState, e: WarningEvent, day: string, time: number): void {
  if (e.kind === 'account') {
    if (sideOf(e.accountKind) === 'asset') setBalance(s, e.currency, e.accountId, e.balanceMinor, day);
    return;
  }
  const key = `${e.direction === 'credit' ? 'in' : 'out'}:${e.category}`;
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
    s.outflows.push([time, e.amountMinor]);
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
    const i = s.counterparties.indexOf(k);
    if (i >= 0) s.counterparties.splice(i, 1);
    s.counterparties.push(k);
    if (s.counterparties.length > LIMITS.counterparties) s.counterparties.shift();
  }
}

function setBalance(s: WarningState, currency: string, accountId: number, balance: number, day: string) {
  s.balances[currency] ??= {};
  const byAccount = s.balances[currency]!;
  byAccount[accountId] = balance;
  s.closes[currency] ??= {};
  const closes = s.closes[currency]!;
  closes[day] = sum(byAccount);
}

/** Forgets what no window can reach from `day` any more. */
function prune(s: WarningState, day: string, time: number): void {
  const cutoff = addDays(day, -LIMITS.dayHistory);
  for (const d of Object.keys(s.days)) if (d < cutoff) delete s.days[d];
  for (const closes of Object.values(s.closes)) {
    // Keep the newest close before the cutoff: the days after it carry it forward.
    let keep: string | null = null;
    for (const d of Object.keys(closes)) if (d < cutoff && (keep === null || d > keep)) keep = d;
    for (const d of Object.keys(closes)) if (d < cutoff && d !== keep) delete closes[d];
  }
  const outSince = time - LIMITS.outflowDays * DAY_MS;
  let drop = 0;
  while (drop < s.outflows.length && s.outflows[drop]![0] < outSince) drop++;
  if (drop > 0) s.outflows.splice(0, drop);
  const inSince = time - LIMITS.inflowDays * DAY_MS;
  for (const [category, times] of Object.entries(s.inflows)) {
    const kept = times.filter((t) => t >= inSince);
    if (kept.length === 0) delete s.inflows[category];
    else s.inflows[category] = kept;
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
): { hits: Hit[]; failures: RuleFailure[]; state: WarningState } {
  const time = Date.parse(event.at);
  const day = bankDay(event.at);
  const earlier = event.kind === 'transaction' && event.direction === 'debit' ? state.outflows.slice() : [];
  const sorted = new Map<number, number[]>();
  const calc: Calc = {
    day,
    time,
    isNewCounterparty:
      event.kind === 'transaction' && event.counterpartyKey
        ? !state.counterparties.includes(event.counterpartyKey.slice(0, CP_KEY))
        : null,
    dormantDays:
      event.kind === 'transaction' && state.lastAt[event.accountId] !== undefined
        ? Math.floor((time - state.lastAt[event.accountId]!) / DAY_MS)
        : null,
    earlierOutflows: (windowDays) => {
      let out = sorted.get(windowDays);
      if (!out) {
        const since = time - windowDays * DAY_MS;
        out = [];
        for (const [t, a] of earlier) if (t >= since && t <= time) out.push(a);
        out.sort((a, b) => a - b);
        sorted.set(windowDays, out);
      }
      return out;
    },
  };
  learn(state, event, day, time);

  const hits: Hit[] = [];
  const failures: RuleFailure[] = [];
  for (const rule of rules) {
    if (!rule.appliesTo(subject)) continue;
    try {
      const trace: ConditionTrace[] = [];
      let holds = rule.all;
      for (const c of rule.conditions) {
        const value = c.value(state, event, calc);
        const threshold = c.threshold(subject);
        const ok = value !== null && compare[c.op](value, threshold);
        trace.push({ metric: c.metric, value, op: c.op, threshold, holds: ok });
        if (rule.all && !ok) {
          holds = false;
          break;
        }
        if (!rule.all && ok) holds = true;
      }
      if (!holds) continue;
      const last = state.fired[rule.code];
      const fresh = last === undefined || time - last >= rule.cooldownMs || time < last;
      if (fresh) state.fired[rule.code] = time;
      hits.push({
        ruleId: rule.id,
        ruleCode: rule.code,
        ruleVersion: rule.version,
        severity: rule.severity,
        fresh,
        trace,
      });
    } catch (err) {
      failures.push({
        ruleId: rule.id,
        ruleCode: rule.code,
        message: err instanceof Error ? err.message : String(err),
      });
    }
  }
  prune(state, day, time);
  return { hits, failures, state };
}
