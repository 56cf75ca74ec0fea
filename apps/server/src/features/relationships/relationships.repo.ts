import type { Insertable, Selectable } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { ClientScope } from '../../core/policy.ts';
import type { Dialect, Tx } from '../../db/dialect.ts';
import type { ClientRelationshipTable } from '../../db/schema.ts';
import { inScope } from '../clients/clients.repo.ts';

export type RelationshipRow = Selectable<ClientRelationshipTable>;

export async function insertRelationship(
  tx: Tx,
  d: Dialect,
  row: Insertable<ClientRelationshipTable>,
): Promise<number> {
  try {
    const r = await tx
      .insertInto('client_relationships')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  } catch (err) {
    if (d.uniqueViolation(err)) {
      throw new AppError('relationship.duplicate', 'These two clients are already linked this way.', {
        field: 'toClientId',
      });
    }
    throw err;
  }
}

/** Bulk insert for seeding and imports. */
export async function insertRelationshipBatch(
  tx: Tx,
  rows: Insertable<ClientRelationshipTable>[],
): Promise<void> {
  if (rows.length > 0) await tx.insertInto('client_relationships').values(rows).execute();
}

export async function findRelationship(tx: Tx, id: number): Promise<RelationshipRow | undefined> {
  return tx.selectFrom('client_relationships').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteRelationship(tx: Tx, id: number): Promise<void> {
  await tx.deleteFrom('client_relationships').where('id', '=', id).execute();
}

/** Every link touching any of the clients, optionally only of some kinds. */
export async function listRelationshipsOf(
  tx: Tx,
  clientIds: number[],
  kinds?: readonly string[],
): Promise<RelationshipRow[]> {
  if (clientIds.length === 0) return [];
  let q = tx
    .selectFrom('client_relationships')
    .selectAll()
    .where((eb) => eb.or([eb('from_client_id', 'in', clientIds), eb('to_client_id', 'in', clientIds)]));
  if (kinds) q = q.where('kind', 'in', [...kinds]);
  return q.orderBy('id').execute();
}

/** Sum of recorded shareholdings in a company, in basis points. */
export async function totalShareholdingBp(tx: Tx, companyId: number): Promise<number> {
  const r = await tx
    .selectFrom('client_relationships')
    .select((eb) => eb.fn.sum<number>('share_bp').as('bp'))
    .where('to_client_id', '=', companyId)
    .where('kind', '=', 'shareholder')
    .executeTakeFirst();
  return Number(r?.bp ?? 0);
}

export async function countRelationshipsOfKind(
  tx: Tx,
  clientId: number,
  kind: string,
  side: 'from' | 'to' | 'either',
): Promise<number> {
  let q = tx
    .selectFrom('client_relationships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', kind);
  q =
    side === 'from'
      ? q.where('from_client_id', '=', clientId)
      : side === 'to'
        ? q.where('to_client_id', '=', clientId)
        : q.where((eb) => eb.or([eb('from_client_id', '=', clientId), eb('to_client_id', '=', clientId)]));
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function listAllGuarantees(tx: Tx) {
  return tx
    .selectFrom('client_relationships')
    .select(['from_client_id', 'to_client_id', 'amount_minor', 'amount_ccy'])
    .where('kind', '=', 'guarantor')
    .execute();
}

export type PartyRow = {
  id: number;
  kind: string;
  name: string;
  tier: string;
  registered_capital_minor: number | null;
  registered_capital_ccy: string | null;
  annual_revenue_minor: number | null;
  annual_revenue_ccy: string | null;
  employees: number | null;
  visible: boolean;
};

/** The clients behind the ids, each marked whether the scope lets the viewer see it. */
export async function findParties(tx: Tx, scope: ClientScope, ids: number[]): Promise<Map<number, PartyRow>> {
  const out = new Map<number, PartyRow>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const [rows, visible] = await Promise.all([
      tx
        .selectFrom('clients')
        .select([
          'id',
          'kind',
          'name',
          'tier',
          'registered_capital_minor',
          'registered_capital_ccy',
          'annual_revenue_minor',
          'annual_revenue_ccy',
          'employees',
        ])
        .where('id', 'in', chunk)
        .execute(),
      tx.selectFrom('clients as c').select('c.id').where('c.id', 'in', chunk).where(inScope(scope)).execute(),
    ]);
    const seen = new Set(visible.map((v) => Number(v.id)));
    for (const r of rows) out.set(Number(r.id), { ...r, id: Number(r.id), visible: seen.has(Number(r.id)) });
  }
  return out;
}

export async function findClientKind(tx: Tx, id: number) {
  return tx.selectFrom('clients').select(['id', 'kind', 'name']).where('id', '=', id).executeTakeFirst();
}

/** Files merged into any of the clients: (merged file, surviving client). */
export async function findMergedIntoAny(tx: Tx, ids: number[]): Promise<{ id: number; into: number }[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('clients')
    .select(['id', 'merged_into'])
    .where('merged_into', 'in', ids)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), into: Number(r.merged_into) }));
}

export type GroupAccountRow = {
  client_id: number;
  kind: string;
  currency: string;
  balance_minor: number;
  classification: string | null;
  limit_minor: number | null;
  used_minor: number | null;
};

/** The open accounts of the clients, only the columns a group's figures need: one query. */
export async function listOpenAccountsOf(tx: Tx, clientIds: number[]): Promise<GroupAccountRow[]> {
  if (clientIds.length === 0) return [];
  return tx
    .selectFrom('accounts')
    .select(['client_id', 'kind', 'currency', 'balance_minor', 'classification', 'limit_minor', 'used_minor'])
    .where('client_id', 'in', clientIds)
    .where('status', '<>', 'closed')
    .execute();
}
