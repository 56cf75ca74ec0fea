import {
  CONSENT_PURPOSES,
  type ConsentChannel,
  type ConsentLedger,
  type ConsentPurpose,
  type ConsentRecord,
  type ConsentStatus,
} from '@dossier/contract';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { authorize, clientScope } from '../../core/policy.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import { findClientInScope } from '../clients/clients.repo.ts';
import { findMergedInto } from '../merges/merges.repo.ts';
import { insertConsent, listConsents } from './consents.repo.ts';

const NOT_FOUND = () => new AppError('client.not_found', 'No such client, or it is outside your book.');

export async function consentLedger(ctx: Ctx, clientId: number): Promise<ConsentLedger> {
  authorize(ctx.actor, 'client.read');
  if (!(await findClientInScope(ctx.db, clientScope(ctx.actor), clientId))) throw NOT_FOUND();
  // Decisions recorded on files merged into this one are this client's decisions too.
  const rows = await listConsents(ctx.db, [clientId, ...(await findMergedInto(ctx.db, clientId))]);
  const history = rows.map((r) => ({
    id: Number(r.id),
    purpose: r.purpose as ConsentPurpose,
    status: r.status as ConsentStatus,
    channel: r.channel as ConsentChannel,
    evidence: r.evidence,
    recordedAt: r.recorded_at,
    recordedBy: { id: Number(r.user_id), displayName: r.display_name },
  }));
  return {
    // The newest decision per purpose is the one in force; withdrawal takes effect at once.
    current: CONSENT_PURPOSES.map((purpose) => {
      const latest = history.find((h) => h.purpose === purpose);
      return { purpose, status: latest?.status ?? null, since: latest?.recordedAt ?? null };
    }),
    history,
  };
}

/** Records a decision. Never edits or deletes an earlier one: the ledger is the history. */
export async function recordConsent(
  ctx: Ctx,
  clientId: number,
  input: ConsentRecord,
): Promise<ConsentLedger> {
  authorize(ctx.actor, 'client.update');
  await ctx.db.transaction().execute(async (tx) => {
    if (!(await findClientInScope(tx, clientScope(ctx.actor), clientId))) throw NOT_FOUND();
    const id = await insertConsent(tx, {
      client_id: clientId,
      ...input,
      recorded_by: ctx.actor.id,
      recorded_at: ctx.now.toISOString(),
    });
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'consent.record',
      clientId,
      targetType: 'consent',
      targetId: id,
      after: {
        purpose: input.purpose,
        status: input.status,
        channel: input.channel,
        evidence: input.evidence,
      },
    });
  });
  return consentLedger(ctx, clientId);
}
