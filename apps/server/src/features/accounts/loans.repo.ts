import type { Insertable, Selectable } from 'kysely';
import type { Tx } from '../../db/dialect.ts';
import type { LoanCollateralTable, LoanGuaranteeTable } from '../../db/schema.ts';
import type { AccountRow } from './accounts.repo.ts';

export type CollateralRow = Selectable<LoanCollateralTable>;

export async function findAccount(tx: Tx, id: number): Promise<AccountRow | undefined> {
  return tx.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The file a client's records are served under: itself, or the file it was merged into (followed). */
export async function servingClientId(tx: Tx, clientId: number): Promise<number> {
  let id = clientId;
  for (let hops = 0; hops < 10; hops++) {
    const r = await tx.selectFrom('clients').select('merged_into').where('id', '=', id).executeTakeFirst();
    if (!r || r.merged_into === null) return id;
    id = Number(r.merged_into);
  }
  return id;
}

export async function listCollateral(tx: Tx, accountId: number): Promise<CollateralRow[]> {
  return tx
    .selectFrom('loan_collateral')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
}

export async function insertCollateral(tx: Tx, row: Insertable<LoanCollateralTable>): Promise<CollateralRow> {
  return tx.insertInto('loan_collateral').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The guarantees linked to a loan, with their relationship's terms. */
export async function listLoanGuarantees(tx: Tx, accountId: number) {
  return tx
    .selectFrom('loan_guarantees as g')
    .innerJoin('client_relationships as r', 'r.id', 'g.relationship_id')
    .select([
      'g.relationship_id',
      'g.created_at',
      'r.from_client_id',
      'r.amount_minor',
      'r.amount_ccy',
      'r.starts_on',
      'r.ends_on',
    ])
    .where('g.account_id', '=', accountId)
    .orderBy('g.relationship_id')
    .execute();
}

export async function findLoanGuarantee(tx: Tx, accountId: number, relationshipId: number) {
  return tx
    .selectFrom('loan_guarantees')
    .select('relationship_id')
    .where('account_id', '=', accountId)
    .where('relationship_id', '=', relationshipId)
    .executeTakeFirst();
}

export async function insertLoanGuarantee(tx: Tx, row: Insertable<LoanGuaranteeTable>): Promise<void> {
  await tx.insertInto('loan_guarantees').values(row).execute();
}
