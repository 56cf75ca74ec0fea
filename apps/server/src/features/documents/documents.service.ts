import crypto from 'node:crypto';
import { remindIfExpiringSoon } from './documents.jobs.ts';
import {
  type ClientDocuments,
  type ClientKind,
  type CreditRating,
  DOCUMENT_MAX_BYTES,
  type DocumentContentType,
  type DocumentDetail,
  type DocumentKind,
  type DocumentReplace,
  type DocumentStatus,
  type DocumentUpload,
  type DocumentVerify,
  type RiskTolerance,
} from '@dossier/contract';
import type { Ctx } from '../../core/context.ts';
import { AppError, invalid } from '../../core/errors.ts';
import { authorize, clientScope } from '../../core/policy.ts';
import type { Tx } from '../../db/dialect.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import { findClientInScope, isClientInScope } from '../clients/clients.repo.ts';
import { byDocument, maskDocumentNumber, presentDetail, presentSummary } from './documents.present.ts';
import {
  type VersionRow,
  findDocument,
  findVersion,
  insertDocument,
  insertVersion,
  lastVersionNumber,
  listVersionsOfClient,
  listVersionsOfDocument,
  reviewVersion,
} from './documents.repo.ts';
import { evaluateRequirements, kindFitsClient } from './documents.requirements.ts';
import { EXTENSION, sniffContentType } from './documents.sniff.ts';
import { newStorageKey, readSealedFile, removeSealedFile, writeSealedFile } from './documents.store.ts';
import { effectiveMatrix } from './required-documents.service.ts';

/** A file as it arrived: the name the uploader gave it and its bytes. Its type is not trusted. */
export type UploadedFile = { fileName: string; bytes: Buffer };

const CLIENT_NOT_FOUND = () =>
  new AppError('client.not_found', 'No such client, or it is outside your book.');
const DOCUMENT_NOT_FOUND = () =>
  new AppError('document.not_found', 'No such document, or its client is outside your book.');

const todayOf = (ctx: Ctx) => ctx.now.toISOString().slice(0, 10);

/** A file ready to store: checked, hashed and sealed, before any row or byte is written. */
type PreparedFile = {
  storageKey: string;
  sealed: Buffer;
  contentType: DocumentContentType;
  sha256: string;
  sizeBytes: number;
  fileName: string;
};

/** Keeps the last path segment, without control characters, at most 200 characters. */
export function cleanFileName(name: string, contentType: DocumentContentType): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return [...base].slice(0, 200).join('') || `document.${EXTENSION[contentType]}`;
}

function prepareFile(ctx: Ctx, file: UploadedFile): PreparedFile {
  if (file.bytes.length === 0) throw invalid('file', 'is empty; choose the scanned document to upload');
  if (file.bytes.length > DOCUMENT_MAX_BYTES) {
    throw new AppError(
      'request.too_large',
      'The file is larger than 20 MiB. Scan it at a lower resolution.',
      {
        field: 'file',
      },
    );
  }
  const contentType = sniffContentType(file.bytes);
  if (!contentType) {
    throw new AppError(
      'document.unsupported_type',
      'Only PDF, JPEG, PNG and TIFF files are accepted, and this file is none of them (its content was checked, not its name).',
      { field: 'file' },
    );
  }
  const storageKey = newStorageKey();
  return {
    storageKey,
    sealed: ctx.vault.encryptBytes(file.bytes, storageKey),
    contentType,
    sha256: crypto.createHash('sha256').update(file.bytes).digest('hex'),
    sizeBytes: file.bytes.length,
    fileName: cleanFileName(file.fileName, contentType),
  };
}

function checkDates(ctx: Ctx, m: DocumentReplace): void {
  if (m.issuedOn && m.issuedOn > todayOf(ctx)) throw invalid('issuedOn', 'cannot be in the future');
  if (m.issuedOn && m.expiresOn && m.expiresOn <= m.issuedOn)
    throw invalid('expiresOn', 'must be after the issue date');
}

function checkKind(kind: DocumentKind, clientKind: ClientKind): void {
  if (!kindFitsClient(kind, clientKind)) {
    throw invalid(
      'kind',
      `is ${kind}, which is not a document of ${clientKind === 'individual' ? 'an individual' : 'a company'}`,
    );
  }
}

/**
 * Runs `work` in one transaction; `work` calls `store()` to write the sealed file once its rows
 * are in. If anything fails, the transaction rolls back and the file is removed: no row without
 * its file, no file without its row.
 */
async function withSealedFile<T>(
  ctx: Ctx,
  file: PreparedFile,
  work: (tx: Tx, store: () => Promise<void>) => Promise<T>,
): Promise<T> {
  try {
    return await ctx.db
      .transaction()
      .execute((tx) => work(tx, () => writeSealedFile(ctx.documentsDir, file.storageKey, file.sealed)));
  } catch (err) {
    await removeSealedFile(ctx.documentsDir, file.storageKey).catch((e: unknown) =>
      ctx.log.error({ err: e, storageKey: file.storageKey }, 'could not remove an uncommitted document file'),
    );
    throw err;
  }
}

function versionRow(
  ctx: Ctx,
  documentId: number,
  clientId: number,
  version: number,
  f: PreparedFile,
  m: DocumentReplace,
) {
  return {
    document_id: documentId,
    client_id: clientId,
    version,
    file_name: f.fileName,
    content_type: f.contentType,
    size_bytes: f.sizeBytes,
    sha256: f.sha256,
    storage_key: f.storageKey,
    number_enc: m.number ? ctx.vault.encrypt(m.number) : null,
    issuer: m.issuer ?? null,
    issued_on: m.issuedOn ?? null,
    expires_on: m.expiresOn ?? null,
    status: 'uploaded' satisfies DocumentStatus,
    uploaded_by: ctx.actor.id,
    uploaded_at: ctx.now.toISOString(),
  };
}

/** What the audit log keeps of a version: never the clear number. */
function auditSnapshot(kind: DocumentKind, version: number, f: PreparedFile, m: DocumentReplace) {
  return {
    kind,
    version,
    fileName: f.fileName,
    contentType: f.contentType,
    sizeBytes: f.sizeBytes,
    sha256: f.sha256,
    number: m.number ? maskDocumentNumber(m.number) : null,
    issuer: m.issuer ?? null,
    issuedOn: m.issuedOn ?? null,
    expiresOn: m.expiresOn ?? null,
  };
}

/** A new document on a client's file, as its first version, waiting for a second person. */
export async function uploadDocument(
  ctx: Ctx,
  clientId: number,
  meta: DocumentUpload,
  upload: UploadedFile,
): Promise<DocumentDetail> {
  authorize(ctx.actor, 'document.upload');
  checkDates(ctx, meta);
  const file = prepareFile(ctx, upload);
  const documentId = await withSealedFile(ctx, file, async (tx, store) => {
    const client = await findClientInScope(tx, clientScope(ctx.actor), clientId);
    if (!client) throw CLIENT_NOT_FOUND();
    checkKind(meta.kind, client.kind as ClientKind);
    const id = await insertDocument(tx, {
      client_id: clientId,
      kind: meta.kind,
      created_by: ctx.actor.id,
      created_at: ctx.now.toISOString(),
    });
    const versionId = await insertVersion(tx, ctx.dialect, versionRow(ctx, id, clientId, 1, file, meta));
    await store();
    await remindIfExpiringSoon(
      tx,
      ctx,
      {
        documentId: id,
        versionId,
        clientId,
        kind: meta.kind,
        status: 'uploaded',
        expiresOn: meta.expiresOn ?? null,
      },
      { id: Number(client.owner_id), clientName: client.name },
      ctx.now,
    );
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'document.upload',
      clientId,
      targetType: 'document',
      targetId: id,
      after: { ...auditSnapshot(meta.kind, 1, file, meta), versionId },
    });
    return id;
  });
  return loadDetail(ctx, ctx.db, documentId);
}

/** A new version of a document. Earlier versions stay, with their files and reviews. */
export async function replaceDocument(
  ctx: Ctx,
  clientId: number,
  documentId: number,
  meta: DocumentReplace,
  upload: UploadedFile,
): Promise<DocumentDetail> {
  authorize(ctx.actor, 'document.upload');
  checkDates(ctx, meta);
  const file = prepareFile(ctx, upload);
  await withSealedFile(ctx, file, async (tx, store) => {
    const doc = await findDocument(tx, documentId);
    if (!doc || Number(doc.client_id) !== clientId) throw DOCUMENT_NOT_FOUND();
    if (!(await findClientInScope(tx, clientScope(ctx.actor), clientId))) throw DOCUMENT_NOT_FOUND();
    if (meta.kind !== undefined && meta.kind !== doc.kind) {
      throw invalid('kind', `cannot change: this document is ${doc.kind}; upload a new document instead`);
    }
    const version = (await lastVersionNumber(tx, documentId)) + 1;
    const versionId = await insertVersion(
      tx,
      ctx.dialect,
      versionRow(ctx, documentId, clientId, version, file, meta),
    );
    await store();
    const client = (await findClientInScope(tx, clientScope(ctx.actor), clientId))!;
    await remindIfExpiringSoon(
      tx,
      ctx,
      {
        documentId,
        versionId,
        clientId,
        kind: doc.kind as DocumentKind,
        status: 'uploaded',
        expiresOn: meta.expiresOn ?? null,
      },
      { id: Number(client.owner_id), clientName: client.name },
      ctx.now,
    );
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'document.replace',
      clientId,
      targetType: 'document',
      targetId: documentId,
      after: { ...auditSnapshot(doc.kind as DocumentKind, version, file, meta), versionId },
    });
  });
  return loadDetail(ctx, ctx.db, documentId);
}

async function loadDetail(ctx: Ctx, tx: Tx, documentId: number): Promise<DocumentDetail> {
  const versions = await listVersionsOfDocument(tx, documentId);
  if (versions.length === 0) throw DOCUMENT_NOT_FOUND();
  return presentDetail(versions, ctx.vault, todayOf(ctx));
}

/** A client's documents (newest version of each) and which required documents are missing or expired. */
export async function listClientDocuments(ctx: Ctx, clientId: number): Promise<ClientDocuments> {
  authorize(ctx.actor, 'client.read');
  const client = await findClientInScope(ctx.db, clientScope(ctx.actor), clientId);
  if (!client) throw CLIENT_NOT_FOUND();
  const today = todayOf(ctx);
  const groups = byDocument(await listVersionsOfClient(ctx.db, clientId));
  const items = groups.map((versions) => presentSummary(versions, ctx.vault, today));
  const requirements = evaluateRequirements(
    await effectiveMatrix(ctx.db, ctx.log),
    {
      kind: client.kind as ClientKind,
      riskTolerance: client.risk_tolerance as RiskTolerance | null,
      creditRating: client.credit_rating as CreditRating | null,
    },
    items.map((d) => ({ id: d.id, kind: d.kind, status: d.latest.status, expiresOn: d.latest.expiresOn })),
    today,
  );
  return {
    items,
    requirements: { complete: requirements.every((r) => r.state === 'met'), items: requirements },
  };
}

/** One document with all its versions. */
export async function getDocument(ctx: Ctx, clientId: number, documentId: number): Promise<DocumentDetail> {
  authorize(ctx.actor, 'client.read');
  const doc = await findDocument(ctx.db, documentId);
  if (!doc || Number(doc.client_id) !== clientId) throw DOCUMENT_NOT_FOUND();
  if (!(await isClientInScope(ctx.db, clientScope(ctx.actor), clientId))) throw DOCUMENT_NOT_FOUND();
  return loadDetail(ctx, ctx.db, documentId);
}

export type DocumentContent = { bytes: Buffer; contentType: DocumentContentType; fileName: string };

/**
 * The clear content of one version, for someone who may see clear personal data. Opened in
 * full and checked against its SHA-256 before a byte leaves; every opening is audited (a view
 * when shown inline, a download otherwise).
 */
export async function openVersionContent(
  ctx: Ctx,
  versionId: number,
  disposition: 'inline' | 'attachment',
): Promise<DocumentContent> {
  authorize(ctx.actor, 'client.reveal');
  const v = await findVersion(ctx.db, versionId);
  if (!v || !(await isClientInScope(ctx.db, clientScope(ctx.actor), Number(v.client_id))))
    throw DOCUMENT_NOT_FOUND();
  const bytes = ctx.vault.decryptBytes(await readSealedFile(ctx.documentsDir, v.storage_key), v.storage_key);
  if (crypto.createHash('sha256').update(bytes).digest('hex') !== v.sha256) {
    throw new Error(`document version ${versionId} does not match its recorded SHA-256`);
  }
  await ctx.db.transaction().execute((tx) =>
    appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: disposition === 'inline' ? 'document.view' : 'document.download',
      clientId: Number(v.client_id),
      targetType: 'document_version',
      targetId: versionId,
      details: {
        documentId: Number(v.document_id),
        kind: v.kind,
        version: Number(v.version),
        sha256: v.sha256,
      },
    }),
  );
  return { bytes, contentType: v.content_type as DocumentContentType, fileName: v.file_name };
}

/**
 * The checker's decision on the newest version (maker-checker): someone other than its uploader
 * verifies it or rejects it with a reason. Each version is decided once.
 */
export async function verifyDocument(
  ctx: Ctx,
  documentId: number,
  input: DocumentVerify,
): Promise<DocumentDetail> {
  authorize(ctx.actor, 'document.verify');
  if (input.decision === 'rejected' && !input.reason)
    throw invalid('reason', 'is required when rejecting: say what the uploader must fix');
  await ctx.db.transaction().execute(async (tx) => {
    const doc = await findDocument(tx, documentId);
    if (!doc || !(await isClientInScope(tx, clientScope(ctx.actor), Number(doc.client_id))))
      throw DOCUMENT_NOT_FOUND();
    const [latest] = await listVersionsOfDocument(tx, documentId);
    if (!latest) throw DOCUMENT_NOT_FOUND();
    if (input.versionId !== undefined && input.versionId !== Number(latest.id)) {
      throw new AppError(
        'document.version_conflict',
        `A newer version (${latest.version}) was uploaded after the one you checked. Check that one instead.`,
        { field: 'versionId', details: { latestVersionId: Number(latest.id) } },
      );
    }
    refuseReview(ctx, latest);
    const ok = await reviewVersion(tx, Number(latest.id), {
      status: input.decision,
      reviewedBy: ctx.actor.id,
      at: ctx.now.toISOString(),
      reason: input.reason ?? null,
    });
    if (!ok) throw alreadyReviewed();
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: input.decision === 'verified' ? 'document.verify' : 'document.reject',
      clientId: Number(doc.client_id),
      targetType: 'document_version',
      targetId: Number(latest.id),
      before: { status: 'uploaded' },
      after: { status: input.decision, reason: input.reason ?? null },
      details: {
        documentId,
        kind: doc.kind,
        version: Number(latest.version),
        uploadedBy: latest.uploaded_by,
      },
    });
  });
  return loadDetail(ctx, ctx.db, documentId);
}

const alreadyReviewed = () =>
  new AppError('document.already_reviewed', 'This version has already been verified or rejected.');

function refuseReview(ctx: Ctx, v: VersionRow): void {
  if (v.status !== 'uploaded') throw alreadyReviewed();
  if (Number(v.uploaded_by) === ctx.actor.id) {
    throw new AppError(
      'document.self_verification',
      'You uploaded this version, so someone else must verify it (maker-checker).',
    );
  }
}
