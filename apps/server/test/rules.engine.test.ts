import { ACCOUNT_KINDS, RuleDefinition, type RuleDefinitionInput } from '@dossier/contract';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../src/rules/defaults.ts';
import {
  closeEntries,
  closeOn,
  dayEntries,
  daysText,
  flatDays,
  forgetDaysBefore,
  newCloses,
  newDayRuns,
  runsFor,
  runsOf,
  setClose,
} from '../src/rules/rings.ts';
import {
  type AccountEvent,
  type CompiledRule,
  type Subject,
  type TransactionEvent,
  compileRules,
  step,
} from '../src/rules/engine.ts';
import {
  hasPayee,
  newPayees,
  payeeId,
  payeeList,
  payeePairs,
  payeesOfPairs,
  touchPayee,
} from '../src/rules/payees.ts';
import {
  type WarningState,
  emptyState,
  instantMs,
  readState,
  seededState,
  writeState,
} from '../src/rules/state.ts';

const YUAN = 100;
const person: Subject = { clientId: 1, clientKind: 'individual', tier: 'gold' };
const company: Subject = { clientId: 2, clientKind: 'corporate', tier: 'gold' };

const defaults = compileRules(
  DEFAULT_RULES.map((d, i) => ({ id: i + 1, version: 1, definition: RuleDefinition.parse(d) })),
);
const only = (code: string) => defaults.filter((r) => r.code === code);

function tx(over: Partial<TransactionEvent> & { at: string }): TransactionEvent {
  return {
    kind: 'transaction',
    accountId: 10,
    accountKind: 'demand_deposit',
    currency: 'CNY',
    amountMinor: 1_000 * YUAN,
    direction: 'debit',
    category: 'consumption',
    counterpartyKey: null,
    balanceAfterMinor: 0,
    daysPastDue: null,
    limitMinor: null,
    usedMinor: null,
    ...over,
  };
}

/** Runs events through the rules; returns the codes hit at each event and the final state. */
function run(
  rules: CompiledRule[],
  state: WarningState,
  subject: Subject,
  events: (TransactionEvent | AccountEvent)[],
) {
  const hitsPerEvent: string[][] = [];
  for (const e of events) {
    const r = step(rules, state, subject, e);
    hitsPerEvent.push(r.hits.map((h) => `${h.ruleCode}${h.fresh ? '' : '(cool)'}`));
  }
  return { hitsPerEvent, state };
}

describe('default rules', () => {
  it('are at least ten, valid, with both languages, distinct codes', () => {
    expect(DEFAULT_RULES.length).toBeGreaterThanOrEqual(10);
    expect(new Set(DEFAULT_RULES.map((r) => r.code)).size).toBe(DEFAULT_RULES.length);
    for (const r of DEFAULT_RULES) {
      const parsed = RuleDefinition.safeParse(r);
      expect(parsed.success, r.code).toBe(true);
      expect(r.rationale.zh.length).toBeGreaterThan(10);
      expect(r.rationale.en.length).toBeGreaterThan(10);
    }
  });
});

describe('rule definitions', () => {
  it('refuses an invalid rule with the path of the fault', () => {
    const bad = structuredClone(DEFAULT_RULES[0]!) as RuleDefinitionInput;
    (bad.conditions[0] as { windowDays: number }).windowDays = 400;
    const r = RuleDefinition.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['conditions', 0, 'windowDays']);
    const unknown = RuleDefinition.safeParse({
      ...DEFAULT_RULES[0],
      conditions: [{ metric: 'moon_phase', op: '>=', value: 1 }],
    });
    expect(unknown.success).toBe(false);
    expect(unknown.error!.issues[0]!.path).toEqual(['conditions', 0, 'metric']);
  });
});

describe('engine', () => {
  it('balance drain: a 60 % fall from the two-day peak hits, with the why; 50 % does not', () => {
    const rules = only('balance_drain');
    const s = seededState([{ accountId: 10, currency: 'CNY', balanceMinor: 1_000_000 * YUAN }], '2026-11-01');
    const a = step(
      rules,
      s,
      person,
      tx({ at: '2026-11-02T02:00:00.000Z', amountMinor: 300_000 * YUAN, balanceAfterMinor: 700_000 * YUAN }),
    );
    expect(a.hits).toEqual([]);
    const b = step(
      rules,
      s,
      person,
      tx({ at: '2026-11-03T02:00:00.000Z', amountMinor: 300_000 * YUAN, balanceAfterMinor: 400_000 * YUAN }),
    );
    expect(b.hits).toHaveLength(1);
    expect(b.hits[0]!.trace).toEqual([
      { metric: 'balance_drop_pct', value: 60, op: '>=', threshold: 60, holds: true },
    ]);
    expect(b.hits[0]!.fresh).toBe(true);

    const s2 = seededState(
      [{ accountId: 10, currency: 'CNY', balanceMinor: 1_000_000 * YUAN }],
      '2026-11-01',
    );
    const c = step(
      rules,
      s2,
      person,
      tx({ at: '2026-11-02T02:00:00.000Z', amountMinor: 500_000 * YUAN, balanceAfterMinor: 500_000 * YUAN }),
    );
    expect(c.hits).toEqual([]);
  });

  it('balance drain sums the client’s accounts: a move between two of them is no fall', () => {
    const rules = only('balance_drain');
    const s = seededState(
      [
        { accountId: 10, currency: 'CNY', balanceMinor: 1_000_000 * YUAN },
        { accountId: 11, currency: 'CNY', balanceMinor: 0 },
      ],
      '2026-11-01',
    );
    const out = step(
      rules,
      s,
      person,
      tx({ at: '2026-11-02T02:00:00.000Z', amountMinor: 900_000 * YUAN, balanceAfterMinor: 100_000 * YUAN }),
    );
    expect(out.hits).toHaveLength(1); // the money left account 10 …
    const s2 = seededState(
      [
        { accountId: 10, currency: 'CNY', balanceMinor: 1_000_000 * YUAN },
        { accountId: 11, currency: 'CNY', balanceMinor: 0 },
      ],
      '2026-11-01',
    );
    step(
      rules,
      s2,
      person,
      tx({
        at: '2026-11-02T02:00:00.000Z',
        accountId: 11,
        direction: 'credit',
        amountMinor: 900_000 * YUAN,
        balanceAfterMinor: 900_000 * YUAN,
      }),
    );
    const moved = step(
      rules,
      s2,
      person,
      tx({ at: '2026-11-02T02:00:01.000Z', amountMinor: 900_000 * YUAN, balanceAfterMinor: 100_000 * YUAN }),
    );
    expect(moved.hits).toEqual([]); // … but not when it arrived in account 11 first
  });

  it('salary stopped: three monthly salaries, then 40 days of silence on any later event', () => {
    const rules = only('salary_stopped');
    const salary = (at: string) =>
      tx({ at, direction: 'credit', category: 'salary', amountMinor: 12_000 * YUAN });
    const { hitsPerEvent } = run(rules, emptyState(), person, [
      salary('2026-07-10T01:00:00.000Z'),
      salary('2026-08-10T01:00:00.000Z'),
      salary('2026-09-10T01:00:00.000Z'),
      tx({ at: '2026-10-15T01:00:00.000Z' }), // 35 days
      tx({ at: '2026-10-21T01:00:00.000Z' }), // 41 days
    ]);
    expect(hitsPerEvent).toEqual([[], [], [], [], ['salary_stopped']]);
    // Not for companies, and not for someone who never had a salary.
    expect(step(rules, emptyState(), company, tx({ at: '2026-10-21T01:00:00.000Z' })).hits).toEqual([]);
  });

  it('unusual amount: 8 × the client’s own 95th percentile, with enough history', () => {
    const rules = only('unusual_amount');
    const history = Array.from({ length: 12 }, (_, i) =>
      tx({
        at: `2026-10-${String(i + 1).padStart(2, '0')}T03:00:00.000Z`,
        amountMinor: (5_000 + i * 100) * YUAN,
      }),
    );
    // Each judged on the same history (a large payment, once made, raises the client's own bar).
    const last = (yuan: number) =>
      run(rules, emptyState(), person, [
        ...history,
        tx({ at: '2026-10-20T03:00:00.000Z', amountMinor: yuan * YUAN }),
      ]).hitsPerEvent.at(-1);
    expect(last(40_000)).toEqual([]); // 6.6 × the 95th percentile (6,100)
    expect(last(60_000)).toEqual(['unusual_amount']); // 9.8 ×
    // Too little history: no judgement.
    expect(
      step(rules, emptyState(), person, tx({ at: '2026-10-21T03:00:00.000Z', amountMinor: 900_000 * YUAN }))
        .hits,
    ).toEqual([]);
  });

  it('new payee: the first large payment to an account hits, the second to it does not; companies have a higher bar', () => {
    const rules = only('new_payee_large');
    const pay = (key: string, yuan: number, at: string) =>
      tx({ at, counterpartyKey: key, amountMinor: yuan * YUAN, category: 'transfer_out' });
    const { hitsPerEvent } = run(rules, emptyState(), person, [
      pay('aaaaaaaaaaaaaaaaaaaa', 1_000, '2026-10-01T03:00:00.000Z'),
      pay('aaaaaaaaaaaaaaaaaaaa', 300_000, '2026-10-02T03:00:00.000Z'),
      pay('bbbbbbbbbbbbbbbbbbbb', 300_000, '2026-10-03T03:00:00.000Z'),
    ]);
    expect(hitsPerEvent).toEqual([[], [], ['new_payee_large']]);
    const corp = step(
      rules,
      emptyState(),
      company,
      pay('cccccccccccccccccccc', 300_000, '2026-10-03T03:00:00.000Z'),
    );
    expect(corp.hits).toEqual([]);
    const big = step(
      rules,
      emptyState(),
      company,
      pay('dddddddddddddddddddd', 2_500_000, '2026-10-03T03:00:00.000Z'),
    );
    expect(big.hits[0]!.trace[0]!.threshold).toBe(2_000_000 * YUAN);
  });

  it('dormant account: 180 quiet days then a large movement', () => {
    const rules = only('dormant_reactivated');
    const { hitsPerEvent } = run(rules, emptyState(), person, [
      tx({ at: '2026-01-01T03:00:00.000Z', amountMinor: 100 * YUAN }),
      tx({
        at: '2026-08-01T03:00:00.000Z',
        amountMinor: 80_000 * YUAN,
        direction: 'credit',
        category: 'transfer_in',
      }),
      tx({ at: '2026-08-02T03:00:00.000Z', amountMinor: 80_000 * YUAN }),
    ]);
    expect(hitsPerEvent).toEqual([[], ['dormant_reactivated'], []]);
  });

  it('cumulative cash: the seven-day sum counts only cash withdrawals', () => {
    const rules = only('cash_withdrawal_cumulative');
    const cash = (day: string, yuan: number) =>
      tx({ at: `2026-10-${day}T03:00:00.000Z`, amountMinor: yuan * YUAN, category: 'cash_withdrawal' });
    const { hitsPerEvent } = run(rules, emptyState(), person, [
      cash('01', 90_000),
      tx({ at: '2026-10-02T03:00:00.000Z', amountMinor: 500_000 * YUAN, category: 'transfer_out' }),
      cash('03', 90_000),
      cash('09', 30_000), // 10-01 is out of the window: 120,000
      cash('09', 90_000), // 210,000
    ]);
    expect(hitsPerEvent).toEqual([[], [], [], [], ['cash_withdrawal_cumulative']]);
  });

  it('account events: days past due, utilisation and downgrades', () => {
    const loan = (
      dpd: number,
      classification: AccountEvent['classification'],
      previous: AccountEvent['classification'],
    ): AccountEvent => ({
      kind: 'account',
      at: '2026-11-01T03:00:00.000Z',
      accountId: 20,
      accountKind: 'loan',
      currency: 'CNY',
      balanceMinor: 1_000_000 * YUAN,
      daysPastDue: dpd,
      classification,
      previousClassification: previous,
      limitMinor: null,
      usedMinor: null,
    });
    const codes = (e: AccountEvent) =>
      step(defaults, emptyState(), person, e)
        .hits.map((h) => h.ruleCode)
        .sort();
    expect(codes(loan(10, 'normal', 'normal'))).toEqual([]);
    expect(codes(loan(45, 'special_mention', 'normal'))).toEqual([
      'classification_downgrade',
      'loan_overdue_30',
    ]);
    expect(codes(loan(95, 'substandard', 'substandard'))).toEqual(['loan_overdue_30', 'loan_overdue_90']);
    const facility: AccountEvent = {
      ...loan(0, null, null),
      accountKind: 'credit_facility',
      limitMinor: 5_000_000 * YUAN,
      usedMinor: 4_900_000 * YUAN,
    };
    expect(codes(facility)).toEqual(['credit_line_maxed']);
    expect(codes({ ...facility, usedMinor: 3_000_000 * YUAN })).toEqual([]);
  });

  it('cool-down: a second hit within it cannot raise a new alert', () => {
    const rules = only('new_payee_large');
    const pay = (key: string, at: string) =>
      tx({ at, counterpartyKey: key, amountMinor: 300_000 * YUAN, category: 'transfer_out' });
    const { hitsPerEvent } = run(rules, emptyState(), person, [
      pay('aaaaaaaaaaaaaaaaaaaa', '2026-10-01T03:00:00.000Z'),
      pay('bbbbbbbbbbbbbbbbbbbb', '2026-10-01T05:00:00.000Z'),
      pay('cccccccccccccccccccc', '2026-10-02T04:00:00.000Z'),
    ]);
    expect(hitsPerEvent).toEqual([['new_payee_large'], ['new_payee_large(cool)'], ['new_payee_large']]);
  });

  it('a rule that throws is reported and the others still judge', () => {
    const broken: CompiledRule = {
      ...only('balance_drain')[0]!,
      id: 99,
      code: 'broken',
      conditions: [
        {
          position: 0,
          cost: 0,
          metric: 'event_amount',
          op: '>=',
          threshold: () => 0,
          value: () => {
            throw new Error('boom');
          },
        },
      ],
    };
    const r = step(
      [broken, ...only('new_payee_large')],
      emptyState(),
      person,
      tx({
        at: '2026-10-01T03:00:00.000Z',
        counterpartyKey: 'aaaaaaaaaaaaaaaaaaaa',
        amountMinor: 300_000 * YUAN,
      }),
    );
    expect(r.failures).toEqual([{ ruleId: 99, ruleCode: 'broken', message: 'boom' }]);
    expect(r.hits.map((h) => h.ruleCode)).toEqual(['new_payee_large']);
  });

  it('is deterministic and forgets what no window reaches', () => {
    const events = Array.from({ length: 400 }, (_, i) =>
      tx({
        at: new Date(Date.parse('2026-01-01T03:00:00.000Z') + i * 86_400_000).toISOString(),
        amountMinor: (1_000 + (i % 7) * 50) * YUAN,
        direction: i % 3 === 0 ? 'credit' : 'debit',
        category: i % 3 === 0 ? 'salary' : 'consumption',
        counterpartyKey: `k${String(i).padStart(19, '0')}`,
        balanceAfterMinor: 500_000 * YUAN - i * 100,
      }),
    );
    const a = run(defaults, emptyState(), person, events);
    const b = run(defaults, emptyState(), person, events);
    expect(a).toEqual(b);
    const days = dayEntries(a.state.days).map(([d]) => d);
    expect(days.length).toBeGreaterThan(80);
    expect(days.length).toBeLessThanOrEqual(96 + 7);
    expect(days.at(-1)! - days[0]!).toBeLessThanOrEqual(95 + 7);
    expect(a.state.counterparties.count).toBeLessThanOrEqual(512);
    const stored = writeState(a.state);
    expect(stored.length).toBeLessThan(40_000);
    expect(readState(stored).outflows.length).toBeLessThanOrEqual(2 * 128);
  });

  it('remembers the newest 512 payees, the least recently used forgotten first', () => {
    const s = emptyState();
    const at = (i: number) => new Date(Date.parse('2026-01-01T03:00:00.000Z') + i * 60_000).toISOString();
    // Keys as the blind index makes them: they differ within their first ten characters.
    const key = (n: number) => `${String(n).padStart(10, 'p')}${'0'.repeat(22)}`;
    for (let i = 0; i < 512; i++) step(defaults, s, person, tx({ at: at(i), counterpartyKey: key(i) }));
    step(defaults, s, person, tx({ at: at(600), counterpartyKey: key(0) }));
    step(defaults, s, person, tx({ at: at(601), counterpartyKey: key(9999) }));
    expect(s.counterparties.count).toBe(512);
    // Payee 0 was met again, so payee 1 was the oldest and went.
    expect(hasPayee(s.counterparties, payeeId(key(0)))).toBe(true);
    expect(hasPayee(s.counterparties, payeeId(key(1)))).toBe(false);
    expect(hasPayee(s.counterparties, payeeId(key(2)))).toBe(true);
    expect(payeeList(s.counterparties).slice(-2)).toEqual([payeeId(key(0)), payeeId(key(9999))]);
    const big = { amountMinor: 300_000 * YUAN };
    expect(
      step(only('new_payee_large'), s, person, tx({ at: at(700), counterpartyKey: key(1), ...big })).hits,
    ).toHaveLength(1);
    expect(
      step(only('new_payee_large'), s, person, tx({ at: at(701), counterpartyKey: key(3), ...big })).hits,
    ).toHaveLength(0);
  });

  it('writes the days it kept from the last save as the days it holds: after late events, silences, pruning', () => {
    const s = seededState([{ accountId: 10, currency: 'CNY', balanceMinor: 500_000 * YUAN }], '2025-12-31');
    let seed = 5;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return Math.floor((seed / 2_147_483_648) * n);
    };
    let day = 0;
    for (let i = 0; i < 600; i++) {
      // Mostly the next hours; sometimes a late event weeks back, or a silence: shorter than the
      // ring (a new day takes the slot of one still held) or longer.
      const roll = rand(40);
      day += roll === 0 ? (rand(2) === 0 ? 60 : 150) : rand(3) === 0 ? 1 : 0;
      const late = roll === 1 ? 20 + rand(60) : 0;
      const at = new Date(
        Date.parse('2026-01-01T02:00:00.000Z') + (day - late) * 86_400_000 + rand(600) * 60_000,
      );
      step(
        defaults,
        s,
        person,
        tx({
          at: at.toISOString(),
          direction: rand(2) === 0 ? 'credit' : 'debit',
          category: (['salary', 'transfer_out', 'consumption'] as const)[rand(3)]!,
          amountMinor: rand(4) === 0 ? 0.5 : (1 + rand(9_000)) * YUAN,
          counterpartyKey: `payee${rand(50)}xxxxxxxx`,
          balanceAfterMinor: rand(900_000) * YUAN,
        }),
      );
      const written = writeState(s);
      const stored = JSON.parse(written);
      expect(stored.days).toEqual(flatDays(s.days));
      // Read back (no kept text): written the same.
      expect(writeState(readState(written))).toBe(written);
    }
    const back = readState(writeState(s));
    expect(payeeList(back.counterparties)).toEqual(payeeList(s.counterparties));
    expect(back.counterparties.count).toBeGreaterThan(40);
  });

  it('stores a state and reads it back to the same judgements, an earlier layout too', () => {
    const events = Array.from({ length: 120 }, (_, i) =>
      tx({
        at: new Date(Date.parse('2026-03-01T03:00:00.000Z') + i * 43_200_000).toISOString(),
        amountMinor: (2_000 + (i % 5) * 300) * YUAN,
        direction: i % 4 === 0 ? 'credit' : 'debit',
        category: i % 4 === 0 ? 'salary' : 'transfer_out',
        counterpartyKey: `c${String(i % 30).padStart(19, '0')}`,
        balanceAfterMinor: 900_000 * YUAN - i * 1_000 * YUAN,
      }),
    );
    const start = () =>
      seededState([{ accountId: 10, currency: 'CNY', balanceMinor: 900_000 * YUAN }], '2026-02-28');
    const whole = run(defaults, start(), person, events);
    // The same stream judged in four batches, the state stored and read back between them.
    let s = start();
    const hits: string[][] = [];
    for (let b = 0; b < 4; b++) {
      const r = run(defaults, s, person, events.slice(b * 30, b * 30 + 30));
      hits.push(...r.hitsPerEvent);
      s = readState(writeState(r.state));
    }
    expect(hits).toEqual(whole.hitsPerEvent);
    expect(writeState(s)).toBe(writeState(whole.state));
    // Session 3's stored layout reads as the same state.
    const v1 = JSON.stringify({
      v: 1,
      days: { 20500: { o2: [5_000, 2, 3_000], i0: [9_000, 1, 9_000] } },
      balances: { CNY: { 10: 70_000, 11: 30_000 } },
      closes: { CNY: { 20499: 120_000, 20500: 100_000 } },
      outflows: [
        [29_520_000, 2_000],
        [29_520_100, 3_000],
      ],
      inflows: { salary: [1_771_000_000_000] },
      lastAt: { 10: 1_771_000_000_000 },
      counterparties: ['aaaaaaaaaa', 'bbbbbbbbbb'],
      fired: { balance_drain: 1_770_000_000_000 },
      prunedDay: 20500,
    });
    const upgraded = readState(v1);
    expect(runsOf(upgraded.days, 20500)).toEqual([2 * 2, 5_000, 2, 3_000, 1, 9_000, 1, 9_000]);
    expect(upgraded.totals.CNY).toBe(100_000);
    expect(closeEntries(upgraded.closes.CNY!)).toEqual([20499, 120_000, 20500, 100_000]);
    expect(upgraded.outflows).toEqual([29_520_000, 2_000, 29_520_100, 3_000]);
    expect(payeeList(upgraded.counterparties)).toEqual([payeeId('aaaaaaaaaa'), payeeId('bbbbbbbbbb')]);
    expect(writeState(readState(writeState(upgraded)))).toBe(writeState(upgraded));
  });
});

describe('day rings', () => {
  it('keep a close per day, carry the newest forgotten one forward, and refuse days too old', () => {
    const c = newCloses();
    setClose(c, 20_000, 100);
    setClose(c, 20_005, 50);
    expect(closeOn(c, 20_004, 19_990)).toBe(100);
    expect(closeOn(c, 20_010, 20_000)).toBe(50);
    expect(closeOn(c, 19_999, 19_900)).toBeNull();
    // 128 days on, the slot of day 20,000 is taken: its close is kept as the one before.
    setClose(c, 20_128, 70);
    expect(closeOn(c, 20_004, 19_990)).toBe(100);
    expect(closeOn(c, 20_127, 20_100)).toBe(50);
    // A later close for a day inside the window is found first.
    setClose(c, 20_001, 90);
    expect(closeOn(c, 20_004, 19_990)).toBe(90);
    // A day older than the day holding its slot (and than the one kept before) is not kept.
    setClose(c, 19_872, 5);
    expect(closeOn(c, 19_900, 19_800)).toBeNull();
    expect(closeEntries(c)).toEqual([20_000, 100, 20_001, 90, 20_005, 50, 20_128, 70]);
  });

  it('list the days oldest first, also when a slot not yet forgotten lies more than a ring behind', () => {
    const r = newDayRuns();
    runsFor(r, 20_300)!.push(1, 500, 1, 500);
    runsFor(r, 20_005)!.push(3, 70, 2, 40);
    runsFor(r, 20_200)!.push(2, 10, 1, 10, 5, 20, 1, 20);
    expect(dayEntries(r).map(([d]) => d)).toEqual([20_005, 20_200, 20_300]);
    expect(flatDays(r)).toEqual([
      20_005, 1, 3, 70, 2, 40, 20_200, 2, 2, 10, 1, 10, 5, 20, 1, 20, 20_300, 1, 1, 500, 1, 500,
    ]);
    forgetDaysBefore(r, 20_100);
    expect(flatDays(r)).toEqual([20_200, 2, 2, 10, 1, 10, 5, 20, 1, 20, 20_300, 1, 1, 500, 1, 500]);
  });

  it('keep the text of the days before the newest, and drop it when one of them changes or leaves', () => {
    const r = newDayRuns();
    runsFor(r, 100)!.push(1, 10, 1, 10);
    runsFor(r, 200)!.push(2, 20, 1, 20);
    expect(daysText(r)).toBe('100,1,1,10,1,10,200,1,2,20,1,20');
    expect(r.prefix).toBe('100,1,1,10,1,10');
    // Day 228 takes the slot of day 100: the kept text must not bring day 100 back.
    runsFor(r, 228)!.push(3, 30, 1, 30);
    expect(daysText(r)).toBe('200,1,2,20,1,20,228,1,3,30,1,30');
    // A late event on a kept day.
    runsFor(r, 200)![1] = 25;
    expect(daysText(r)).toBe('200,1,2,25,1,20,228,1,3,30,1,30');
    expect(JSON.parse(`[${daysText(r)}]`)).toEqual(flatDays(r));
  });
});

describe('judging only the rules that can hold', () => {
  it('hits exactly what judging every condition of every rule would, on every kind of event', () => {
    // A rule of either kind of condition: it can hold on a loan's events and on account events.
    const mixed = RuleDefinition.parse({
      ...DEFAULT_RULES.find((r) => r.code === 'loan_overdue_30')!,
      code: 'mixed_any',
      when: 'any',
      conditions: [
        { metric: 'days_past_due', op: '>=', value: 1 },
        { metric: 'classification_downgrade', op: '>=', value: 1 },
      ],
    });
    const rules = [...defaults, ...compileRules([{ id: 99, version: 1, definition: mixed }])];
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const kinds = ACCOUNT_KINDS;
    const categories = [
      'salary',
      'transfer_in',
      'transfer_out',
      'cash_withdrawal',
      'consumption',
      'other',
    ] as const;
    const state = seededState(
      [{ accountId: 1, currency: 'CNY', balanceMinor: 2_000_000 * YUAN }],
      '2025-12-31',
    );
    const hitCount = new Map<string, number>();
    let time = Date.parse('2026-01-01T02:00:00.000Z');
    for (let i = 0; i < 4_000; i++) {
      time += rand(4) === 0 ? 200 * 86_400_000 : rand(6 * 3_600_000);
      const k = rand(kinds.length);
      const accountKind = kinds[k]!;
      const at = new Date(time).toISOString();
      const event: TransactionEvent | AccountEvent =
        rand(5) === 0
          ? {
              kind: 'account',
              at,
              accountId: 1 + k,
              accountKind,
              currency: 'CNY',
              balanceMinor: rand(3_000_000) * YUAN,
              daysPastDue: accountKind === 'loan' ? rand(120) : null,
              classification:
                accountKind === 'loan'
                  ? (['normal', 'special_mention', 'substandard'] as const)[rand(3)]!
                  : null,
              previousClassification: accountKind === 'loan' ? 'normal' : null,
              limitMinor: accountKind.startsWith('credit') ? 100_000 * YUAN : null,
              usedMinor: accountKind === 'credit_facility' ? rand(100_001) * YUAN : null,
            }
          : tx({
              at,
              accountId: 1 + k,
              accountKind,
              direction: rand(2) === 0 ? 'debit' : 'credit',
              category: categories[rand(categories.length)]!,
              amountMinor: (rand(4) === 0 ? 300_000 + rand(3_000_000) : 100 + rand(5_000)) * YUAN,
              counterpartyKey: rand(3) === 0 ? null : `payee${rand(rand(10) === 0 ? 100_000 : 8)}`,
              balanceAfterMinor: rand(3_000_000) * YUAN,
              daysPastDue: accountKind === 'loan' ? rand(120) : null,
              limitMinor: accountKind.startsWith('credit') ? 100_000 * YUAN : null,
              usedMinor: accountKind === 'credit_facility' ? rand(100_001) * YUAN : null,
            });
      const subject = rand(2) === 0 ? person : company;
      const r = step(rules, state, subject, event, { explain: true });
      // What judging every condition would hit: the rule applies to the client and its conditions hold.
      const expected = r
        .explained!.filter(({ ruleCode, trace }) => {
          const rule = rules.find((x) => x.code === ruleCode)!;
          const holds = rule.all ? trace.every((c) => c.holds) : trace.some((c) => c.holds);
          return holds && rule.appliesTo(subject);
        })
        .map((x) => x.ruleCode);
      const got = r.hits.map((h) => h.ruleCode);
      expect(got).toEqual(expected);
      for (const c of got) hitCount.set(c, (hitCount.get(c) ?? 0) + 1);
    }
    for (const code of [
      'loan_overdue_30',
      'loan_overdue_90',
      'credit_line_maxed',
      'classification_downgrade',
      'new_payee_large',
      'dormant_reactivated',
      'mixed_any',
    ])
      expect(hitCount.get(code) ?? 0, code).toBeGreaterThan(0);
  });
});

describe('payees', () => {
  it('match a least-recently-used list of the same limit, through collisions and evictions', () => {
    // Ids sharing their low bits start probing at the same slot: long runs, shifted on removal.
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const p = newPayees();
    const reference: number[] = [];
    for (let op = 0; op < 20_000; op++) {
      const id = 1 + rand(90) * 64 + (op % 3 === 0 ? rand(3) : 0);
      const at = reference.indexOf(id);
      const known = at >= 0;
      if (known) reference.splice(at, 1);
      reference.push(id);
      if (reference.length > 40) reference.shift();
      expect(touchPayee(p, id, 40)).toBe(known);
      expect(p.count).toBe(reference.length);
    }
    expect(payeeList(p)).toEqual(reference);
    for (const id of reference) expect(hasPayee(p, id)).toBe(true);
    // Read back from the list, the table judges the same.
    const copy = payeesOfPairs(payeePairs(p));
    expect(payeeList(copy)).toEqual(reference);
    expect(touchPayee(copy, reference[0]!, 40)).toBe(true);
    expect(touchPayee(copy, 999_999, 40)).toBe(false);
    expect(hasPayee(copy, reference[1]!)).toBe(false);
  });

  it('number a key by its first ten characters, exactly, never 0', () => {
    const a = 'Zx9-_aB3kQ';
    expect(payeeId(`${a}rest-of-the-index`)).toBe(payeeId(`${a}something-else`));
    expect(payeeId(`${a.slice(0, 9)}R`)).not.toBe(payeeId(a));
    expect(payeeId('Yx9-_aB3kQ')).not.toBe(payeeId(a));
    expect(payeeId('AAAAAAAAAA')).toBe(1);
    expect(Number.isSafeInteger(payeeId('__________'))).toBe(true);
    // Ten characters of a uniform key: 1,000 random ones all differ.
    const ids = new Set<number>();
    for (let i = 0; i < 1_000; i++)
      ids.add(
        payeeId(
          Buffer.from(String(i * 7919))
            .toString('base64url')
            .padEnd(10, 'Q'),
        ),
      );
    expect(ids.size).toBe(1_000);
  });
});

describe('instants', () => {
  it('read as Date.parse reads them, the canonical form by arithmetic and any other by Date.parse', () => {
    const samples = [
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
      '2000-02-29T12:34:56.789Z',
      '2024-02-29T23:59:59.999Z',
      '2100-03-01T00:00:00.001Z',
      '1900-02-28T08:00:00.000Z',
    ];
    for (let i = 0; i < 2_000; i++)
      samples.push(new Date(-2_000_000_000_000 + i * 3_123_456_789_01).toISOString());
    for (const at of samples) expect(instantMs(at)).toBe(Date.parse(at));
    for (const at of [
      '2026-11-29T10:00:00+08:00',
      '2026-11-29',
      '2026-11-29T10:00:00Z',
      '2026-13-01T00:00:00.000Z',
    ])
      expect(Object.is(instantMs(at), Date.parse(at))).toBe(true);
  });
});
