import crypto from 'node:crypto';
import {
  type ImportProblem,
  type ImportReport,
  RelationshipCreate,
  type RelationshipKind,
} from '@dossier/contract';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { authorize } from '../../core/policy.ts';
import type { Tx } from '../../db/dialect.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import { blindKey } from '../clients/clients.profile.ts';
import { parseClientCode } from '../clients/clients.present.ts';
import { findClientIdByCreditCode, findClientIdByIdNumberHash } from '../clients/clients.repo.ts';
import { linkClients } from '../relationships/relationships.service.ts';
import { parseDate, parseYuan } from './imports.mapping.ts';
import { readTable } from './imports.parse.ts';

const COLUMNS: Record<string, string> = {
  客户证件号码: 'from',
  客户统一社会信用代码: 'from',
  客户标识: 'from',
  客户编号: 'from',
  client: 'from',
  from: 'from',
  关联方证件号码: 'to',
  关联方统一社会信用代码: 'to',
  关联方标识: 'to',
  关联方编号: 'to',
  related: 'to',
  to: 'to',
  关系类型: 'kind',
  关系: 'kind',
  kind: 'kind',
  relationship: 'kind',
  持股比例: 'sharePct',
  sharepct: 'sharePct',
  share: 'sharePct',
  担保金额: 'amount',
  amount: 'amount',
  开始日期: 'startsOn',
  startson: 'startsOn',
  结束日期: 'endsOn',
  endson: 'endsOn',
  备注: 'note',
  note: 'note',
};

/** Relationship labels as bank staff write them; `swap` reads the row the other way round. */
const KINDS: Record<string, { kind: RelationshipKind; swap?: true }> = {
  配偶: { kind: 'spouse' },
  spouse: { kind: 'spouse' },
  父母: { kind: 'parent' },
  父亲: { kind: 'parent' },
  母亲: { kind: 'parent' },
  parent: { kind: 'parent' },
  子女: { kind: 'parent', swap: true },
  child: { kind: 'parent', swap: true },
  家庭成员: { kind: 'household_member' },
  household_member: { kind: 'household_member' },
  股东: { kind: 'shareholder' },
  shareholder: { kind: 'shareholder' },
  法定代表人: { kind: 'legal_representative' },
  legal_representative: { kind: 'legal_representative' },
  实际控制人: { kind: 'actual_controller' },
  actual_controller: { kind: 'actual_controller' },
  母公司: { kind: 'parent_company' },
  parent_company: { kind: 'parent_company' },
  子公司: { kind: 'parent_company', swap: true },
  subsidiary: { kind: 'parent_company', swap: true },
  关联方: { kind: 'related_party' },
  related_party: { kind: 'related_party' },
  担保人: { kind: 'guarantor' },
  担保: { kind: 'guarantor' },
  guarantor: { kind: 'guarantor' },
};

class Rollback extends Error {}

/** A client named by client code, credit code or ID number (through the blind index). */
async function resolveClient(ctx: Ctx, tx: Tx, ref: string): Promise<number | null> {
  const id = parseClientCode(ref);
  if (id) return id;
  const upper = ref.trim().toUpperCase();
  const byCode =
    /^[0-9A-Z]{18}$/.test(upper) && /[A-Z]/.test(upper.slice(0, 17))
      ? await findClientIdByCreditCode(tx, upper)
      : undefined;
  if (byCode) return Number(byCode.id);
  const byId = await findClientIdByIdNumberHash(tx, ctx.vault.blindIndex(...blindKey('idNumber', upper)));
  if (byId) return Number(byId.id);
  const byCredit = await findClientIdByCreditCode(tx, upper);
  return byCredit ? Number(byCredit.id) : null;
}

/**
 * Imports a file of relationships between clients already on file, all or nothing: every row is
 * checked with the same rules as the relationship form (inside one transaction, so holdings
 * accumulate as they would), and one problem rolls the whole file back.
 */
export async function importRelationships(ctx: Ctx, file: unknown, dryRun: boolean): Promise<ImportReport> {
  authorize(ctx.actor, 'client.update');
  if (!Buffer.isBuffer(file))
    throw new AppError(
      'request.unsupported_media_type',
      'Send the file itself as the body (text/csv or an XLSX workbook).',
    );
  const started = Date.now();
  const { headers, rows } = await readTable(file);
  const taken = new Set<string>();
  const columns = headers.map((column) => {
    const field = COLUMNS[column.trim()] ?? COLUMNS[column.trim().toLowerCase()] ?? null;
    if (field === null || taken.has(field)) return { column, field: null };
    taken.add(field);
    return { column, field };
  });
  const col = (field: string) => columns.find((c) => c.field === field)?.column ?? null;
  const problems: ImportProblem[] = [];
  for (const f of ['from', 'to', 'kind']) {
    if (!col(f))
      problems.push({
        row: 1,
        column: null,
        field: f,
        message: `No column for ${f}: use 客户证件号码, 关联方证件号码 and 关系类型.`,
      });
  }
  let created = 0;
  try {
    await ctx.db.transaction().execute(async (tx) => {
      if (problems.length === 0) {
        for (const [i, cells] of rows.entries()) {
          const row = i + 2;
          const cell = (f: string) => (col(f) ? (cells[col(f)!] ?? '').trim() : '');
          const problem = (field: string, message: string) =>
            problems.push({ row, column: col(field), field, message });
          const label = KINDS[cell('kind')] ?? KINDS[cell('kind').toLowerCase()];
          if (!label) {
            problem(
              'kind',
              `"${cell('kind')}" is not a relationship: use 配偶, 父母, 子女, 家庭成员, 股东, 法定代表人, 实际控制人, 母公司, 子公司, 关联方 or 担保人`,
            );
            continue;
          }
          let [from, to] = [
            await resolveClient(ctx, tx, cell('from')),
            await resolveClient(ctx, tx, cell('to')),
          ];
          if (from === null) problem('from', `no client with identifier "${cell('from')}"`);
          if (to === null) problem('to', `no client with identifier "${cell('to')}"`);
          if (from === null || to === null) continue;
          if (label.swap) [from, to] = [to, from];
          const amount = cell('amount') ? parseYuan(cell('amount')) : null;
          const dates = {
            startsOn: cell('startsOn') ? parseDate(cell('startsOn')) : null,
            endsOn: cell('endsOn') ? parseDate(cell('endsOn')) : null,
          };
          const bad = [
            ['amount', amount],
            ['startsOn', dates.startsOn],
            ['endsOn', dates.endsOn],
          ].find(([, p]) => p && 'problem' in (p as object));
          if (bad) {
            problem(bad[0] as string, (bad[1] as { problem: string }).problem);
            continue;
          }
          const parsed = RelationshipCreate.safeParse({
            toClientId: to,
            kind: label.kind,
            ...(cell('sharePct') ? { sharePct: Number(cell('sharePct').replace('%', '')) } : {}),
            ...(amount && 'value' in amount ? { amount: amount.value } : {}),
            ...(dates.startsOn && 'value' in dates.startsOn ? { startsOn: dates.startsOn.value } : {}),
            ...(dates.endsOn && 'value' in dates.endsOn ? { endsOn: dates.endsOn.value } : {}),
            ...(cell('note') ? { note: cell('note') } : {}),
          });
          if (!parsed.success) {
            for (const issue of parsed.error.issues) problem(String(issue.path[0] ?? 'kind'), issue.message);
            continue;
          }
          try {
            await linkClients(ctx, tx, from, parsed.data);
            created++;
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            const field =
              err.field === 'toClientId'
                ? 'to'
                : (err.field ?? (err.code === 'client.not_found' ? 'from' : 'kind'));
            problem(field, err.message);
          }
        }
      }
      if (problems.length > 0 || dryRun) throw new Rollback();
      await appendAudit(tx, ctx, {
        ...auditFrom(ctx),
        action: 'client.import',
        targetType: 'relationships',
        details: {
          fileSha256: crypto.createHash('sha256').update(file).digest('hex'),
          rows: rows.length,
          created,
        },
      });
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  const report: ImportReport = {
    dryRun,
    committed: problems.length === 0 && !dryRun,
    rows: rows.length,
    valid: rows.length - new Set(problems.map((p) => p.row)).size,
    created: problems.length === 0 && !dryRun ? created : 0,
    updated: 0,
    skipped: 0,
    problems: problems.slice(0, 1000),
    duplicates: [],
    columns,
    elapsedMs: Date.now() - started,
  };
  if (problems.length > 0 && !dryRun) {
    throw new AppError(
      'import.rejected',
      `${new Set(problems.map((p) => p.row)).size} row(s) have problems; nothing was imported.`,
      { details: { report } },
    );
  }
  return report;
}
