import type {
  AccountKind,
  BacktestRequest,
  BacktestResult,
  ClientKind,
  RuleDefinition,
  Tier,
  TransactionCategory,
} from '@dossier/contract';
import { performance } from 'node:perf_hooks';
import type { Ctx, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { authorize } from '../../core/policy.ts';
import { bankDayStart, bankDay, addDays } from '../../finance/ledger.ts';
import { compileRules, step } from '../../rules/engine.ts';
import { sideOf, signedAmount } from '../../finance/ledger.ts';
import { type WarningState, addOpeningBalance, emptyState } from '../../rules/state.ts';
import { listClientsWithTransactions, listHistory, listLoanOutcomes } from './backtest.repo.ts';
import { listRuleRows } from './rules.repo.ts';

const CLIENTS_PER_READ = 200;

/**
 * Runs rules over the stored history without writing anything: each client from an empty state,
 * its transactions in booking order, hits counted as the alerts they would have opened (a hit
 * within a rule's cool-down opens none). With `beforeLoanStart`, only borrowers, and only what
 * happened before their first loan; the outcome is whether a loan of theirs went bad.
 */
export async function backtest(
  deps: Pick<Deps, 'db'>,
  rules: { id: number; version: number; definition: RuleDefinition }[],
  opts: { from?: string; to?: string; beforeLoanStart?: boolean } = {},
): Promise<BacktestResult> {
  const started = performance.now();
  const compiled = compileRules(rules);
  const perRule = new Map(
    compiled.map((r) => [r.code, { alerts: 0, clients: new Set<number>(), days: new Map<string, number>() }]),
  );
  const outcomes = { flagged: 0, flaggedBad: 0, unflagged: 0, unflaggedBad: 0 };
  const fromAt = opts.from ? bankDayStart(opts.from) : undefined;
  const toAt = opts.to ? bankDayStart(addDays(opts.to, 1)) : undefined;
  let transactionsJudged = 0;
  let clientsJudged = 0;
  let afterId = 0;
  for (;;) {
    const clients = await listClientsWithTransactions(deps.db, afterId, CLIENTS_PER_READ);
    if (clients.length === 0) break;
    afterId = Number(clients.at(-1)!.id);
    const ids = clients.map((c) => Number(c.id));
    const loans = new Map((await listLoanOutcomes(deps.db, ids)).map((l) => [Number(l.client_id), l]));
    const history = await listHistory(deps.db, ids, fromAt, toAt);
    const byClient = new Map<number, typeof history>();
    for (const t of history) {
      const list = byClient.get(Number(t.client_id)) ?? [];
      list.push(t);
      byClient.set(Number(t.client_id), list);
    }
    for (const c of clients) {
      const id = Number(c.id);
      const loan = loans.get(id);
      if (opts.beforeLoanStart && !loan) continue;
      const cutoff = opts.beforeLoanStart ? bankDayStart(String(loan!.first_loan_on)) : null;
      const subject = { clientId: id, clientKind: c.kind as ClientKind, tier: c.tier as Tier };
      const state: WarningState = emptyState();
      const balance = new Map<number, number>();
      let flagged = false;
      let judged = 0;
      for (const t of byClient.get(id) ?? []) {
        if (cutoff !== null && t.booked_at >= cutoff) break;
        const accountId = Number(t.account_id);
        const amount = Number(t.amount_minor);
        const kind = t.kind as AccountKind;
        const signed = signedAmount(kind, t.direction as 'credit' | 'debit', amount);
        const after =
          t.balance_after_minor === null
            ? (balance.get(accountId) ?? 0) + signed
            : Number(t.balance_after_minor);
        if (!balance.has(accountId) && sideOf(kind) === 'asset')
          addOpeningBalance(
            state,
            { accountId, currency: t.currency, balanceMinor: after - signed },
            addDays(bankDay(t.booked_at), -1),
          );
        balance.set(accountId, after);
        const { hits } = step(compiled, state, subject, {
          kind: 'transaction',
          at: t.booked_at,
          accountId,
          accountKind: kind,
          currency: t.currency,
          amountMinor: amount,
          direction: t.direction as 'credit' | 'debit',
          category: t.category as TransactionCategory,
          counterpartyKey: t.counterparty_hash,
          balanceAfterMinor: after,
          daysPastDue: t.days_past_due === null ? null : Number(t.days_past_due),
          limitMinor: t.limit_minor === null ? null : Number(t.limit_minor),
          usedMinor: t.used_minor === null ? null : Number(t.used_minor),
        });
        judged += 1;
        for (const h of hits) {
          if (!h.fresh) continue;
          flagged = true;
          const r = perRule.get(h.ruleCode)!;
          r.alerts += 1;
          r.clients.add(id);
          const day = bankDay(t.booked_at);
          r.days.set(day, (r.days.get(day) ?? 0) + 1);
        }
      }
      transactionsJudged += judged;
      if (judged > 0) clientsJudged += 1;
      if (loan && (judged > 0 || !opts.beforeLoanStart)) {
        const bad = Number(loan.bad) === 1;
        if (flagged) {
          outcomes.flagged += 1;
          if (bad) outcomes.flaggedBad += 1;
        } else {
          outcomes.unflagged += 1;
          if (bad) outcomes.unflaggedBad += 1;
        }
      }
    }
  }
  return {
    transactionsJudged,
    clientsJudged,
    rules: compiled.map((r) => {
      const s = perRule.get(r.code)!;
      return {
        code: r.code,
        alerts: s.alerts,
        clientsHit: s.clients.size,
        hitsPerDay: [...s.days]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([day, alerts]) => ({ day, alerts })),
      };
    }),
    outcomes,
    tookMs: Math.round(performance.now() - started),
  };
}

/** The API's backtest: stored rules by id (their version in force) or a draft definition. */
export async function backtestFor(ctx: Ctx, req: BacktestRequest): Promise<BacktestResult> {
  authorize(ctx.actor, 'rule.edit');
  if (req.from && req.to && req.from > req.to)
    throw new AppError('request.invalid', 'to must not be before from', { field: 'to' });
  const rules: { id: number; version: number; definition: RuleDefinition }[] = [];
  if (req.ruleIds) {
    const rows = new Map((await listRuleRows(ctx.db)).map((r) => [Number(r.id), r]));
    req.ruleIds.forEach((id, i) => {
      const row = rows.get(id);
      if (!row)
        throw new AppError('rule.not_found', `ruleIds.${i} names no rule.`, { field: `ruleIds.${i}` });
      rules.push({ id, version: row.version, definition: JSON.parse(row.definition) as RuleDefinition });
    });
  }
  if (req.definition) rules.push({ id: 0, version: 0, definition: req.definition });
  return backtest(ctx, rules, req);
}
