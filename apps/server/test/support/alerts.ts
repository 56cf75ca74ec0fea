import type { Deps } from '../../src/core/context.ts';

/** An open alert of a default rule on a client, written straight to the table (for access tests). */
export async function makeAlert(deps: Deps, clientId: number, ownerId: number | null): Promise<number> {
  const rule = await deps.db
    .selectFrom('warning_rules')
    .select(['id', 'version'])
    .where('code', '=', 'balance_drain')
    .executeTakeFirstOrThrow();
  const at = deps.clock().toISOString();
  const r = await deps.db
    .insertInto('alerts')
    .values({
      rule_id: rule.id,
      rule_version: rule.version,
      client_id: clientId,
      account_id: null,
      severity: 'high',
      status: 'open',
      resolution: null,
      raised_at: at,
      last_hit_at: at,
      hits: 1,
      owner_id: ownerId,
      due_at: at,
      escalated_at: null,
      evidence: '[]',
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}
