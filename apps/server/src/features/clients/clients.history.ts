import type { FieldHistory } from '@dossier/contract';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { authorize, clientScope } from '../../core/policy.ts';
import { listClientChanges } from '../audit/audit.repo.ts';
import { findMergedInto } from '../merges/merges.repo.ts';
import { findClientInScope } from './clients.repo.ts';

const CHANGE_ACTIONS = [
  'client.create',
  'client.update',
  'client.merge',
  'client.transfer',
  'client.review',
] as const;
/** Keys of an audit snapshot that are not profile fields. */
const NOT_FIELDS = new Set(['kind', 'contacts', 'coServicingIds', 'teamId', 'branchId']);

/**
 * A client's field-level change history, newest first, read from the audit trail (which holds
 * every write with masked before → after). Files merged into this one contribute their history.
 */
export async function fieldHistory(ctx: Ctx, clientId: number, field?: string): Promise<FieldHistory> {
  authorize(ctx.actor, 'client.read');
  if (!(await findClientInScope(ctx.db, clientScope(ctx.actor), clientId))) {
    throw new AppError('client.not_found', 'No such client, or it is outside your book.');
  }
  const rows = await listClientChanges(
    ctx.db,
    [clientId, ...(await findMergedInto(ctx.db, clientId))],
    CHANGE_ACTIONS,
    2000,
  );
  const items: FieldHistory['items'] = [];
  for (const r of rows) {
    const before = r.before ? (JSON.parse(r.before) as Record<string, unknown>) : {};
    const after = r.after ? (JSON.parse(r.after) as Record<string, unknown>) : {};
    const details = r.details ? (JSON.parse(r.details) as Record<string, unknown>) : {};
    const source =
      r.action === 'client.update' && details.via === 'import'
        ? 'import'
        : r.action === 'client.merge'
          ? 'merge'
          : r.action === 'client.review'
            ? 'kyc'
            : 'manual';
    for (const f of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (NOT_FIELDS.has(f) || (field && f !== field)) continue;
      items.push({
        at: r.at,
        actor:
          r.actor_id === null ? null : { id: Number(r.actor_id), displayName: r.actor_display_name ?? '' },
        action: r.action,
        field: f,
        before: before[f] ?? null,
        after: after[f] ?? null,
        source,
      });
    }
  }
  return { items, total: items.length };
}
