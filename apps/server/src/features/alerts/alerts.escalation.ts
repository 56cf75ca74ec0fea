import type { Deps } from '../../core/context.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { insertNotification } from '../notifications/notifications.repo.ts';
import { publishAlerts } from './alerts.bus.ts';
import type { AlertNotice } from './warning.service.ts';

/**
 * Alerts past their SLA and not resolved go to the team lead of the owner's team: marked
 * escalated (once), a history entry, and a notification for each lead. Idempotent: an alert is
 * escalated at most once.
 */
export async function escalateOverdueAlerts(
  deps: Deps,
  now: Date,
): Promise<{ created: number; considered: number }> {
  const at = now.toISOString();
  const notices: AlertNotice[] = [];
  const considered = await deps.db.transaction().execute(async (tx) => {
    const due = await tx
      .selectFrom('alerts as a')
      .innerJoin('clients as c', 'c.id', 'a.client_id')
      .innerJoin('warning_rules as r', 'r.id', 'a.rule_id')
      .select(['a.id', 'a.client_id', 'a.severity', 'c.team_id', 'c.name', 'r.definition'])
      .where('a.status', '<>', 'resolved')
      .where('a.escalated_at', 'is', null)
      .where('a.due_at', '<', at)
      .orderBy('a.id')
      .limit(1000)
      .execute();
    for (const a of due) {
      const moved = await tx
        .updateTable('alerts')
        .set({ escalated_at: at, updated_at: at })
        .where('id', '=', a.id)
        .where('escalated_at', 'is', null)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) continue;
      await tx
        .insertInto('alert_events')
        .values({ alert_id: a.id, at, actor_id: null, kind: 'escalated', detail: null })
        .execute();
      const leads = await tx
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'team_lead')
        .where('team_id', '=', a.team_id)
        .where('active', '=', 1)
        .execute();
      const rule = (JSON.parse(a.definition) as { name: { zh: string } }).name.zh;
      for (const lead of leads)
        await insertNotification(tx, {
          user_id: lead.id,
          title: `预警超时未处理：${rule}`,
          body: `${a.name}：预警已超过处理时限，请督办。`,
          link: `/alerts/${a.id}`,
          task_id: null,
          created_at: at,
        });
      await appendAudit(tx, deps, {
        action: 'alert.status',
        actorId: null,
        clientId: Number(a.client_id),
        targetType: 'alert',
        targetId: Number(a.id),
        ip: null,
        userAgent: null,
        details: { escalated: true, leads: leads.map((l) => Number(l.id)) },
        at: now,
      });
      notices.push({ alertId: Number(a.id), clientId: Number(a.client_id), type: 'alert.updated' });
    }
    return due.length;
  });
  publishAlerts(deps, notices);
  return { created: notices.length, considered };
}
