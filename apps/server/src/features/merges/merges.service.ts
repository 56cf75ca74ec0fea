import type {
  ClientDetail,
  ClientKind,
  DuplicatePairs,
  MergeRequest,
  Provenance,
  Tier,
} from '@dossier/contract';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { authorize, clientScope } from '../../core/policy.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import {
  CORPORATE_ONLY,
  INDIVIDUAL_ONLY,
  type Profile,
  auditSnapshot,
  profileColumns,
  profileOfRow,
} from '../clients/clients.profile.ts';
import { formatClientCode } from '../clients/clients.present.ts';
import { moveDocuments } from '../documents/documents.repo.ts';
import { findClientInScope, updateClientAtVersion } from '../clients/clients.repo.ts';
import { getClient } from '../clients/clients.service.ts';
import {
  findDuplicatePairs,
  findSides,
  mergeCoServicers,
  moveContacts,
  moveOpenTasks,
  moveRelationships,
  retireMergedClient,
} from './merges.repo.ts';

export async function likelyDuplicates(ctx: Ctx, limit: number): Promise<DuplicatePairs> {
  authorize(ctx.actor, 'client.read');
  const found = await findDuplicatePairs(ctx.db, clientScope(ctx.actor), limit);
  const byPair = new Map<string, { a: number; b: number; reasons: string[] }>();
  for (const f of found) {
    const key = `${f.a}-${f.b}`;
    if (!byPair.has(key)) byPair.set(key, { a: f.a, b: f.b, reasons: [] });
    byPair.get(key)!.reasons.push(f.reason);
  }
  const pairs = [...byPair.values()].slice(0, limit);
  const sides = new Map(
    (await findSides(ctx.db, [...new Set(pairs.flatMap((p) => [p.a, p.b]))])).map((s) => [Number(s.id), s]),
  );
  const side = (id: number) => {
    const s = sides.get(id)!;
    return {
      id,
      code: formatClientCode(id),
      name: s.name,
      kind: s.kind as ClientKind,
      tier: s.tier as Tier,
      ownerName: s.owner_name,
      updatedAt: s.updated_at,
    };
  };
  return {
    total: pairs.length,
    items: pairs.map((p) => ({
      a: side(p.a),
      b: side(p.b),
      reasons: p.reasons as DuplicatePairs['items'][number]['reasons'],
    })),
  };
}

const COMMON = new Set(['name', 'tier', 'status', 'tags']);
const STALE = () =>
  new AppError(
    'request.precondition_failed',
    'One of the two files changed since you compared them. Reload both and merge again.',
  );

/**
 * Merges `req.otherId` into `survivorId`, field by field. The absorbed file is kept, closed and
 * pointing at the survivor, so its history and audit trail stay readable; its contacts, links,
 * open tasks and co-servicers move to the survivor. One transaction; audited on both files.
 */
export async function mergeClients(ctx: Ctx, survivorId: number, req: MergeRequest): Promise<ClientDetail> {
  authorize(ctx.actor, 'client.merge');
  if (survivorId === req.otherId)
    throw new AppError('client.merge_invalid', 'A client cannot be merged into itself.', {
      field: 'otherId',
    });
  await ctx.db.transaction().execute(async (tx) => {
    const scope = clientScope(ctx.actor);
    const [survivor, other] = await Promise.all([
      findClientInScope(tx, scope, survivorId),
      findClientInScope(tx, scope, req.otherId),
    ]);
    if (!survivor) throw new AppError('client.not_found', 'No such client, or it is outside your book.');
    if (!other)
      throw new AppError('client.not_found', 'The other client does not exist or is outside your book.', {
        field: 'otherId',
      });
    if (survivor.kind !== other.kind)
      throw new AppError('client.merge_invalid', 'A person and a company cannot be merged.', {
        field: 'otherId',
      });
    if (Number(survivor.version) !== req.survivorVersion || Number(other.version) !== req.otherVersion)
      throw STALE();
    const allowed = survivor.kind === 'individual' ? INDIVIDUAL_ONLY : CORPORATE_ONLY;
    const bad = Object.keys(req.take).find((f) => !COMMON.has(f) && (!allowed.has(f) || f === 'contacts'));
    if (bad)
      throw new AppError('client.merge_invalid', `take.${bad} is not a field of this kind of client.`, {
        field: `take.${bad}`,
      });

    const before = profileOfRow(survivor, ctx.vault);
    const theirs = profileOfRow(other, ctx.vault);
    const taken = Object.entries(req.take)
      .filter(([, side]) => side === 'other')
      .map(([f]) => f);
    const changed = taken.filter(
      (f) =>
        JSON.stringify(before[f as keyof Profile] ?? null) !==
        JSON.stringify(theirs[f as keyof Profile] ?? null),
    );
    const after: Profile = Object.fromEntries(changed.map((f) => [f, theirs[f as keyof Profile] ?? null]));
    const at = ctx.now.toISOString();

    // Retire the absorbed file first: that frees its ID number or credit code for the survivor.
    if (!(await retireMergedClient(tx, req.otherId, survivorId, req.otherVersion, at))) throw STALE();
    const provenance = JSON.parse(survivor.provenance) as Record<string, Provenance>;
    const theirProvenance = JSON.parse(other.provenance) as Record<string, Provenance>;
    for (const f of changed) if (theirProvenance[f]) provenance[f] = theirProvenance[f];
    const ok = await updateClientAtVersion(tx, ctx.dialect, survivorId, req.survivorVersion, {
      ...profileColumns(after, ctx.vault),
      provenance: JSON.stringify(provenance),
      updated_at: at,
    });
    if (!ok) throw STALE();
    await moveContacts(tx, req.otherId, survivorId);
    const dropped = await moveRelationships(tx, req.otherId, survivorId);
    await moveOpenTasks(tx, req.otherId, survivorId);
    await moveDocuments(tx, req.otherId, survivorId);
    await mergeCoServicers(tx, req.otherId, survivorId, Number(survivor.owner_id));
    const details = {
      survivorId,
      mergedId: req.otherId,
      fieldsTaken: changed,
      linksDropped: dropped,
      reason: req.reason,
    };
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'client.merge',
      clientId: survivorId,
      targetType: 'client',
      targetId: survivorId,
      before: auditSnapshot(before, changed),
      after: auditSnapshot(theirs, changed),
      details,
    });
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'client.merge',
      clientId: req.otherId,
      targetType: 'client',
      targetId: req.otherId,
      details,
    });
  });
  return getClient(ctx, survivorId);
}
