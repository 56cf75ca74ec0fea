import {
  type Rule,
  RuleDefinition,
  type RuleDecision,
  type RuleList,
  type RuleProposal,
  type RuleStatus,
} from '@dossier/contract';
import type { Ctx, Deps } from '../../core/context.ts';
import type { Tx } from '../../db/dialect.ts';
import { AppError } from '../../core/errors.ts';
import { authorize } from '../../core/policy.ts';
import { DEFAULT_RULES } from '../../rules/defaults.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import {
  type RuleRow,
  findRuleByCode,
  firstActions,
  ruleAlertCounts,
  findRuleRow,
  insertRule,
  insertRuleVersion,
  latestVersionNumber,
  listPendingVersions,
  listRuleRows,
  updateRule,
  updateRuleVersion,
} from './rules.repo.ts';

/**
 * Installs the shipped default rules the database does not have yet (by code), enabled, as
 * version 1 approved by the system. A bank's own changes to them are never overwritten.
 */
export async function installDefaultRules(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const at = deps.clock().toISOString();
  let added = 0;
  await deps.db.transaction().execute(async (tx) => {
    for (const input of DEFAULT_RULES) {
      if (await findRuleByCode(tx, input.code)) continue;
      const definition = JSON.stringify(RuleDefinition.parse(input));
      const id = await insertRule(tx, {
        code: input.code,
        version: 1,
        status: 'active',
        enabled: 1,
        definition,
        failure: null,
        created_at: at,
        updated_at: at,
      });
      await insertRuleVersion(tx, {
        rule_id: id,
        version: 1,
        definition,
        enable: 1,
        state: 'approved',
        proposed_by: null,
        proposed_at: at,
        decided_by: null,
        decided_at: at,
        note: 'shipped default',
      });
      added += 1;
    }
  });
  return added;
}

type Pending = Awaited<ReturnType<typeof listPendingVersions>>[number];

type Stats = Rule['stats'];
const NO_STATS: Stats = {
  alerts30d: 0,
  alertsPerDay: 0,
  resolved: 0,
  confirmedRisk: 0,
  precision: null,
  medianMinutesToAct: null,
};

/** Alerts per day (30 days), precision (confirmed ÷ resolved), median minutes to act (90 days), per rule id. */
async function ruleStats(ctx: Ctx): Promise<Map<number, Stats>> {
  const day = 86_400_000;
  const since30 = new Date(ctx.now.getTime() - 30 * day).toISOString();
  const since90 = new Date(ctx.now.getTime() - 90 * day).toISOString();
  const out = new Map<number, Stats>();
  for (const c of await ruleAlertCounts(ctx.db, since30)) {
    const resolved = Number(c.resolved ?? 0);
    const confirmed = Number(c.confirmed ?? 0);
    const recent = Number(c.recent ?? 0);
    out.set(Number(c.rule_id), {
      alerts30d: recent,
      alertsPerDay: Math.round((recent / 30) * 100) / 100,
      resolved,
      confirmedRisk: confirmed,
      precision: resolved === 0 ? null : Math.round((confirmed / resolved) * 1000) / 1000,
      medianMinutesToAct: null,
    });
  }
  const waits = new Map<number, number[]>();
  for (const a of await firstActions(ctx.db, since90)) {
    const list = waits.get(Number(a.rule_id)) ?? [];
    list.push((Date.parse(String(a.acted_at)) - Date.parse(a.raised_at)) / 60_000);
    waits.set(Number(a.rule_id), list);
  }
  for (const [ruleId, list] of waits) {
    list.sort((x, y) => x - y);
    const mid = list.length / 2;
    const median = list.length % 2 ? list[Math.floor(mid)]! : (list[mid - 1]! + list[mid]!) / 2;
    const s = out.get(ruleId) ?? { ...NO_STATS };
    out.set(ruleId, { ...s, medianMinutesToAct: Math.round(median * 10) / 10 });
  }
  return out;
}

function presentRule(r: RuleRow, pending: Pending | undefined, stats: Stats = NO_STATS): Rule {
  return {
    id: Number(r.id),
    code: r.code,
    version: r.version,
    status: r.status as RuleStatus,
    enabled: r.enabled === 1,
    definition: JSON.parse(r.definition) as RuleDefinition,
    pending: pending
      ? {
          version: pending.version,
          definition: JSON.parse(pending.definition) as RuleDefinition,
          enable: pending.enable === 1,
          proposedBy: pending.proposer ?? 'system',
          proposedById: pending.proposed_by === null ? null : Number(pending.proposed_by),
          proposedAt: pending.proposed_at,
        }
      : null,
    failure: r.failure,
    updatedAt: r.updated_at,
    stats,
  };
}

export async function listRules(ctx: Ctx): Promise<RuleList> {
  authorize(ctx.actor, 'rule.read');
  const rows = await listRuleRows(ctx.db);
  const pending = new Map((await listPendingVersions(ctx.db)).map((p) => [Number(p.rule_id), p]));
  const stats = await ruleStats(ctx);
  return { items: rows.map((r) => presentRule(r, pending.get(Number(r.id)), stats.get(Number(r.id)))) };
}

export async function getRule(ctx: Ctx, id: number): Promise<Rule> {
  authorize(ctx.actor, 'rule.read');
  const row = await findRuleRow(ctx.db, id);
  if (!row) throw new AppError('rule.not_found', 'No such rule.');
  const [pending] = await listPendingVersions(ctx.db, [id]);
  return presentRule(row, pending, (await ruleStats(ctx)).get(id));
}

/**
 * Proposes a rule: new (by a code not used yet) or a new version of an existing one (`ruleId`).
 * Nothing changes in what runs until a second person approves; one proposal waits at a time.
 */
export async function proposeRule(ctx: Ctx, p: RuleProposal, ruleId?: number): Promise<Rule> {
  authorize(ctx.actor, 'rule.edit');
  const id = await ctx.db.transaction().execute((tx) => proposeIn(ctx, tx, p, ruleId));
  return getRule(ctx, id);
}

/**
 * Proposes several rules at once, all or none (a rule file): each a new version of the rule
 * with its code, or a new rule. Returns each rule as it now stands, in the file's order.
 */
export async function proposeRules(ctx: Ctx, proposals: RuleProposal[]): Promise<Rule[]> {
  authorize(ctx.actor, 'rule.edit');
  const seen = new Map<string, number>();
  proposals.forEach((p, i) => {
    const first = seen.get(p.definition.code);
    if (first !== undefined)
      throw new AppError(
        'request.invalid',
        `rules.${i}.definition.code repeats rules.${first}: one change per rule.`,
        {
          field: `rules.${i}.definition.code`,
        },
      );
    seen.set(p.definition.code, i);
  });
  const ids = await ctx.db.transaction().execute(async (tx) => {
    const out: number[] = [];
    for (const [i, p] of proposals.entries()) {
      const existing = await findRuleByCode(tx, p.definition.code);
      try {
        out.push(await proposeIn(ctx, tx, p, existing ? Number(existing.id) : undefined));
      } catch (err) {
        if (err instanceof AppError)
          throw new AppError(
            err.code,
            `rules.${i} (${p.definition.code}): ${err.message} Nothing was proposed.`,
            {
              field: `rules.${i}`,
            },
          );
        throw err;
      }
    }
    return out;
  });
  return Promise.all(ids.map((id) => getRule(ctx, id)));
}

async function proposeIn(ctx: Ctx, tx: Tx, p: RuleProposal, ruleId?: number): Promise<number> {
  const at = ctx.now.toISOString();
  const definition = JSON.stringify(p.definition);
  let id: number;
  if (ruleId === undefined) {
    if (await findRuleByCode(tx, p.definition.code))
      throw new AppError(
        'rule.duplicate',
        `A rule with the code ${p.definition.code} exists: propose a new version of it.`,
        {
          field: 'definition.code',
        },
      );
    id = await insertRule(tx, {
      code: p.definition.code,
      version: 0,
      status: 'pending_approval',
      enabled: 0,
      definition,
      failure: null,
      created_at: at,
      updated_at: at,
    });
  } else {
    const row = await findRuleRow(tx, ruleId, ctx.dialect.rowLocks);
    if (!row) throw new AppError('rule.not_found', 'No such rule.');
    if (row.code !== p.definition.code)
      throw new AppError('request.invalid', `definition.code must stay ${row.code}: a rule keeps its code.`, {
        field: 'definition.code',
      });
    if ((await listPendingVersions(tx, [ruleId])).length > 0)
      throw new AppError(
        'rule.pending_exists',
        'A change to this rule is already waiting for approval: decide it first.',
      );
    id = ruleId;
  }
  const version = (await latestVersionNumber(tx, id)) + 1;
  await insertRuleVersion(tx, {
    rule_id: id,
    version,
    definition,
    enable: p.enable ? 1 : 0,
    state: 'pending',
    proposed_by: ctx.actor.id,
    proposed_at: at,
    decided_by: null,
    decided_at: null,
    note: null,
  });
  await appendAudit(tx, ctx, {
    ...auditFrom(ctx),
    action: 'rule.propose',
    targetType: 'warning_rule',
    targetId: id,
    details: { code: p.definition.code, version, enable: p.enable },
  });
  return id;
}

/** The second person's decision on the waiting version: approved, it is in force at once. */
export async function decideRule(ctx: Ctx, ruleId: number, d: RuleDecision): Promise<Rule> {
  authorize(ctx.actor, 'rule.approve');
  const at = ctx.now.toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const row = await findRuleRow(tx, ruleId, ctx.dialect.rowLocks);
    if (!row) throw new AppError('rule.not_found', 'No such rule.');
    const [pending] = await listPendingVersions(tx, [ruleId]);
    if (!pending)
      throw new AppError('rule.nothing_pending', 'No change to this rule is waiting for a decision.');
    if (pending.proposed_by !== null && Number(pending.proposed_by) === ctx.actor.id)
      throw new AppError(
        'rule.self_approval',
        'You proposed this change, so someone else must approve it (maker-checker).',
      );
    await updateRuleVersion(tx, Number(pending.id), {
      state: d.approve ? 'approved' : 'rejected',
      decided_by: ctx.actor.id,
      decided_at: at,
      note: d.note ?? null,
    });
    if (d.approve)
      await updateRule(tx, ruleId, {
        version: pending.version,
        definition: pending.definition,
        enabled: pending.enable,
        status: pending.enable === 1 ? 'active' : 'disabled',
        failure: null,
        updated_at: at,
      });
    else if (row.version === 0) await updateRule(tx, ruleId, { status: 'draft', updated_at: at });
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: d.approve ? 'rule.approve' : 'rule.reject',
      targetType: 'warning_rule',
      targetId: ruleId,
      details: { code: row.code, version: pending.version, note: d.note ?? null },
    });
  });
  return getRule(ctx, ruleId);
}
