import {
  type ClientKind,
  type ProfileQuality,
  type ProfilesNeedingUpdate,
  type Provenance,
  TIERS,
  type Tier,
} from '@dossier/contract';
import type { Ctx, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { authorize, clientScope } from '../../core/policy.ts';
import { assessProfile } from '../../scoring/profile-quality.ts';
import { formatClientCode } from '../clients/clients.present.ts';
import { type TaskDraft, raiseTask } from '../tasks/tasks.service.ts';
import { type ClientFacts, findClientFacts, listClientFacts } from './quality.repo.ts';
import { bankToday } from '../../finance/ledger.ts';

/** The engine's view of a stored client: fields present, and each fact's date. */
export function assessFacts(f: ClientFacts, today: string): ProfileQuality {
  const has: Record<string, unknown> = {
    name: f.name,
    idNumber: f.id_number_hash,
    mobile: f.mobile_enc,
    email: f.email_enc,
    address: f.address_enc,
    annualIncomeBand: f.income_band_enc,
    occupation: f.occupation,
    employer: f.employer,
    maritalStatus: f.marital_status,
    education: f.education,
    riskTolerance: f.risk_tolerance,
    creditCode: f.credit_code,
    industryCode: f.industry_code,
    legalRepresentative: f.legal_representative,
    registeredCapital: f.registered_capital_minor,
    annualRevenue: f.annual_revenue_minor,
    creditRating: f.credit_rating,
    foundedOn: f.founded_on,
    employees: f.employees,
    listedStatus: f.listed_status,
    contacts: f.has_contacts ? 1 : null,
  };
  const present = new Set(
    Object.keys(has).filter((k) => has[k] !== null && has[k] !== undefined && has[k] !== ''),
  );
  const asOf = JSON.parse(f.provenance) as Record<string, Provenance>;
  // A risk tolerance level is as current as its assessment, whoever typed it in.
  if (f.risk_assessed_on)
    asOf.riskTolerance = { source: asOf.riskTolerance?.source ?? 'manual', asOf: f.risk_assessed_on };
  return assessProfile(f.kind as ClientKind, present, asOf, today);
}

const tierRank = (t: string) => TIERS.indexOf(t as Tier);
const urgency = (q: ProfileQuality) =>
  q.issues.filter((i) => i.problem === 'missing').length * 10 + q.issues.length;

/** Walks the caller's book and keeps the profiles with something to fix. */
async function needingUpdate(deps: Deps, scope: ReturnType<typeof clientScope>, today: string) {
  const out: { f: ClientFacts; q: ProfileQuality }[] = [];
  for (let after = 0; ; ) {
    const page = await listClientFacts(deps.db, scope, after, 2000);
    if (page.length === 0) break;
    for (const f of page) {
      const q = assessFacts(f, today);
      if (q.issues.length > 0) out.push({ f, q });
    }
    after = Number(page[page.length - 1]!.id);
  }
  // Most valuable clients first, then the most to fix.
  return out.sort(
    (a, b) =>
      tierRank(a.f.tier) - tierRank(b.f.tier) ||
      urgency(b.q) - urgency(a.q) ||
      Number(a.f.id) - Number(b.f.id),
  );
}

export async function clientQuality(ctx: Ctx, clientId: number): Promise<ProfileQuality> {
  authorize(ctx.actor, 'client.read');
  const f = await findClientFacts(ctx.db, clientScope(ctx.actor), clientId);
  if (!f) throw new AppError('client.not_found', 'No such client, or it is outside your book.');
  return assessFacts(f, bankToday(ctx.now));
}

export async function profilesNeedingUpdate(
  ctx: Ctx,
  page: number,
  pageSize: number,
): Promise<ProfilesNeedingUpdate> {
  authorize(ctx.actor, 'client.read');
  const all = await needingUpdate(ctx, clientScope(ctx.actor), bankToday(ctx.now));
  return {
    total: all.length,
    page,
    pageSize,
    items: all.slice((page - 1) * pageSize, page * pageSize).map(({ f, q }) => ({
      id: Number(f.id),
      code: formatClientCode(Number(f.id)),
      name: f.name,
      kind: f.kind as ClientKind,
      tier: f.tier as Tier,
      owner: { id: Number(f.owner_id), displayName: f.owner_name },
      quality: q,
    })),
  };
}

/** Tiers whose stale profiles become tasks; the rest wait in the "needing update" list. */
const TASK_TIERS = new Set(['private', 'diamond', 'platinum']);
const MAX_NEW_PER_OWNER = 20;

/**
 * Job: a task for the owner of each high-tier profile with something to fix, at most one per
 * client per month (the source key), and at most 20 new ones per RM per run.
 */
export async function raiseStaleProfileTasks(
  deps: Deps,
  now: Date,
): Promise<{ created: number; considered: number }> {
  const today = bankToday(now);
  const month = today.slice(0, 7);
  const due = (await needingUpdate(deps, { kind: 'all' }, today)).filter((x) => TASK_TIERS.has(x.f.tier));
  const perOwner = new Map<number, number>();
  let created = 0;
  await deps.db.transaction().execute(async (tx) => {
    for (const { f, q } of due) {
      const owner = Number(f.owner_id);
      if ((perOwner.get(owner) ?? 0) >= MAX_NEW_PER_OWNER) continue;
      const fields = q.issues.map((i) => i.field).join(', ');
      const draft: TaskDraft = {
        clientId: Number(f.id),
        assigneeId: owner,
        title: `更新客户资料：${f.name}`,
        detail: `缺失或过期的资料：${fields}`,
        dueOn: addDays(today, f.tier === 'private' ? 7 : 14),
        priority: f.tier === 'private' || f.tier === 'diamond' ? 'high' : 'medium',
        source: 'stale_profile',
        sourceKey: `stale_profile:${f.id}:${month}`,
      };
      if ((await raiseTask(tx, deps, draft, now, null)) !== null) {
        created++;
        perOwner.set(owner, (perOwner.get(owner) ?? 0) + 1);
      }
    }
  });
  return { created, considered: due.length };
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
