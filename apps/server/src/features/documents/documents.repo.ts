import type { Insertable } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { Dialect, Tx } from '../../db/dialect.ts';
import type { DocumentTable, DocumentVersionTable } from '../../db/schema.ts';

export async function insertDocument(tx: Tx, row: Insertable<DocumentTable>): Promise<number> {
  const r = await tx.insertInto('documents').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Adds a version. Two uploads racing for the same number: the second is refused. */
export async function insertVersion(
  tx: Tx,
  d: Dialect,
  row: Insertable<DocumentVersionTable>,
): Promise<number> {
  try {
    const r = await tx.insertInto('document_versions').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  } catch (err) {
    if (d.uniqueViolation(err)?.index.startsWith('document_versions_document')) {
      throw new AppError(
        'document.version_conflict',
        'Someone uploaded a new version of this document at the same moment. Reload it and try again.',
      );
    }
    throw err;
  }
}

export async function findDocument(tx: Tx, id: number) {
  return tx
    .selectFrom('documents')
    .select(['id', 'client_id', 'kind'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function lastVersionNumber(tx: Tx, documentId: number): Promise<number> {
  const r = await tx
    .selectFrom('document_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  return Number(r?.v ?? 0);
}

function versionsQuery(tx: Tx) {
  return tx
    .selectFrom('document_versions as v')
    .innerJoin('documents as d', 'd.id', 'v.document_id')
    .innerJoin('users as u', 'u.id', 'v.uploaded_by')
    .leftJoin('users as r', 'r.id', 'v.reviewed_by')
    .select([
      'v.id',
      'v.document_id',
      'v.client_id',
      'd.kind',
      'v.version',
      'v.file_name',
      'v.content_type',
      'v.size_bytes',
      'v.sha256',
      'v.storage_key',
      'v.number_enc',
      'v.issuer',
      'v.issued_on',
      'v.expires_on',
      'v.status',
      'v.uploaded_by',
      'u.display_name as uploader_name',
      'v.uploaded_at',
      'v.reviewed_by',
      'r.display_name as reviewer_name',
      'v.reviewed_at',
      'v.review_reason',
    ]);
}
export type VersionRow = Awaited<ReturnType<ReturnType<typeof versionsQuery>['executeTakeFirstOrThrow']>>;

/** Every version of a client's documents, by document, newest version first. */
export async function listVersionsOfClient(tx: Tx, clientId: number): Promise<VersionRow[]> {
  return versionsQuery(tx)
    .where('v.client_id', '=', clientId)
    .orderBy('v.document_id')
    .orderBy('v.version', 'desc')
    .execute();
}

export async function listVersionsOfDocument(tx: Tx, documentId: number): Promise<VersionRow[]> {
  return versionsQuery(tx).where('v.document_id', '=', documentId).orderBy('v.version', 'desc').execute();
}

export async function findVersion(tx: Tx, versionId: number): Promise<VersionRow | undefined> {
  return versionsQuery(tx).where('v.id', '=', versionId).executeTakeFirst();
}

/** Records the checker's decision, once: false when the version was already reviewed. */
export async function reviewVersion(
  tx: Tx,
  versionId: number,
  review: { status: 'verified' | 'rejected'; reviewedBy: number; at: string; reason: string | null },
): Promise<boolean> {
  const r = await tx
    .updateTable('document_versions')
    .set({
      status: review.status,
      reviewed_by: review.reviewedBy,
      reviewed_at: review.at,
      review_reason: review.reason,
    })
    .where('id', '=', versionId)
    .where('status', '=', 'uploaded')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Newest versions of documents expiring between `from` and `to` (inclusive), with the owner of
 * the client to remind. Earlier versions are not reminded of: a replacement supersedes them.
 */
export async function listExpiringLatestVersions(tx: Tx, from: string, to: string) {
  return tx
    .selectFrom('document_versions as v')
    .innerJoin('documents as d', 'd.id', 'v.document_id')
    .innerJoin('clients as c', 'c.id', 'v.client_id')
    .select([
      'v.id',
      'v.document_id',
      'v.client_id',
      'd.kind',
      'v.status',
      'v.expires_on',
      'c.owner_id',
      'c.name as client_name',
    ])
    .where('v.expires_on', '>=', from)
    .where('v.expires_on', '<=', to)
    .where('c.merged_into', 'is', null)
    .where((eb) =>
      eb(
        'v.version',
        '=',
        eb
          .selectFrom('document_versions as w')
          .select((w) => w.fn.max('w.version').as('m'))
          .whereRef('w.document_id', '=', 'v.document_id'),
      ),
    )
    .execute();
}

/** A merge moves the absorbed file's documents, with every version, to the surviving client. */
export async function moveDocuments(tx: Tx, from: number, to: number): Promise<void> {
  await tx.updateTable('documents').set({ client_id: to }).where('client_id', '=', from).execute();
  await tx.updateTable('document_versions').set({ client_id: to }).where('client_id', '=', from).execute();
}
