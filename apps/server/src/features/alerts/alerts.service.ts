import type {
  Alert,
  AlertEvidence,
  AlertListQuery,
  AlertPage,
  AlertResolution,
  AlertStatus,
  AlertStatusChange,
  AlertSummary,
  RuleDefinition,
  Severity,
} from '@dossier/contract';
import type { Ctx, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { type ClientScope, authorize, clientScope } from '../../core/policy.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import { formatClientCode } from '../clients/clients.present.ts';
import { publishAlerts } from './alerts.bus.ts';
import {
  type AlertView,
  countOpenBySeverity,
  findAlert,
  findAlertsByIds,
  listAlertEvents,
  listAlerts,
  setAlertStatus,
} from './alerts.repo.ts';
import { insertAlertEvents } from './warning.repo.ts';

type SummaryRow = Omit<AlertView, 'evidence'>;

function presentSummary(r: SummaryRow, now: Date): AlertSummary {
  const definition = JSON.parse(r.rule_definition) as RuleDefinition;
  return {
    id: Number(r.id),
    rule: { id: Number(r.rule_id), code: r.rule_code, version: r.rule_version, name: definition.name },
    client: { id: Number(r.client_id), code: formatClientCode(Number(r.client_id)), name: r.client_name },
    accountId: r.account_id === null ? null : Number(r.account_id),
    severity: r.severity as Severity,
    status: r.status as AlertStatus,
    resolution: r.resolution as AlertResolution | null,
    raisedAt: r.raised_at,
    lastHitAt: r.last_hit_at,
    hits: r.hits,
    owner: r.owner_id === null ? null : { id: Number(r.owner_id), displayName: r.owner_name ?? '' },
    dueAt: r.due_at,
    overdue: r.status !== 'resolved' && r.due_at < now.toISOString(),
  };
}

export async function listAlertsFor(ctx: Ctx, q: AlertListQuery): Promise<AlertPage> {
  authorize(ctx.actor, 'alert.read');
  const scope = clientScope(ctx.actor);
  const { rows, total } = await listAlerts(ctx.db, scope, q);
  const openBySeverity: Record<Severity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const r of await countOpenBySeverity(ctx.db, scope))
    openBySeverity[r.severity as Severity] = Number(r.n);
  return {
    items: rows.map((r) => presentSummary(r, ctx.now)),
    total,
    page: q.page,
    pageSize: q.pageSize,
    openBySeverity,
  };
}

async function viewOrNotFound(ctx: Ctx, id: number): Promise<AlertView> {
  const row = await findAlert(ctx.db, clientScope(ctx.actor), id);
  if (!row)
    throw new AppError('alert.not_found', 'No such alert, or it belongs to a client outside your scope.');
  return row;
}

export async function getAlert(ctx: Ctx, id: number): Promise<Alert> {
  authorize(ctx.actor, 'alert.read');
  const row = await viewOrNotFound(ctx, id);
  const events = await listAlertEvents(ctx.db, id);
  const evidence = (JSON.parse(row.evidence) as AlertEvidence[]).slice().reverse();
  return {
    ...presentSummary(row, ctx.now),
    evidence,
    events: events.map((e) => ({
      at: e.at,
      actor: e.actor ?? null,
      kind: e.kind as Alert['events'][number]['kind'],
      detail: e.detail,
    })),
  };
}

const NEXT: Record<AlertStatus, readonly AlertStatus[]> = {
  open: ['acknowledged', 'in_progress', 'resolved'],
  acknowledged: ['in_progress', 'resolved'],
  in_progress: ['resolved'],
  resolved: [],
};

/** open → acknowledged → in progress → resolved (confirmed risk, false positive, no action needed). */
export async function changeAlertStatus(ctx: Ctx, id: number, c: AlertStatusChange): Promise<Alert> {
  authorize(ctx.actor, 'alert.work');
  const row = await viewOrNotFound(ctx, id);
  const from = row.status as AlertStatus;
  if (!NEXT[from].includes(c.status))
    throw new AppError(
      'alert.invalid_transition',
      from === 'resolved'
        ? 'This alert is resolved; a new hit of its rule opens a new alert.'
        : `An alert that is ${from} cannot become ${c.status}.`,
      { field: 'status' },
    );
  const at = ctx.now.toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const moved = await setAlertStatus(tx, id, from, {
      status: c.status,
      resolution: c.resolution ?? null,
      updated_at: at,
    });
    if (!moved)
      throw new AppError(
        'alert.invalid_transition',
        'Someone changed this alert meanwhile: reload it and try again.',
      );
    await insertAlertEvents(tx, [
      {
        alert_id: id,
        at,
        actor_id: ctx.actor.id,
        kind: 'status',
        detail: c.resolution ? `${c.status}:${c.resolution}` : c.status,
      },
      ...(c.comment
        ? [{ alert_id: id, at, actor_id: ctx.actor.id, kind: 'comment', detail: c.comment }]
        : []),
    ]);
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'alert.status',
      clientId: Number(row.client_id),
      targetType: 'alert',
      targetId: id,
      details: { from, to: c.status, resolution: c.resolution ?? null },
    });
  });
  publishAlerts(ctx, [{ alertId: id, clientId: Number(row.client_id), type: 'alert.updated' }]);
  return getAlert(ctx, id);
}

export async function commentOnAlert(ctx: Ctx, id: number, comment: string): Promise<Alert> {
  authorize(ctx.actor, 'alert.work');
  const row = await viewOrNotFound(ctx, id);
  const at = ctx.now.toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await insertAlertEvents(tx, [
      { alert_id: id, at, actor_id: ctx.actor.id, kind: 'comment', detail: comment },
    ]);
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'alert.comment',
      clientId: Number(row.client_id),
      targetType: 'alert',
      targetId: id,
    });
  });
  return getAlert(ctx, id);
}

/** The alerts among `ids` the viewer may see, as the stream sends them. */
export async function alertsVisibleTo(
  deps: Deps,
  scope: ClientScope,
  ids: number[],
  now: Date,
): Promise<AlertSummary[]> {
  return (await findAlertsByIds(deps.db, scope, ids)).map((r) => presentSummary(r, now));
}
