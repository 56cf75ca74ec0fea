import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * KYC documents: a document (one client, one kind) has versions; each version is a sealed file
 * on disk with its metadata and its own maker-checker review. Versions are never deleted.
 * Also the bank's settings (key → JSON), first used for the required-documents matrix.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await d
    .withId(db.schema.createTable('documents'))
    .addColumn('client_id', 'bigint', (c) => c.notNull().references('clients.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', d.instantType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('documents_client_idx').on('documents').columns(['client_id', 'id']).execute();

  await d
    .withId(db.schema.createTable('document_versions'))
    .addColumn('document_id', 'bigint', (c) => c.notNull().references('documents.id'))
    // The distribution key, as on every client-owned table.
    .addColumn('client_id', 'bigint', (c) => c.notNull().references('clients.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    // Name of the sealed file under the documents directory; random, says nothing of the client.
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('number_enc', 'text')
    .addColumn('issuer', 'text')
    .addColumn('issued_on', d.dateType)
    .addColumn('expires_on', d.dateType)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('uploaded_at', d.instantType, (c) => c.notNull())
    .addColumn('reviewed_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('reviewed_at', d.instantType)
    .addColumn('review_reason', 'text')
    .execute();
  // Two replacements racing for the same version number: one wins, the other is refused.
  await db.schema
    .createIndex('document_versions_document_version_uq')
    .unique()
    .on('document_versions')
    .columns(['document_id', 'version'])
    .execute();
  await db.schema
    .createIndex('document_versions_storage_key_uq')
    .unique()
    .on('document_versions')
    .column('storage_key')
    .execute();
  await db.schema
    .createIndex('document_versions_client_idx')
    .on('document_versions')
    .columns(['client_id', 'document_id'])
    .execute();
  await db.schema
    .createIndex('document_versions_expiry_idx')
    .on('document_versions')
    .column('expires_on')
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', d.instantType, (c) => c.notNull())
    .execute();
}
