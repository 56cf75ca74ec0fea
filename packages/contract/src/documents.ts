import { z } from 'zod';
import { Id, IsoDate } from './common.ts';
import { CreditRating, RiskTolerance } from './enums.ts';

/** KYC documents (档案材料) kept on a client's file. */
export const DOCUMENT_KINDS = [
  'id_card',
  'passport',
  'business_licence',
  'financial_statement',
  'articles',
  'credit_report',
  'contract',
  'other',
] as const;
export const DocumentKind = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof DocumentKind>;

/** Kinds that only make sense for one kind of client; the rest fit both. */
export const INDIVIDUAL_DOCUMENT_KINDS: readonly DocumentKind[] = ['id_card', 'passport'];
export const CORPORATE_DOCUMENT_KINDS: readonly DocumentKind[] = ['business_licence', 'articles'];

/** What a stored file is, decided from its first bytes, never from its name or declared type. */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff'] as const;
export const DocumentContentType = z.enum(DOCUMENT_CONTENT_TYPES);
export type DocumentContentType = z.infer<typeof DocumentContentType>;

/** Largest file accepted for one version: 20 MiB. */
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

/** Maker-checker: each version is uploaded by one person and verified or rejected by another. */
export const DOCUMENT_STATUSES = ['uploaded', 'verified', 'rejected'] as const;
export const DocumentStatus = z.enum(DOCUMENT_STATUSES);
export type DocumentStatus = z.infer<typeof DocumentStatus>;

const Text = (max: number) => z.string().trim().min(1, 'is empty').max(max);

/**
 * The text fields sent with a file (multipart/form-data, next to the `file` part). Empty fields
 * count as absent, as an HTML form sends them.
 */
export const DocumentUpload = z.strictObject({
  kind: DocumentKind,
  /** The document's own number (ID card number, licence number…): stored encrypted, shown masked. */
  number: Text(64).optional(),
  issuer: Text(120).optional(),
  issuedOn: IsoDate.optional(),
  expiresOn: IsoDate.optional(),
});
export type DocumentUpload = z.infer<typeof DocumentUpload>;

/** A new version of an existing document. `kind` may be repeated but cannot change. */
export const DocumentReplace = DocumentUpload.partial({ kind: true });
export type DocumentReplace = z.infer<typeof DocumentReplace>;

const Person = z.object({ id: Id, displayName: z.string() });

export const DocumentVersion = z.object({
  id: Id,
  /** 1 for the first upload, then 2, 3… Earlier versions are kept. */
  version: z.number().int().min(1),
  fileName: z.string(),
  contentType: DocumentContentType,
  sizeBytes: z.number().int().min(1),
  /** SHA-256 of the clear content, hex. */
  sha256: z.string(),
  /** Masked, e.g. `110***********1234`. */
  number: z.string().nullable(),
  issuer: z.string().nullable(),
  issuedOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  status: DocumentStatus,
  uploadedBy: Person,
  uploadedAt: z.string(),
  review: z.object({ by: Person, at: z.string(), reason: z.string().nullable() }).nullable(),
});
export type DocumentVersion = z.infer<typeof DocumentVersion>;

export const DocumentSummary = z.object({
  id: Id,
  clientId: Id,
  kind: DocumentKind,
  versionCount: z.number().int().min(1),
  /** The version in force: the newest. */
  latest: DocumentVersion,
  /** The newest version's expiry date has passed. */
  expired: z.boolean(),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const DocumentDetail = DocumentSummary.extend({
  /** Every version, newest first. */
  versions: z.array(DocumentVersion),
});
export type DocumentDetail = z.infer<typeof DocumentDetail>;

/**
 * A requirement is met by any one of `kinds`: `met` (a verified, unexpired document), waiting
 * for a second person to verify it, expired, or missing (none, or only rejected ones).
 */
export const RequirementState = z.enum(['met', 'pending_verification', 'expired', 'missing']);
export type RequirementState = z.infer<typeof RequirementState>;

export const DocumentRequirement = z.object({
  kinds: z.array(DocumentKind),
  /** Why it is required: `always`, `riskTolerance:C5`, `creditRating:B`. */
  because: z.string(),
  state: RequirementState,
  /** The document that meets (or came closest to meeting) it. */
  documentId: Id.nullable(),
  expiresOn: z.string().nullable(),
});
export type DocumentRequirement = z.infer<typeof DocumentRequirement>;

export const ClientDocuments = z.object({
  items: z.array(DocumentSummary),
  requirements: z.object({
    /** Every requirement met. */
    complete: z.boolean(),
    items: z.array(DocumentRequirement),
  }),
});
export type ClientDocuments = z.infer<typeof ClientDocuments>;

export const DocumentVerify = z.strictObject({
  decision: z.enum(['verified', 'rejected']),
  /** Required when rejecting: what the uploader must fix. */
  reason: z.string().trim().min(2, 'say why').max(500).optional(),
  /** The version the checker looked at; refused if a newer one has been uploaded since. */
  versionId: Id.optional(),
});
export type DocumentVerify = z.infer<typeof DocumentVerify>;

export const DocumentContentQuery = z.strictObject({
  /** `inline` to view in the browser (audited as a view), `attachment` to download. */
  disposition: z.enum(['inline', 'attachment']).default('attachment'),
});
export type DocumentContentQuery = z.infer<typeof DocumentContentQuery>;

/** One requirement: any of these kinds satisfies it (e.g. an ID card or a passport). */
const AnyOf = z.array(DocumentKind).min(1).max(DOCUMENT_KINDS.length);
const Requirements = z.array(AnyOf).max(20);

/**
 * Which documents a client must have, by client kind and risk level: the `always` list plus the
 * list of the client's level (risk tolerance C1–C5 for individuals, credit rating for companies).
 */
export const RequiredDocumentsMatrix = z.strictObject({
  individual: z.strictObject({
    always: Requirements,
    byRiskTolerance: z.partialRecord(RiskTolerance, Requirements),
  }),
  corporate: z.strictObject({
    always: Requirements,
    byCreditRating: z.partialRecord(CreditRating, Requirements),
  }),
});
export type RequiredDocumentsMatrix = z.infer<typeof RequiredDocumentsMatrix>;

export const RequiredDocumentsSettings = z.object({
  matrix: RequiredDocumentsMatrix,
  /** `default` until an administrator saves a matrix of the bank's own. */
  source: z.enum(['default', 'custom']),
  updatedAt: z.string().nullable(),
  updatedBy: Person.nullable(),
  /** The built-in matrix, to compare with or go back to. */
  defaults: RequiredDocumentsMatrix,
});
export type RequiredDocumentsSettings = z.infer<typeof RequiredDocumentsSettings>;
