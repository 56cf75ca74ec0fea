import { z } from 'zod';
import { Id } from './common.ts';

export const DUPLICATE_POLICIES = ['skip', 'update', 'fail'] as const;
export const DuplicatePolicy = z.enum(DUPLICATE_POLICIES);
export type DuplicatePolicy = z.infer<typeof DuplicatePolicy>;

/** Query of an import upload; the file itself is the request body (CSV or XLSX). */
export const ImportQuery = z.strictObject({
  /** Validate and report only; store nothing. */
  dryRun: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Name of the source system; its saved column mapping is applied. */
  source: z.string().trim().min(1).max(64).default('default'),
  onDuplicate: DuplicatePolicy.default('skip'),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

export const ImportProblem = z.object({
  /** 1-based row number as a spreadsheet shows it (the header is row 1). */
  row: z.number().int(),
  column: z.string().nullable(),
  field: z.string().nullable(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

export const ImportReport = z.object({
  dryRun: z.boolean(),
  committed: z.boolean(),
  rows: z.number().int(),
  valid: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  problems: z.array(ImportProblem),
  duplicates: z.array(
    z.object({
      row: z.number().int(),
      by: z.enum(['idNumber', 'creditCode']),
      existingClientId: Id.nullable(),
      action: DuplicatePolicy,
    }),
  ),
  /** How each column of the file was read: the field it fills, or null when ignored. */
  columns: z.array(z.object({ column: z.string(), field: z.string().nullable() })),
  elapsedMs: z.number().int(),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** A saved column mapping: file column → profile field. */
export const ImportMapping = z.strictObject({
  columns: z.record(z.string().max(100), z.string().max(64).nullable()),
});
export type ImportMapping = z.infer<typeof ImportMapping>;

/** The client fields a column of an import file can fill (a saved mapping names one of these, or null). */
export const CLIENT_IMPORT_FIELDS = [
  'kind',
  'name',
  'gender',
  'birthDate',
  'idType',
  'idNumber',
  'mobile',
  'email',
  'address',
  'occupation',
  'employer',
  'annualIncomeBand',
  'maritalStatus',
  'education',
  'riskTolerance',
  'riskAssessedOn',
  'creditCode',
  'industryCode',
  'registeredCapital',
  'foundedOn',
  'legalRepresentative',
  'annualRevenue',
  'employees',
  'listedStatus',
  'creditRating',
  'tier',
  'status',
  'tags',
  'owner',
  'contactName',
  'contactRole',
  'contactPhone',
  'contactEmail',
] as const;
export type ClientImportField = (typeof CLIENT_IMPORT_FIELDS)[number];

/** Transaction files: ISO 20022 bank-to-customer statements (camt.053, XML), or a table (CSV, XLSX). */
export const TRANSACTION_FILE_FORMATS = ['camt053', 'csv', 'xlsx'] as const;
export const TransactionFileFormat = z.enum(TRANSACTION_FILE_FORMATS);
export type TransactionFileFormat = z.infer<typeof TransactionFileFormat>;

/** Query of a transaction file upload; the file itself is the request body. */
export const TransactionImportQuery = z.strictObject({
  format: TransactionFileFormat,
  /** Check and report only (what would be inserted, what is known already); store nothing. */
  dryRun: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * The sending system: with each transaction's reference, the idempotency key; a table's saved
   * column mapping is kept under it too. Defaults to the format's name.
   */
  source: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9_.-]+$/, 'must be a short lower-case name such as bank_statements')
    .optional(),
});
export type TransactionImportQuery = z.infer<typeof TransactionImportQuery>;

export const TransactionImportReport = z.object({
  format: TransactionFileFormat,
  source: z.string(),
  dryRun: z.boolean(),
  committed: z.boolean(),
  /** camt.053: statements in the file; null for a table. */
  statements: z.number().int().nullable(),
  /** Rows of a table, entries of a statement file. */
  entries: z.number().int(),
  inserted: z.number().int(),
  /** Stored before with the same content (a file imported again): recognised and skipped. */
  duplicates: z.number().int(),
  /** The registered accounts the file's transactions belong to. */
  accounts: z.number().int(),
  /**
   * `row`: a table's row as a spreadsheet shows it (the header is row 1), or a statement file's
   * entry counted from 1 through the file; `column`: the table's column or the XML element.
   */
  problems: z.array(ImportProblem),
  /** A table's columns and the field each fills (empty for camt.053). */
  columns: z.array(z.object({ column: z.string(), field: z.string().nullable() })),
  elapsedMs: z.number().int(),
});
export type TransactionImportReport = z.infer<typeof TransactionImportReport>;
