import crypto from 'node:crypto';
import {
  type ImportProblem,
  TransactionBatch,
  type TransactionImportQuery,
  type TransactionImportReport,
  type TransactionItem,
} from '@dossier/contract';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { maskAccountNo } from '../../core/masking.ts';
import { authorize } from '../../core/policy.ts';
import { chunks, findAccountsByNumberHashes } from '../accounts/accounts.repo.ts';
import { accountNoHash } from '../accounts/accounts.service.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import { ingestTransactions } from '../transactions/transactions.service.ts';
import { parseCamt053 } from './imports.camt053.ts';
import { readTable } from './imports.parse.ts';
import { findMapping, saveMapping } from './imports.repo.ts';
import {
  type ColumnMap,
  TRANSACTION_IMPORT_FIELDS,
  missingColumns,
  resolveTransactionColumns,
  rowToTransaction,
} from './imports.transactions.ts';

/** A transaction of the file with where it came from, for problems found later. */
type Located = {
  item: TransactionItem;
  row: number;
  /** The column or XML element a field came from. */
  columnOf: (field: string) => string | null;
  /** camt.053: the statement it belongs to. */
  statement?: { id: string; path: string };
};
type Read = {
  located: Located[];
  problems: ImportProblem[];
  statements: number | null;
  entries: number;
  columns: ColumnMap;
};

/** Transactions per call of the batch path (its limit is 10,000); each call writes one audit entry. */
const CHUNK = 5000;
/** The key a table's saved column mapping is kept under, apart from the client import's. */
export const mappingKey = (source: string) => `transactions:${source}`;

class DryRun extends Error {}

/**
 * Imports a file of transactions (camt.053, CSV or XLSX), all or nothing: every entry is read and
 * checked first, every account must already be registered, and the transactions go through the
 * same batch path as the API (`ingestTransactions`) in one database transaction. A file sent again
 * is recognised entry by entry (source + reference) and adds nothing. A dry run does all of it and
 * rolls back, so its report says exactly what the import would do.
 */
export async function importTransactionFile(
  ctx: Ctx,
  file: unknown,
  q: TransactionImportQuery,
  onProgress?: (done: number, total: number) => void,
): Promise<TransactionImportReport> {
  authorize(ctx.actor, 'transaction.ingest');
  if (!Buffer.isBuffer(file))
    throw new AppError(
      'request.unsupported_media_type',
      'Send the file itself as the body (camt.053 XML, CSV or an XLSX workbook).',
    );
  const started = Date.now();
  const source = q.source ?? q.format;
  const read = q.format === 'camt053' ? readCamt(file) : await readRows(ctx, file, source);
  const report = (over: Partial<TransactionImportReport> = {}): TransactionImportReport => ({
    format: q.format,
    source,
    dryRun: q.dryRun,
    committed: false,
    statements: read.statements,
    entries: read.entries,
    inserted: 0,
    duplicates: 0,
    accounts: 0,
    problems: [...read.problems].sort((a, b) => a.row - b.row).slice(0, 1000),
    columns: read.columns,
    elapsedMs: Date.now() - started,
    ...over,
  });
  const reject = (problems: ImportProblem[]) => {
    const first = problems[0]!;
    const where = `${first.row > 0 ? `${q.format === 'camt053' ? 'entry' : 'row'} ${first.row}` : 'the file'}${first.column ? ` [${first.column}]` : ''}`;
    return new AppError(
      'import.rejected',
      `${where}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : ''}. Nothing was imported: correct the file and import it again.`,
      { details: { report: report({ problems: problems.slice(0, 1000) }) } },
    );
  };
  if (read.problems.length > 0) {
    if (q.dryRun) return report();
    throw reject(read.problems);
  }
  if (read.located.length === 0)
    throw reject([{ row: 0, column: null, field: null, message: 'The file holds no transactions.' }]);

  const fileSha256 = crypto.createHash('sha256').update(file).digest('hex');
  const totals = { inserted: 0, duplicates: 0, accounts: new Set<number>() };
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const unknown = await unknownAccounts(ctx, tx, read.located);
      if (unknown.length > 0) throw reject(unknown);
      let done = 0;
      for (const part of chunks(read.located, CHUNK)) {
        try {
          const r = await ingestTransactions(
            ctx,
            TransactionBatch.parse({ source, transactions: part.map((l) => l.item) }),
            { tx, details: { file: { format: q.format, sha256: fileSha256, firstRow: part[0]!.row } } },
          );
          totals.inserted += r.inserted;
          totals.duplicates += r.duplicates;
        } catch (err) {
          throw located(err, part, reject);
        }
        done += part.length;
        onProgress?.(done, read.located.length);
      }
      const moved = await findAccountsByNumberHashes(
        tx,
        [...new Set(read.located.map((l) => l.item.accountNo))].map((n) => accountNoHash(ctx.vault, n)),
      );
      totals.accounts = new Set(moved.map((a) => Number(a.id)));
      if (q.dryRun) throw new DryRun();
    });
  } catch (err) {
    if (!(err instanceof DryRun)) throw err;
  }
  return report({
    committed: !q.dryRun,
    inserted: totals.inserted,
    duplicates: totals.duplicates,
    accounts: totals.accounts.size,
  });
}

/** The XML's text in the encoding its declaration names (banks still send ISO-8859-1); UTF-8 otherwise. */
export function xmlText(file: Buffer): string {
  const declared = /^(?:\uFEFF)?<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']/.exec(
    file.subarray(0, 200).toString('latin1'),
  )?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(file);
  } catch {
    // An encoding this runtime does not know: read it as UTF-8 and let the parser judge.
    return new TextDecoder('utf-8').decode(file);
  }
}

function readCamt(file: Buffer): Read {
  const { statements, problems, entries } = parseCamt053(xmlText(file));
  const located: Located[] = statements.flatMap((s) =>
    s.entries.map((e) => ({
      item: e.item,
      row: e.entry,
      columnOf: (field: string) => `${e.path}/${CAMT_ELEMENTS[field] ?? field}`,
      statement: { id: s.id, path: s.path },
    })),
  );
  return { located, problems, statements: statements.length, entries, columns: [] };
}
const CAMT_ELEMENTS: Record<string, string> = {
  externalId: 'AcctSvcrRef',
  accountNo: '../Acct/Id',
  bookedAt: 'BookgDt',
  amountMinor: 'Amt',
  currency: 'Amt/@Ccy',
  direction: 'CdtDbtInd',
  balanceAfterMinor: '../Bal[CLBD]',
};

async function readRows(ctx: Ctx, file: Buffer, source: string): Promise<Read> {
  const { headers, rows } = await readTable(file);
  const columns = resolveTransactionColumns(headers, (await findMapping(ctx.db, mappingKey(source))) ?? {});
  const problems = missingColumns(columns);
  const located: Located[] = [];
  if (problems.length === 0)
    rows.forEach((cells, i) => {
      const row = i + 2; // the header is row 1
      const r = rowToTransaction(cells, columns, row);
      if ('problems' in r) problems.push(...r.problems);
      else {
        const columnOf = (field: string) =>
          columns.find((c) => c.field === (field === 'amountMinor' ? 'amount' : field))?.column ?? null;
        located.push({ item: r.item, row, columnOf });
      }
    });
  return { located, problems, statements: null, entries: rows.length, columns };
}

/** Accounts the file names that are not registered: one problem per statement, or per row. */
async function unknownAccounts(
  ctx: Ctx,
  tx: Parameters<typeof findAccountsByNumberHashes>[0],
  located: Located[],
) {
  const numbers = [...new Set(located.map((l) => l.item.accountNo))];
  const known = new Set(
    (
      await findAccountsByNumberHashes(
        tx,
        numbers.map((n) => accountNoHash(ctx.vault, n)),
      )
    ).map((r) => r.account_no_hash),
  );
  const problems: ImportProblem[] = [];
  const reported = new Set<string>();
  for (const l of located) {
    if (known.has(accountNoHash(ctx.vault, l.item.accountNo))) continue;
    const key = l.statement ? l.statement.path : String(l.row);
    if (reported.has(key)) continue;
    reported.add(key);
    const what = `account ${maskAccountNo(l.item.accountNo)} is not registered: register it first (POST /api/accounts/batch) or correct the number`;
    problems.push(
      l.statement
        ? {
            row: l.row,
            column: `${l.statement.path}/Acct/Id`,
            field: 'accountNo',
            message: `statement ${l.statement.id}: ${what}`,
          }
        : { row: l.row, column: l.columnOf('accountNo'), field: 'accountNo', message: what },
    );
  }
  return problems;
}

/** A problem the batch path found (`transactions.17.currency`), placed by row or entry of the file. */
function located(err: unknown, part: Located[], reject: (p: ImportProblem[]) => AppError): unknown {
  if (!(err instanceof AppError) || !err.issues?.length) return err;
  return reject(
    err.issues.map((i) => {
      const m = /^transactions\.(\d+)\.(\w+)/.exec(i.field);
      const at = m ? part[Number(m[1])] : undefined;
      if (!at) return { row: 0, column: null, field: null, message: `${i.field} ${i.message}` };
      const prefix = at.statement ? `statement ${at.statement.id}: ` : '';
      return { row: at.row, column: at.columnOf(m![2]!), field: m![2]!, message: `${prefix}${i.message}` };
    }),
  );
}

/** A transaction table's saved column mapping (file column → field), per source. */
export async function getTransactionMapping(ctx: Ctx, source: string) {
  authorize(ctx.actor, 'transaction.ingest');
  return { columns: (await findMapping(ctx.db, mappingKey(source))) ?? {} };
}

export async function putTransactionMapping(
  ctx: Ctx,
  source: string,
  columns: Record<string, string | null>,
) {
  authorize(ctx.actor, 'transaction.ingest');
  const unknown = Object.entries(columns).find(
    ([, f]) => f !== null && !(TRANSACTION_IMPORT_FIELDS as string[]).includes(f),
  );
  if (unknown)
    throw new AppError(
      'request.invalid',
      `columns.${unknown[0]}: "${unknown[1]}" is not a field; use one of ${TRANSACTION_IMPORT_FIELDS.join(', ')} or null`,
      { field: `columns.${unknown[0]}` },
    );
  await ctx.db.transaction().execute(async (tx) => {
    await saveMapping(tx, mappingKey(source), columns, ctx.actor.id, ctx.now.toISOString());
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'import.mapping',
      targetType: 'import_mapping',
      targetId: mappingKey(source),
      after: columns,
    });
  });
  return { columns };
}
