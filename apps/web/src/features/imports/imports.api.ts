import {
  type DuplicatePolicy,
  ImportMapping,
  ImportReport,
  type TransactionFileFormat,
  TransactionImportReport,
} from '@dossier/contract';
import { request } from '../../api/http.ts';
import { ApiError, parseErrorBody, withQuery } from '../../api/http.ts';

/** What a file holds: client files (with their contacts), or relationships between clients on file. */
export type ImportTarget = 'clients' | 'relationships' | 'transactions';

export interface ImportOptions {
  dryRun: boolean;
  onDuplicate: DuplicatePolicy;
  /** The source system whose saved column mapping applies (clients only). */
  source: string;
}

/** The report a refused import carries in `error.details.report` (nothing of it was stored). */
export function rejectedReport(error: unknown): ImportReport | null {
  if (!(error instanceof ApiError) || error.code !== 'import.rejected') return null;
  const parsed = ImportReport.safeParse(error.details.report);
  return parsed.success ? parsed.data : null;
}

/** The same for a refused transaction file. */
export function rejectedTransactionReport(error: unknown): TransactionImportReport | null {
  if (!(error instanceof ApiError) || error.code !== 'import.rejected') return null;
  const parsed = TransactionImportReport.safeParse(error.details.report);
  return parsed.success ? parsed.data : null;
}

/** The format a file's name says it is in: `.xml` a camt.053 statement, `.xlsx` a workbook, else CSV. */
export function formatOfFile(name: string): TransactionFileFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xml')) return 'camt053';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return 'csv';
}

const CONTENT_TYPES: Record<TransactionFileFormat, string> = {
  camt053: 'application/xml',
  csv: 'text/csv',
  xlsx: 'application/octet-stream',
};

/** Sends a statement or table of transactions; a dry run stores nothing, a real run all or nothing. */
export async function importTransactions(
  file: File,
  options: { dryRun: boolean; format: TransactionFileFormat; source: string },
): Promise<TransactionImportReport> {
  const query = {
    format: options.format,
    dryRun: options.dryRun,
    ...(options.source ? { source: options.source } : {}),
  };
  return sendFile(
    withQuery('/api/imports/transactions', query),
    file,
    CONTENT_TYPES[options.format],
    TransactionImportReport,
  );
}

async function sendFile<T>(
  url: string,
  file: File,
  contentType: string,
  schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: unknown } } },
): Promise<T> {
  const body = await file.arrayBuffer();
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': contentType },
      body,
    });
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'network', message: String(cause) });
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) throw parseErrorBody(response.status, json);
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    console.error(`[dossier] ${url.split('?')[0]} answered outside the contract`, parsed.error?.issues);
  return json as T;
}

/** A CSV goes up as text/csv, anything else (an .xlsx) as bytes; the server reads both. */
function contentTypeOf(file: File): string {
  return file.name.toLowerCase().endsWith('.csv') || file.type === 'text/csv'
    ? 'text/csv'
    : 'application/octet-stream';
}

/**
 * Sends the file itself as the request body. A dry run only checks and reports; a real run stores
 * every row or, when any row has a problem, none (422 `import.rejected` with the report).
 */
export async function importFile(
  target: 'clients' | 'relationships',
  file: File,
  options: ImportOptions,
): Promise<ImportReport> {
  const url = withQuery(
    `/api/imports/${target}`,
    target === 'clients'
      ? { dryRun: options.dryRun, source: options.source, onDuplicate: options.onDuplicate }
      : { dryRun: options.dryRun },
  );
  return sendFile(url, file, contentTypeOf(file), ImportReport);
}

/** The headers the server recognises, in the order a bank's spreadsheet usually has them. */
export const TEMPLATE_HEADERS = [
  '客户类型',
  '姓名',
  '证件号码',
  '手机号码',
  '职业',
  '年收入',
  '风险等级',
  '客户等级',
  '统一社会信用代码',
  '行业代码',
  '注册资本',
  '联系人',
  '联系人电话',
  '客户经理',
] as const;

/** The headers of a relationships file: who, to whom, which link, and the link's details. */
export const RELATIONSHIP_TEMPLATE_HEADERS = [
  '客户证件号码',
  '关联方证件号码',
  '关系类型',
  '持股比例',
  '担保金额',
  '开始日期',
  '结束日期',
  '备注',
] as const;

/** UTF-8 with a byte-order mark, so Excel on Windows opens the Chinese headers correctly. */
export function templateCsv(target: ImportTarget): Blob {
  const headers = target === 'clients' ? TEMPLATE_HEADERS : RELATIONSHIP_TEMPLATE_HEADERS;
  return new Blob([`\uFEFF${headers.join(',')}\r\n`], { type: 'text/csv;charset=utf-8' });
}

/** Saves how this source's columns are read; the next file from it is read the same way. */
export function saveMapping(source: string, columns: Record<string, string | null>): Promise<ImportMapping> {
  return request(`/api/imports/mappings/${encodeURIComponent(source)}`, {
    method: 'PUT',
    body: { columns },
    schema: ImportMapping,
  });
}
