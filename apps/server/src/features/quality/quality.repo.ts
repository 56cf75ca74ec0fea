import type { ClientScope } from '../../core/policy.ts';
import type { Tx } from '../../db/dialect.ts';
import { inScope } from '../clients/clients.repo.ts';

/** What the quality engine needs of a client: which fields hold values, and their dates. */
const facts = [
  'c.id',
  'c.kind',
  'c.name',
  'c.tier',
  'c.owner_id',
  'o.display_name as owner_name',
  'c.provenance',
  'c.risk_assessed_on',
  'c.id_number_hash',
  'c.mobile_enc',
  'c.email_enc',
  'c.address_enc',
  'c.income_band_enc',
  'c.occupation',
  'c.employer',
  'c.marital_status',
  'c.education',
  'c.risk_tolerance',
  'c.credit_code',
  'c.industry_code',
  'c.legal_representative',
  'c.registered_capital_minor',
  'c.annual_revenue_minor',
  'c.credit_rating',
  'c.founded_on',
  'c.employees',
  'c.listed_status',
] as const;

/** Clients in scope that are not closed, with the facts to assess, in pages of `limit` after `afterId`. */
export async function listClientFacts(tx: Tx, scope: ClientScope, afterId: number, limit: number) {
  return factsQuery(tx, scope)
    .where('c.status', '!=', 'closed')
    .where('c.id', '>', afterId)
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/** One client's facts, if in scope. */
export async function findClientFacts(tx: Tx, scope: ClientScope, id: number) {
  return factsQuery(tx, scope).where('c.id', '=', id).executeTakeFirst();
}

function factsQuery(tx: Tx, scope: ClientScope) {
  return tx
    .selectFrom('clients as c')
    .innerJoin('users as o', 'o.id', 'c.owner_id')
    .select(facts)
    .select((eb) =>
      eb
        .exists(eb.selectFrom('client_contacts as k').select('k.id').whereRef('k.client_id', '=', 'c.id'))
        .as('has_contacts'),
    )
    .where(inScope(scope));
}
export type ClientFacts = Awaited<ReturnType<typeof listClientFacts>>[number];
