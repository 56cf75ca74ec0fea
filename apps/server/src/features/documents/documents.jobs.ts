import type { DocumentKind, DocumentStatus } from '@dossier/contract';
import type { Deps } from '../../core/context.ts';
import { raiseTask } from '../tasks/tasks.service.ts';
import { REMINDER_DAYS, expiryReminders } from './documents.expiry.ts';
import { listExpiringLatestVersions } from './documents.repo.ts';

const KIND_ZH: Record<string, string> = {
  id_card: '身份证',
  passport: '护照',
  business_licence: '营业执照',
  financial_statement: '财务报表',
  articles: '公司章程',
  credit_report: '征信报告',
  contract: '合同',
  other: '材料',
};

/** Job: a task for the client's RM at 60, 30 and 7 days before a document expires — once each. */
export async function raiseDocumentExpiryTasks(
  deps: Deps,
  now: Date,
): Promise<{ created: number; considered: number }> {
  const today = now.toISOString().slice(0, 10);
  const horizon = new Date(now.getTime() + REMINDER_DAYS[0] * 86_400_000).toISOString().slice(0, 10);
  const rows = await listExpiringLatestVersions(deps.db, today, horizon);
  const byVersion = new Map(rows.map((r) => [Number(r.id), r]));
  const due = expiryReminders(
    rows.map((r) => ({
      documentId: Number(r.document_id),
      versionId: Number(r.id),
      clientId: Number(r.client_id),
      kind: r.kind as DocumentKind,
      status: r.status as DocumentStatus,
      expiresOn: r.expires_on,
    })),
    today,
  );
  let created = 0;
  await deps.db.transaction().execute(async (tx) => {
    for (const r of due) {
      const row = byVersion.get(r.versionId)!;
      const id = await raiseTask(
        tx,
        deps,
        {
          clientId: r.clientId,
          assigneeId: Number(row.owner_id),
          title: `${KIND_ZH[r.kind] ?? '材料'}将于${r.daysLeft}天后到期：${row.client_name}`,
          detail: `Expires on ${r.expiresOn}: collect the renewed document and upload it as a new version.`,
          dueOn: r.expiresOn,
          priority: r.mark === 7 ? 'high' : r.mark === 30 ? 'medium' : 'low',
          source: 'document_expiry',
          sourceKey: r.sourceKey,
        },
        now,
        null,
      );
      if (id !== null) created++;
    }
  });
  return { created, considered: due.length };
}
