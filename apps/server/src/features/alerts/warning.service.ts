import type {
  AccountKind,
  AlertEvidence,
  ClientKind,
  RuleDefinition,
  Severity,
  Tier,
} from '@dossier/contract';
import type { Ctx } from '../../core/context.ts';
import type { Tx } from '../../db/dialect.ts';
import { type StreamAlert, withStreamAlerts } from './alerts.service.ts';
import { addDays, bankDay } from '../../finance/ledger.ts';
import {
  type CompiledRule,
  type Subject,
  type WarningEvent,
  compileRules,
  step,
} from '../../rules/engine.ts';
import { type WarningStateCache, keepState, nextRevision, takeState } from '../../rules/cache.ts';
import { type SeedAccount, type WarningState, readState, seedState, writeState } from '../../rules/state.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import {
  type AlertInsert,
  findAlertEvidence,
  findClientAccounts,
  findOpenAlerts,
  findSubjects,
  findWarningStates,
  insertAlert,
  insertAlertEvents,
  listEnabledRules,
  markRuleFailed,
  saveWarningStates,
  updateAlertHits,
} from './warning.repo.ts';

/** Hours to act on an alert, by severity, before it is escalated to the team lead. */
export const SLA_HOURS: Record<Severity, number> = { critical: 4, high: 24, medium: 72, low: 168 };
const EVIDENCE_KEPT = 50;
/**
 * Events booked longer ago than this before they arrive (a backfill, a late file) teach the
 * state but raise no alert: what happened months ago is history, not a warning to act on.
 */
export const ALERT_LOOKBACK_DAYS = 60;
/**
 * Events booked longer ago than this are not judged at all: no window of a live event reaches
 * them (the longest, an expected inflow's, looks back 180 days). A backfill of years costs the
 * rules only its last half year.
 */
export const LEARN_HORIZON_DAYS = 181;

/**
 * The clients a batch will judge: when their first judged event is, and their accounts that the
 * batch moves as they stand just before it (balance, newest movement). A client without a state
 * yet starts from these, and from the database for its other accounts.
 */
export type Openings = Map<
  number,
  { firstAt: string; accounts: { accountId: number; balanceMinor: number; lastAt: string | null }[] }
>;

/** What changed, for the live stream once the database transaction has committed. */
export type AlertNotice = {
  alertId: number;
  clientId: number;
  type: 'alert.raised' | 'alert.updated';
  /**
   * The alert as the streams send it, read in the transaction that changed it, so that no stream
   * waits for a database connection after the commit (ingest fills it in; others may not).
   */
  alert?: StreamAlert;
};

/** Rules, subjects and states of a batch's clients, read before the batch changes any balance. */
export type Judgement = {
  rules: CompiledRule[];
  subjects: Map<number, Subject & { ownerId: number | null }>;
  states: Map<number, WarningState>;
};

/**
 * Reads what judging a batch needs. A client without a state gets one seeded from its asset
 * balances as they stand before the batch, closing the day before its first event. Returns null
 * when no rule is enabled (nothing to judge, nothing to learn).
 */
export async function startJudgement(
  tx: Tx,
  /** States this process saved: used while still the saved ones (`Deps.warningStates`). */
  cache: WarningStateCache,
  openings: Openings,
  /** Lock the clients' rows (PostgreSQL: `Dialect.rowLocks`). */
  rowLocks = false,
): Promise<Judgement | null> {
  if (openings.size === 0) return null;
  const rows = await listEnabledRules(tx);
  if (rows.length === 0) return null;
  const rules = compileRules(
    rows.map((r) => ({
      id: Number(r.id),
      version: r.version,
      definition: JSON.parse(r.definition) as RuleDefinition,
    })),
  );
  const clientIds = [...openings.keys()];
  const subjects = new Map(
    (await findSubjects(tx, clientIds, rowLocks)).map((c) => [
      Number(c.id),
      {
        clientId: Number(c.id),
        clientKind: c.kind as ClientKind,
        tier: c.tier as Tier,
        ownerId: c.owner_id === null ? null : Number(c.owner_id),
      },
    ]),
  );
  const states = new Map<number, WarningState>();
  const stale: number[] = [];
  for (const [id, revision] of await findWarningStates(tx, clientIds, 'revision')) {
    const held = takeState(cache, id, revision);
    if (held) states.set(id, held);
    else stale.push(id);
  }
  for (const [id, json] of await findWarningStates(tx, stale, 'state')) states.set(id, readState(json));
  const missing = clientIds.filter((id) => !states.has(id));
  if (missing.length > 0) {
    const held = new Map<number, SeedAccount[]>();
    for (const a of await findClientAccounts(tx, missing)) {
      const list = held.get(Number(a.client_id)) ?? [];
      list.push({
        accountId: Number(a.id),
        kind: a.kind as AccountKind,
        currency: a.currency,
        balanceMinor: Number(a.balance_minor),
        lastAt: a.balance_as_of,
      });
      held.set(Number(a.client_id), list);
    }
    for (const id of missing) {
      const opening = openings.get(id)!;
      const inBatch = new Map(opening.accounts.map((a) => [a.accountId, a]));
      const accounts = (held.get(id) ?? []).map((a) => {
        const moved = inBatch.get(a.accountId);
        return moved ? { ...a, balanceMinor: moved.balanceMinor, lastAt: moved.lastAt } : a;
      });
      states.set(id, seedState(accounts, addDays(bankDay(opening.firstAt), -1)));
    }
  }
  return { rules, subjects, states };
}

/**
 * Judges the batch's events in the order given (booking order), in the batch's database
 * transaction: hits open an alert (one open per rule and client; later hits add evidence),
 * a rule that fails is switched off and reported while the rest go on, and every state is saved.
 */
export async function finishJudgement(
  ctx: Ctx,
  tx: Tx,
  j: Judgement,
  events: { clientId: number; transactionId: number | null; event: WarningEvent }[],
): Promise<AlertNotice[]> {
  const now = ctx.now.toISOString();
  const open = new Map<string, { id: number; client_id: number; hits: number }>();
  for (const a of await findOpenAlerts(tx, [...j.states.keys()])) open.set(`${a.rule_id}:${a.client_id}`, a);
  // New alerts by rule and client, and the evidence each open or new alert gains in this batch.
  const created = new Map<string, AlertInsert>();
  const gained = new Map<string, AlertEvidence[]>();
  let rules = j.rules;
  const oldest = new Date(ctx.now.getTime() - ALERT_LOOKBACK_DAYS * 86_400_000).toISOString();

  for (const { clientId, transactionId, event } of events) {
    const subject = j.subjects.get(clientId);
    const state = j.states.get(clientId);
    if (!subject || !state) continue;
    const { hits, failures } = step(rules, state, subject, event);
    if (failures.length > 0) {
      const failed = new Set(failures.map((f) => f.ruleId));
      rules = rules.filter((r) => !failed.has(r.id));
      for (const f of failures) {
        ctx.log.warn({ rule: f.ruleCode, err: f.message }, 'warning rule failed and was switched off');
        await markRuleFailed(tx, f.ruleId, f.message, now);
        await appendAudit(tx, ctx, {
          ...auditFrom(ctx),
          action: 'rule.failed',
          targetType: 'warning_rule',
          targetId: f.ruleId,
          details: { code: f.ruleCode, message: f.message },
        });
      }
    }
    if (event.at < oldest) continue;
    for (const h of hits) {
      const key = `${h.ruleId}:${clientId}`;
      const target = open.get(key) ?? created.get(key);
      if (!target && !h.fresh) continue;
      if (target) target.hits += 1;
      else
        created.set(key, {
          rule_id: h.ruleId,
          rule_version: h.ruleVersion,
          client_id: clientId,
          account_id: event.accountId,
          severity: h.severity,
          status: 'open',
          resolution: null,
          raised_at: now,
          last_hit_at: now,
          hits: 1,
          owner_id: subject.ownerId,
          due_at: new Date(ctx.now.getTime() + SLA_HOURS[h.severity] * 3_600_000).toISOString(),
          escalated_at: null,
          evidence: '[]',
          updated_at: now,
        });
      const list = gained.get(key) ?? [];
      list.push({
        at: event.at,
        transactionId,
        accountId: event.accountId,
        amountMinor: event.kind === 'transaction' ? event.amountMinor : null,
        direction: event.kind === 'transaction' ? event.direction : null,
        currency: event.currency,
        trace: h.trace,
      });
      gained.set(key, list);
    }
  }

  const newest = (list: AlertEvidence[]) => JSON.stringify(list.slice(-EVIDENCE_KEPT));
  const notices: AlertNotice[] = [];
  const raisedEvents = [];
  for (const [key, row] of created) {
    row.evidence = newest(gained.get(key)!);
    const id = await insertAlert(tx, row);
    notices.push({ alertId: id, clientId: row.client_id, type: 'alert.raised' });
    raisedEvents.push({ alert_id: id, at: now, actor_id: null, kind: 'raised', detail: null });
  }
  const grown = [...gained.keys()].filter((key) => open.has(key));
  // An open alert hit again says so in its history: once per batch, with how many hits it gained.
  const hitEvents = grown.map((key) => ({
    alert_id: Number(open.get(key)!.id),
    at: now,
    actor_id: null,
    kind: 'hit',
    detail: String(gained.get(key)!.length),
  }));
  await insertAlertEvents(tx, [...raisedEvents, ...hitEvents]);
  const stored = await findAlertEvidence(
    tx,
    grown.map((key) => open.get(key)!.id),
  );
  for (const key of grown) {
    const a = open.get(key)!;
    const before = JSON.parse(stored.get(Number(a.id)) ?? '[]') as AlertEvidence[];
    await updateAlertHits(tx, Number(a.id), {
      hits: a.hits,
      last_hit_at: now,
      evidence: newest([...before, ...gained.get(key)!]),
      updated_at: now,
    });
    notices.push({ alertId: Number(a.id), clientId: Number(a.client_id), type: 'alert.updated' });
  }
  const saved = [...j.states].map(([client_id, s]) => ({
    client_id,
    state: writeState(s),
    updated_at: now,
    revision: nextRevision(ctx.warningStates),
  }));
  await saveWarningStates(tx, saved);
  // Held under the new revisions: should the batch roll back, the rows keep theirs and these go unused.
  for (const row of saved)
    keepState(ctx.warningStates, row.client_id, row.revision, j.states.get(row.client_id)!);
  return withStreamAlerts(tx, notices, ctx.now);
}
