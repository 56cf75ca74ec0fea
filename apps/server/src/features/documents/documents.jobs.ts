import type { DocumentKind, DocumentStatus } from '@dossier/contract';
import type { Deps } from '../../core/context.ts';
import type { Tx } from '../../db/dialect.ts';
import { raiseTask } from '../tasks/tasks.service.ts';
import {
  type ExpiringDocument,
  type ExpiryReminder,
  REMINDER_DAYS,
  expiryReminders,
} from './documents.expiry.ts';
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

/** Raises the task of one reminder for the client's RM; null when it was raised before. */
function raiseExpiryTask(
  tx: Tx,
  deps: Pick<Deps, 'dialect'>,
  r: ExpiryReminder,
  owner: { id: number; clientName: string },
  now: Date,
) {
  return raiseTask(
    tx,
    deps,
    {
      clientId: r.clientId,
      assigneeId: owner.id,
      title: `${KIND_ZH[r.kind] ?? '材料'}将于${r.daysLeft}天后到期：${owner.clientName}`,
      detail: `到期日 ${r.expiresOn}：请收取新证件并上传为新版本。`,
      dueOn: r.expiresOn,
      priority: r.mark === 7 ? 'high' : r.mark === 30 ? 'medium' : 'low',
      source: 'document_expiry',
      sourceKey: r.sourceKey,
    },
    now,
    null,
  );
}

/**
 * Called when a version is stored: if it already expires within 60 days, its reminder is raised
 * now rather than at the next daily run.
 */
export async function remindIfExpiringSoon(
  tx: Tx,
  deps: Pick<Deps, 'dialect'>,
  version: ExpiringDocument,
  owner: { id: number; clientName: string },
  now: Date,
): Promise<void> {
  for (const r of expiryReminders([version], now.toISOString().slice(0, 10)))
    await raiseExpiryTask(tx, deps, r, owner, now);
}

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
      if (
        (await raiseExpiryTask(
          tx,
          deps,
          r,
          { id: Number(row.owner_id), clientName: row.client_name },
          now,
        )) !== null
      )
        created++;
    }
  });
  return { created, considered: due.length };
}
