import { PassThrough } from 'node:stream';
import type { ClientListQuery } from '@dossier/contract';
import ExcelJS from 'exceljs';
import type { Ctx } from '../../core/context.ts';
import { authorize, clientScope } from '../../core/policy.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import { listClients } from './clients.repo.ts';
import { presentSummary } from './clients.present.ts';
import { searchTermsOf } from './clients.service.ts';
import { bankToday } from '../../finance/ledger.ts';

export const MAX_EXPORT_ROWS = 100_000;
const TIER_ZH: Record<string, string> = {
  private: '私人银行',
  diamond: '钻石',
  platinum: '白金',
  gold: '黄金',
  standard: '大众',
};
const STATUS_ZH: Record<string, string> = {
  prospect: '潜在客户',
  active: '正常',
  dormant: '休眠',
  closed: '销户',
};

/**
 * The list view as an XLSX workbook, streamed: only clients in the caller's scope, sensitive
 * values masked, stamped with who exported it and when, and audited before the first byte.
 */
export async function exportClients(
  ctx: Ctx,
  q: Omit<ClientListQuery, 'page' | 'pageSize'>,
): Promise<{ stream: PassThrough; filename: string }> {
  authorize(ctx.actor, 'client.read');
  const scope = clientScope(ctx.actor);
  const terms = q.q ? searchTermsOf(q.q, ctx.vault) : null;
  const first = await listClients(ctx.db, scope, { ...q, terms, page: 1, pageSize: 1 });
  const rows = Math.min(first.total, MAX_EXPORT_ROWS);
  const stamp = `${ctx.actor.displayName} (${ctx.actor.username}) ${ctx.now.toISOString()}`;
  await ctx.db.transaction().execute((tx) =>
    appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'client.export',
      targetType: 'client_list',
      details: { filters: q, rows, truncated: first.total > MAX_EXPORT_ROWS },
    }),
  );

  const stream = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  book.creator = stamp;
  const sheet = book.addWorksheet('客户 Clients');
  sheet.columns = [
    { header: '客户编号 Code', key: 'code', width: 13 },
    { header: '客户名称 Name', key: 'name', width: 30 },
    { header: '类型 Kind', key: 'kind', width: 8 },
    { header: '等级 Tier', key: 'tier', width: 10 },
    { header: '状态 Status', key: 'status', width: 10 },
    { header: '证件号码/信用代码 ID', key: 'identifier', width: 22 },
    { header: '手机 Mobile', key: 'mobile', width: 14 },
    { header: '客户经理 RM', key: 'owner', width: 10 },
    { header: '机构 Branch', key: 'branch', width: 10 },
    { header: '最近更新 Updated', key: 'updated', width: 20 },
  ];
  // Runs after the response has started: failures end the stream and are logged.
  void (async () => {
    try {
      const pageSize = 1000;
      for (let page = 1; (page - 1) * pageSize < rows; page++) {
        const { rows: batch } = await listClients(ctx.db, scope, { ...q, terms, page, pageSize });
        for (const r of batch.slice(0, rows - (page - 1) * pageSize)) {
          const c = presentSummary(r, ctx.vault);
          sheet
            .addRow({
              code: c.code,
              name: c.name,
              kind: c.kind === 'individual' ? '个人' : '企业',
              tier: TIER_ZH[c.tier],
              status: STATUS_ZH[c.status],
              identifier: c.identifier ?? '',
              mobile: c.mobile ?? '',
              owner: c.owner.displayName,
              branch: c.branch.name,
              updated: c.updatedAt.slice(0, 19).replace('T', ' '),
            })
            .commit();
        }
      }
      sheet.addRow([]).commit();
      sheet
        .addRow([`导出人 Exported by ${stamp}; 敏感信息已脱敏 sensitive values masked; ${rows} 条 rows`])
        .commit();
      sheet.commit();
      await book.commit();
    } catch (err) {
      ctx.log.error({ err }, 'export failed');
      stream.destroy(err as Error);
    }
  })();
  return { stream, filename: `clients-${bankToday(ctx.now)}.xlsx` };
}
