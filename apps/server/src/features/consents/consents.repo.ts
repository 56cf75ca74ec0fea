import type { Insertable } from 'kysely';
import type { Tx } from '../../db/dialect.ts';
import type { ClientConsentTable } from '../../db/schema.ts';

export async function insertConsent(tx: Tx, row: Insertable<ClientConsentTable>): Promise<number> {
  const r = await tx.insertInto('client_consents').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** A client's decisions, newest first, with who recorded each. */
export async function listConsents(tx: Tx, clientIds: number[]) {
  return tx
    .selectFrom('client_consents as k')
    .innerJoin('users as u', 'u.id', 'k.recorded_by')
    .select([
      'k.id',
      'k.purpose',
      'k.status',
      'k.channel',
      'k.evidence',
      'k.recorded_at',
      'u.id as user_id',
      'u.display_name',
    ])
    .where('k.client_id', 'in', clientIds)
    .orderBy('k.id', 'desc')
    .execute();
}
