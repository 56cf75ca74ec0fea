/**
 * Rule evaluation benchmark: events per second and time per event of the early-warning engine
 * (`step`: the eleven default rules, each client's state learning the event, metrics over their
 * windows, thresholds by tier and kind, cool-down), beside json-rules-engine evaluating the same
 * rules on the same facts in the same run.
 *
 * The comparison leans towards json-rules-engine: it is handed each event's metric values and
 * thresholds ready-made (worked out beforehand, outside its clock, by the engine's `explain`
 * mode), so it only compares; Dossier's figure includes computing them and updating the state.
 *
 * The stream is judged in turns of 10,000 events, Dossier then json-rules-engine, and each
 * engine's times are summed over its turns: load from other work on a shared machine falls on
 * both alike.
 *
 * Usage: npm run bench:rules -- [--events N] [--clients C] [--engine-only]
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  type AccountKind,
  type ClientKind,
  RuleDefinition,
  type Tier,
  type TransactionCategory,
} from '@dossier/contract';
import { Engine } from 'json-rules-engine';
import { createRng } from '../apps/server/src/features/demo/demo.generator.ts';
import { DEFAULT_RULES } from '../apps/server/src/rules/defaults.ts';
import { type Subject, type WarningEvent, compileRules, step } from '../apps/server/src/rules/engine.ts';
import { type WarningState, seededState } from '../apps/server/src/rules/state.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string' },
    clients: { type: 'string' },
    /** Dossier's engine alone, without json-rules-engine (for a CPU profile of the engine). */
    'engine-only': { type: 'boolean' },
  },
  strict: true,
});
const EVENTS = Number(values.events ?? 200_000);
const CLIENTS = Number(values.clients ?? 2_000);

const definitions = DEFAULT_RULES.map((d) => RuleDefinition.parse(d));
const rules = compileRules(definitions.map((definition, i) => ({ id: i + 1, version: 1, definition })));

/** A stream over 120 days: card spending, salaries, transfers to known and new payees, cash, a few falls. */
function makeStream() {
  const rng = createRng(2026);
  const subjects: Subject[] = Array.from({ length: CLIENTS }, (_, i) => ({
    clientId: i + 1,
    clientKind: (rng.chance(0.2) ? 'corporate' : 'individual') as ClientKind,
    tier: rng.pick(['private', 'diamond', 'platinum', 'gold', 'standard'] as const) as Tier,
  }));
  const balances = subjects.map((s) => (s.clientKind === 'corporate' ? 50_000_000_00 : 800_000_00));
  const start = Date.parse('2026-08-01T00:00:00.000Z');
  const step = (120 * 86_400_000) / EVENTS;
  const events: { client: number; event: WarningEvent }[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const c = rng.int(0, CLIENTS - 1);
    const at = new Date(start + Math.floor(i * step)).toISOString();
    const roll = rng.next();
    let category: TransactionCategory = 'consumption';
    let direction: 'credit' | 'debit' = 'debit';
    let amount = rng.int(50_00, 3_000_00);
    if (roll < 0.1) {
      category = 'salary';
      direction = 'credit';
      amount = rng.int(8_000_00, 30_000_00);
    } else if (roll < 0.25) {
      category = 'transfer_in';
      direction = 'credit';
      amount = rng.int(1_000_00, 200_000_00);
    } else if (roll < 0.4) {
      category = 'transfer_out';
      amount = Math.min(balances[c]!, rng.int(1_000_00, rng.chance(0.02) ? 900_000_00 : 100_000_00));
    } else if (roll < 0.45) category = 'cash_withdrawal';
    balances[c]! += direction === 'credit' ? amount : -amount;
    events.push({
      client: c,
      event: {
        kind: 'transaction',
        at,
        accountId: c + 1,
        accountKind: 'demand_deposit' as AccountKind,
        currency: 'CNY',
        amountMinor: amount,
        direction,
        category,
        // Most payments go to the client's few regular payees, some to one of many others.
        counterpartyKey: rng.chance(0.7)
          ? payeeKey(c * 1_000_000 + rng.int(0, rng.chance(0.9) ? 20 : 100_000))
          : null,
        balanceAfterMinor: balances[c]!,
        daysPastDue: null,
        limitMinor: null,
        usedMinor: null,
      },
    });
  }
  return { subjects, events };
}

/** A payee's key as the blind index makes it: base64url of an HMAC, uniform in every character. */
function payeeKey(n: number): string {
  return crypto.createHash('sha256').update(String(n)).digest('base64url').slice(0, 32);
}

function freshStates(subjects: Subject[]): WarningState[] {
  return subjects.map((s) =>
    seededState(
      [
        {
          accountId: s.clientId,
          currency: 'CNY',
          balanceMinor: s.clientKind === 'corporate' ? 50_000_000_00 : 800_000_00,
        },
      ],
      '2026-07-31',
    ),
  );
}

function percentiles(xs: Float64Array) {
  const sorted = Float64Array.from(xs).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { p50: at(50), p99: at(99), max: sorted[sorted.length - 1]! };
}

const { subjects, events } = makeStream();

// Warm-up of both paths on a tenth of the stream, so neither pays for compilation in the figures.
{
  const states = freshStates(subjects);
  for (const { client, event } of events.slice(0, EVENTS / 10))
    step(rules, states[client]!, subjects[client]!, event);
}

// The facts for json-rules-engine: every condition's value and threshold, from `explain`.
const explainStates = freshStates(subjects);
const facts = values['engine-only']
  ? []
  : events.map(({ client, event }) => {
      const r = step(rules, explainStates[client]!, subjects[client]!, event, { explain: true });
      const f: Record<string, unknown> = {
        clientKind: subjects[client]!.clientKind,
        tier: subjects[client]!.tier,
      };
      for (const [i, x] of r.explained!.entries())
        for (const [j, c] of x.trace.entries()) {
          if (c.value !== null) f[`v${i}_${j}`] = c.value;
          f[`t${i}_${j}`] = c.threshold;
        }
      return f;
    });
const OPS = {
  '>=': 'greaterThanInclusive',
  '>': 'greaterThan',
  '<=': 'lessThanInclusive',
  '<': 'lessThan',
  '=': 'equal',
};
const engine = new Engine([], { allowUndefinedFacts: true });
definitions.forEach((d, i) => {
  const conditions = d.conditions.map((c, j) => ({
    fact: `v${i}_${j}`,
    operator: OPS[c.op],
    value: { fact: `t${i}_${j}` },
  }));
  const applies = [
    ...(d.appliesTo?.clientKinds
      ? [{ fact: 'clientKind', operator: 'in', value: d.appliesTo.clientKinds }]
      : []),
    ...(d.appliesTo?.tiers ? [{ fact: 'tier', operator: 'in', value: d.appliesTo.tiers }] : []),
  ];
  engine.addRule({
    name: d.code,
    conditions: { all: [...applies, d.when === 'all' ? { all: conditions } : { any: conditions }] },
    event: { type: d.code },
  });
});
for (const f of facts.slice(0, EVENTS / 10)) await engine.run(f);

// The stream in turns of 10,000 events, each judged by Dossier and then by json-rules-engine,
// so that a burst of load on a shared machine falls on both alike. Each event is timed.
const TURN = 10_000;
const states = freshStates(subjects);
const perEvent = new Float64Array(EVENTS);
const jrePerEvent = new Float64Array(EVENTS);
let alerts = 0;
let jreHits = 0;
let dossierMs = 0;
let jreMs = 0;
for (let from = 0; from < EVENTS; from += TURN) {
  const to = Math.min(EVENTS, from + TURN);
  const t0 = performance.now();
  for (let i = from; i < to; i++) {
    const { client, event } = events[i]!;
    const s = performance.now();
    const r = step(rules, states[client]!, subjects[client]!, event);
    perEvent[i] = performance.now() - s;
    for (let k = 0; k < r.hits.length; k++) if (r.hits[k]!.fresh) alerts += 1;
  }
  dossierMs += performance.now() - t0;
  if (values['engine-only']) continue;
  const t1 = performance.now();
  for (let i = from; i < to; i++) {
    const s = performance.now();
    const r = await engine.run(facts[i]!);
    jrePerEvent[i] = performance.now() - s;
    jreHits += r.events.length;
  }
  jreMs += performance.now() - t1;
}

const d = percentiles(perEvent);
const rate = (ms: number) => Math.round(EVENTS / (ms / 1000));
const us = (ms: number) => (ms * 1000).toFixed(1);
console.log(
  `${EVENTS.toLocaleString('en')} events, ${CLIENTS.toLocaleString('en')} clients, ${rules.length} default rules`,
);
console.log(
  `  Dossier step (state, metrics, thresholds, cool-down): ${rate(dossierMs).toLocaleString('en')} events/s  p50 ${us(d.p50)} µs  p99 ${us(d.p99)} µs  max ${us(d.max)} µs  (alerts it would open: ${alerts})`,
);
if (values['engine-only']) process.exit(0);
const j = percentiles(jrePerEvent);
console.log(
  `  json-rules-engine (comparisons of given facts only):  ${rate(jreMs).toLocaleString('en')} events/s  p50 ${us(j.p50)} µs  p99 ${us(j.p99)} µs  max ${us(j.max)} µs  (rule hits: ${jreHits})`,
);
const speedup = jreMs / dossierMs;
console.log(
  `  speed-up ${speedup.toFixed(1)}×, p99 ${us(d.p99)} µs   target ≥ 20× and p99 ≤ 50 µs → ${speedup >= 20 && d.p99 * 1000 <= 50 ? 'met' : 'NOT met'}`,
);
