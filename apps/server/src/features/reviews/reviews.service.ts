import type { ClientDetail, KycReviewRequest, Provenance } from '@dossier/contract';
import type { Ctx, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { authorize, clientScope } from '../../core/policy.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import {
  CORPORATE_ONLY,
  INDIVIDUAL_ONLY,
  type Profile,
  profileOfRow,
  withProvenance,
} from '../clients/clients.profile.ts';
import { findClientInScope, updateClientAtVersion } from '../clients/clients.repo.ts';
import { kycReviewDueOn } from '../clients/clients.review-cycle.ts';
import { getClient } from '../clients/clients.service.ts';
import { raiseTask } from '../tasks/tasks.service.ts';
import { completeReviewTasks, insertReview, listRatedClients } from './reviews.repo.ts';
import { bankToday } from '../../finance/ledger.ts';

/**
 * Records a periodic KYC review: each confirmed fact is now current as of today (source `kyc`),
 * the risk rating is set, the next review date follows from it, and open review tasks close.
 */
export async function reviewClient(ctx: Ctx, clientId: number, req: KycReviewRequest): Promise<ClientDetail> {
  authorize(ctx.actor, 'client.update');
  const today = bankToday(ctx.now);
  await ctx.db.transaction().execute(async (tx) => {
    const row = await findClientInScope(tx, clientScope(ctx.actor), clientId);
    if (!row) throw new AppError('client.not_found', 'No such client, or it is outside your book.');
    const profile = profileOfRow(row, ctx.vault);
    const own = row.kind === 'individual' ? INDIVIDUAL_ONLY : CORPORATE_ONLY;
    req.confirmedFields.forEach((f, i) => {
      const value = profile[f as keyof Profile];
      if ((!own.has(f) && f !== 'name') || f === 'contacts' || value === null || value === undefined) {
        throw new AppError(
          'request.invalid',
          `confirmedFields.${i}: ${f} is not a recorded fact of this client`,
          { field: `confirmedFields.${i}` },
        );
      }
    });
    const provenance = withProvenance(
      JSON.parse(row.provenance) as Record<string, Provenance>,
      req.confirmedFields,
      'kyc',
      today,
    );
    const ok = await updateClientAtVersion(tx, ctx.dialect, clientId, Number(row.version), {
      provenance: JSON.stringify(provenance),
      kyc_risk_rating: req.riskRating,
      kyc_reviewed_on: today,
      // Confirming a risk tolerance level is a new assessment of it.
      ...(req.confirmedFields.includes('riskTolerance') ? { risk_assessed_on: today } : {}),
      updated_at: ctx.now.toISOString(),
    });
    if (!ok)
      throw new AppError(
        'request.precondition_failed',
        'The client changed while you reviewed it. Reload and review again.',
      );
    const reviewId = await insertReview(tx, {
      client_id: clientId,
      risk_rating: req.riskRating,
      confirmed_fields: JSON.stringify(req.confirmedFields),
      note: req.note ?? null,
      reviewed_by: ctx.actor.id,
      reviewed_at: ctx.now.toISOString(),
    });
    await completeReviewTasks(tx, clientId, ctx.actor.id, ctx.now.toISOString());
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'client.review',
      clientId,
      targetType: 'kyc_review',
      targetId: reviewId,
      before: { kycRiskRating: row.kyc_risk_rating, kycReviewedOn: row.kyc_reviewed_on },
      after: { kycRiskRating: req.riskRating, kycReviewedOn: today },
      details: { confirmedFields: req.confirmedFields, note: req.note ?? null },
    });
  });
  return getClient(ctx, clientId);
}

const RATING_ZH: Record<string, string> = { high: '高', medium: '中', low: '低' };

/** Reviews are raised this long before they fall due. */
const LEAD_DAYS = 30;
const MAX_NEW_PER_OWNER = 20;

/** Job: a review task for each rated client whose review falls due within 30 days (or is late). */
export async function raiseKycReviewTasks(
  deps: Deps,
  now: Date,
): Promise<{ created: number; considered: number }> {
  const horizon = bankToday(new Date(now.getTime() + LEAD_DAYS * 86_400_000));
  const due = (await listRatedClients(deps.db))
    .map((c) => ({ c, dueOn: kycReviewDueOn(c) }))
    .filter((x): x is { c: (typeof x)['c']; dueOn: string } => x.dueOn !== null && x.dueOn <= horizon)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  const perOwner = new Map<number, number>();
  let created = 0;
  await deps.db.transaction().execute(async (tx) => {
    for (const { c, dueOn } of due) {
      const owner = Number(c.owner_id);
      if ((perOwner.get(owner) ?? 0) >= MAX_NEW_PER_OWNER) continue;
      const id = await raiseTask(
        tx,
        deps,
        {
          clientId: Number(c.id),
          assigneeId: owner,
          title: `定期尽职调查复核：${c.name}`,
          detail: `风险等级${RATING_ZH[c.kyc_risk_rating ?? ''] ?? ''}，复核到期日 ${dueOn}：请与客户逐项确认或更新资料。`,
          dueOn,
          priority: c.kyc_risk_rating === 'high' ? 'high' : 'medium',
          source: 'kyc_review',
          sourceKey: `kyc_review:${c.id}:${dueOn}`,
        },
        now,
        null,
      );
      if (id !== null) {
        created++;
        perOwner.set(owner, (perOwner.get(owner) ?? 0) + 1);
      }
    }
  });
  return { created, considered: due.length };
}
