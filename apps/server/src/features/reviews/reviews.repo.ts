import type { Insertable } from 'kysely';
import type { Tx } from '../../db/dialect.ts';
import type { KycReviewTable } from '../../db/schema.ts';

export async function insertReview(tx: Tx, row: Insertable<KycReviewTable>): Promise<number> {
  const r = await tx.insertInto('kyc_reviews').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Closes the client's open review tasks: the review they asked for is done. */
export async function completeReviewTasks(tx: Tx, clientId: number, by: number, at: string): Promise<void> {
  await tx
    .updateTable('tasks')
    .set({ status: 'done', completed_at: at, completed_by: by })
    .where('client_id', '=', clientId)
    .where('source', '=', 'kyc_review')
    .where('status', '=', 'open')
    .execute();
}

/** Live clients that carry a risk rating, with what the review schedule needs. */
export async function listRatedClients(tx: Tx) {
  return tx
    .selectFrom('clients')
    .select(['id', 'name', 'tier', 'owner_id', 'kyc_risk_rating', 'kyc_reviewed_on', 'created_at'])
    .where('kyc_risk_rating', 'is not', null)
    .where('merged_into', 'is', null)
    .where('status', '!=', 'closed')
    .execute();
}
