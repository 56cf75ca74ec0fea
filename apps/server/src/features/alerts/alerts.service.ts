import type {
  Alert,
  AlertAction,
  AlertActionDecision,
  AlertActionKind,
  AlertActionRequest,
  AlertActionStatus,
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
import type { Tx } from '../../db/dialect.ts';
import { AppError } from '../../core/errors.ts';
import { type ClientScope, authorize, clientScope } from '../../core/policy.ts';
import { addDays, bankDay } from '../../finance/ledger.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import { formatClientCode } from '../clients/clients.present.ts';
import { enqueue } from '../outbox/outbox.service.ts';
import { raiseTask } from '../tasks/tasks.service.ts';
import { publishAlerts } from './alerts.bus.ts';
import {
  type AlertView,
  countOpenBySeverity,
  decideAlertAction,
  type StreamRow,
  findAlert,
  findAlertsForStream,
  insertAlertAction,
  listAlertActions,
  listAlertEvents,
  listAlerts,
  setAlertStatus,
} from './alerts.repo.ts';
import { insertAlertEvents } from './warning.repo.ts';
import type { AlertNotice } from './warning.service.ts';

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
  const actions = await listAlertActions(ctx.db, id);
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
    actions: actions.map(
      (a): AlertAction => ({
        id: Number(a.id),
        kind: a.kind as AlertActionKind,
        status: a.status as AlertActionStatus,
        note: a.note,
        proposedLimitMinor: a.proposed_limit_minor === null ? null : Number(a.proposed_limit_minor),
        taskId: a.task_id === null ? null : Number(a.task_id),
        requestedBy: a.requester,
        requestedById: Number(a.requested_by),
        requestedAt: a.requested_at,
        decidedBy: a.decider ?? null,
        decidedById: a.decided_by === null ? null : Number(a.decided_by),
        decidedAt: a.decided_at,
        decisionNote: a.decision_note,
      }),
    ),
  };
}

const ACTION_TITLE: Record<AlertActionKind, string> = {
  contact_task: '预警跟进：联系客户',
  limit_review: '预警处置：额度复核',
  freeze: '预警处置：冻结申请',
};

/**
 * A playbook action from an alert. A contact task goes to the client's RM at once (the task
 * system tells them); a limit review or a freeze is a request that waits for a risk officer.
 * The alert moves to "in progress" if it was not yet, and its history records the action.
 */
export async function requestAlertAction(ctx: Ctx, id: number, r: AlertActionRequest): Promise<Alert> {
  authorize(ctx.actor, 'alert.work');
  const row = await viewOrNotFound(ctx, id);
  if (row.status === 'resolved')
    throw new AppError(
      'alert.invalid_transition',
      'This alert is resolved: no further actions are taken from it.',
    );
  const at = ctx.now.toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    let taskId: number | null = null;
    if (r.kind === 'contact_task') {
      taskId = await raiseTask(
        tx,
        ctx,
        {
          clientId: Number(row.client_id),
          assigneeId: Number(row.owner_id ?? ctx.actor.id),
          title: `${ACTION_TITLE.contact_task}（${(JSON.parse(row.rule_definition) as RuleDefinition).name.zh}）`,
          detail: r.note,
          dueOn: r.dueOn ?? addDays(bankDay(at), 1),
          priority: row.severity === 'low' ? 'medium' : 'high',
          source: 'alert',
          sourceKey: `alert:${id}:${at}:${ctx.actor.id}`,
        },
        ctx.now,
        ctx.actor.id,
      );
    }
    const actionId = await insertAlertAction(tx, {
      alert_id: id,
      kind: r.kind,
      status: r.kind === 'contact_task' ? 'done' : 'pending',
      note: r.note,
      proposed_limit_minor: r.proposedLimitMinor ?? null,
      task_id: taskId,
      requested_by: ctx.actor.id,
      requested_at: at,
    });
    const moves = row.status !== 'in_progress';
    await insertAlertEvents(tx, [
      { alert_id: id, at, actor_id: ctx.actor.id, kind: 'action', detail: `${r.kind}:requested` },
      ...(moves ? [{ alert_id: id, at, actor_id: ctx.actor.id, kind: 'status', detail: 'in_progress' }] : []),
    ]);
    if (moves)
      await setAlertStatus(tx, id, row.status, { status: 'in_progress', resolution: null, updated_at: at });
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'alert.action',
      clientId: Number(row.client_id),
      targetType: 'alert_action',
      targetId: actionId,
      details: { alertId: id, kind: r.kind, proposedLimitMinor: r.proposedLimitMinor ?? null },
    });
  });
  publishAlerts(ctx, [{ alertId: id, clientId: Number(row.client_id), type: 'alert.updated' }]);
  return getAlert(ctx, id);
}

/**
 * A risk officer's decision on a limit review or a freeze request (not their own). Approved, it
 * is announced to core banking through the outbox (`alert.action.approved`) in the same
 * transaction; the outcome is recorded on the alert either way.
 */
export async function decideAlertActionFor(
  ctx: Ctx,
  alertId: number,
  actionId: number,
  d: AlertActionDecision,
): Promise<Alert> {
  authorize(ctx.actor, 'alert.decide');
  const row = await viewOrNotFound(ctx, alertId);
  const action = (await listAlertActions(ctx.db, alertId)).find((a) => Number(a.id) === actionId);
  if (!action) throw new AppError('action.not_found', 'No such action on this alert.');
  if (action.status !== 'pending')
    throw new AppError('action.already_decided', `This request was already ${action.status}.`);
  if (Number(action.requested_by) === ctx.actor.id)
    throw new AppError(
      'action.self_approval',
      'You made this request, so another risk officer must decide it (maker-checker).',
    );
  const at = ctx.now.toISOString();
  const status = d.approve ? 'approved' : 'rejected';
  await ctx.db.transaction().execute(async (tx) => {
    const decided = await decideAlertAction(tx, actionId, {
      status,
      decided_by: ctx.actor.id,
      decided_at: at,
      decision_note: d.note ?? null,
    });
    if (!decided) throw new AppError('action.already_decided', 'Someone decided this request meanwhile.');
    await insertAlertEvents(tx, [
      { alert_id: alertId, at, actor_id: ctx.actor.id, kind: 'action', detail: `${action.kind}:${status}` },
    ]);
    if (d.approve)
      await enqueue(
        tx,
        'alert.action.approved',
        {
          alertId,
          actionId,
          kind: action.kind,
          clientId: Number(row.client_id),
          clientCode: formatClientCode(Number(row.client_id)),
          accountId: row.account_id === null ? null : Number(row.account_id),
          proposedLimitMinor:
            action.proposed_limit_minor === null ? null : Number(action.proposed_limit_minor),
          note: action.note,
          approvedBy: ctx.actor.username,
          approvedAt: at,
        },
        ctx.now,
      );
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'alert.decide',
      clientId: Number(row.client_id),
      targetType: 'alert_action',
      targetId: actionId,
      details: { alertId, kind: action.kind, decision: status, note: d.note ?? null },
    });
  });
  publishAlerts(ctx, [{ alertId, clientId: Number(row.client_id), type: 'alert.updated' }]);
  return getAlert(ctx, alertId);
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

/** Who sees an alert: its client's owner, team, branch and co-servicers. */
export type AlertAudience = {
  ownerId: number | null;
  teamId: number | null;
  branchId: number | null;
  coServicers: number[];
};
/** An alert as the live streams send it, with who may see it. */
export type StreamAlert = { summary: AlertSummary; audience: AlertAudience };

/** Whether a scope sees a client, from its audience (the same rule as `inScope`, in memory). */
function sees(scope: ClientScope, a: AlertAudience): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'branch':
      return a.branchId === scope.branchId;
    case 'team':
      return a.teamId === scope.teamId;
    case 'own':
      return a.ownerId === scope.userId || a.coServicers.includes(scope.userId);
  }
}

function streamAlertOf(r: StreamRow, now: Date): StreamAlert {
  return {
    summary: presentSummary(r, now),
    audience: {
      ownerId: r.client_owner_id === null ? null : Number(r.client_owner_id),
      teamId: r.team_id === null ? null : Number(r.team_id),
      branchId: r.branch_id === null ? null : Number(r.branch_id),
      coServicers: r.co_servicers,
    },
  };
}

/** Notices with their alerts as the streams send them, read in the transaction that changed them. */
export async function withStreamAlerts(tx: Tx, notices: AlertNotice[], now: Date): Promise<AlertNotice[]> {
  if (notices.length === 0) return notices;
  const rows = await findAlertsForStream(
    tx,
    notices.map((n) => n.alertId),
  );
  const byId = new Map(rows.map((r) => [Number(r.id), streamAlertOf(r, now)]));
  return notices.map((n) => ({ ...n, alert: byId.get(n.alertId) }));
}

/**
 * The alerts of a published batch as a stream sends them. Notices that carry their alert (ingest)
 * need no query; the others are read once per batch and process (the same array of notices
 * reaches every stream of the process). Each viewer's scope is applied in memory.
 */
const streamReads = new WeakMap<object, Promise<Map<number, StreamAlert>>>();
export async function alertsVisibleTo(
  deps: Deps,
  scope: ClientScope,
  notices: AlertNotice[],
  now: Date,
): Promise<{ type: AlertNotice['type']; alert: AlertSummary }[]> {
  const missing = notices.filter((n) => !n.alert);
  let read: Promise<Map<number, StreamAlert>> | undefined;
  if (missing.length > 0) {
    read = streamReads.get(notices);
    if (!read) {
      read = findAlertsForStream(
        deps.db,
        missing.map((n) => n.alertId),
      ).then((rows) => new Map(rows.map((r) => [Number(r.id), streamAlertOf(r, now)])));
      streamReads.set(notices, read);
    }
  }
  const fetched = read ? await read : null;
  const out: { type: AlertNotice['type']; alert: AlertSummary }[] = [];
  for (const n of notices) {
    const a = n.alert ?? fetched?.get(n.alertId);
    if (!a || !sees(scope, a.audience)) continue;
    const s = a.summary;
    out.push({
      type: n.type,
      alert: { ...s, overdue: s.status !== 'resolved' && s.dueAt < now.toISOString() },
    });
  }
  return out;
}
