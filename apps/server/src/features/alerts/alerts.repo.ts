import type { AlertListQuery } from '@dossier/contract';
import type { ClientScope } from '../../core/policy.ts';
import type { Db, Tx } from '../../db/dialect.ts';
import { inScope } from '../clients/clients.repo.ts';

/** Alerts with their rule, client and owner, within a scope: the only way alerts are read for people. */
function scoped(tx: Tx | Db, scope: ClientScope) {
  return tx
    .selectFrom('alerts as a')
    .innerJoin('clients as c', 'c.id', 'a.client_id')
    .innerJoin('warning_rules as r', 'r.id', 'a.rule_id')
    .leftJoin('users as o', 'o.id', 'a.owner_id')
    .where(inScope(scope));
}

const COLUMNS = [
  'a.id',
  'a.rule_id',
  'a.rule_version',
  'a.client_id',
  'a.account_id',
  'a.severity',
  'a.status',
  'a.resolution',
  'a.raised_at',
  'a.last_hit_at',
  'a.hits',
  'a.owner_id',
  'a.due_at',
  'a.escalated_at',
  'r.code as rule_code',
  'r.definition as rule_definition',
  'c.name as client_name',
  'o.display_name as owner_name',
] as const;

export async function listAlerts(tx: Tx | Db, scope: ClientScope, q: AlertListQuery) {
  let base = scoped(tx, scope);
  if (q.status) base = base.where('a.status', '=', q.status);
  if (q.severity) base = base.where('a.severity', '=', q.severity);
  if (q.clientId) base = base.where('a.client_id', '=', q.clientId);
  if (q.ruleCode) base = base.where('r.code', '=', q.ruleCode);
  const rows = await base
    .select(COLUMNS)
    .orderBy('a.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}

export async function countOpenBySeverity(tx: Tx | Db, scope: ClientScope) {
  return scoped(tx, scope)
    .select(['a.severity', (eb) => eb.fn.countAll().as('n')])
    .where('a.status', '<>', 'resolved')
    .groupBy('a.severity')
    .execute();
}

export async function findAlert(tx: Tx | Db, scope: ClientScope, id: number) {
  return scoped(tx, scope)
    .select([...COLUMNS, 'a.evidence'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}
export type AlertView = NonNullable<Awaited<ReturnType<typeof findAlert>>>;

/**
 * Alerts by id with what decides who may see them (the client's owner, team, branch, merge and
 * co-servicers): read once per published batch, then filtered for each open stream in memory.
 */
export async function findAlertsForStream(tx: Tx | Db, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await scoped(tx, { kind: 'all' })
    .select([...COLUMNS, 'c.owner_id as client_owner_id', 'c.team_id', 'c.branch_id'])
    .where('a.id', 'in', ids)
    .execute();
  const clientIds = [...new Set(rows.map((r) => Number(r.client_id)))];
  const co = clientIds.length
    ? await tx
        .selectFrom('client_co_servicers')
        .select(['client_id', 'user_id'])
        .where('client_id', 'in', clientIds)
        .execute()
    : [];
  return rows.map((r) => ({
    ...r,
    co_servicers: co.filter((c) => Number(c.client_id) === Number(r.client_id)).map((c) => Number(c.user_id)),
  }));
}
export type StreamRow = Awaited<ReturnType<typeof findAlertsForStream>>[number];

export async function listAlertEvents(tx: Tx | Db, alertId: number) {
  return tx
    .selectFrom('alert_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.at', 'e.kind', 'e.detail', 'u.display_name as actor'])
    .where('e.alert_id', '=', alertId)
    .orderBy('e.id')
    .execute();
}

/** Moves an alert on from the status it was read in; false when someone moved it meanwhile. */
export async function setAlertStatus(
  tx: Tx,
  id: number,
  from: string,
  set: { status: string; resolution: string | null; updated_at: string },
): Promise<boolean> {
  const r = await tx
    .updateTable('alerts')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertAlertAction(
  tx: Tx,
  row: {
    alert_id: number;
    kind: string;
    status: string;
    note: string;
    proposed_limit_minor: number | null;
    task_id: number | null;
    requested_by: number;
    requested_at: string;
  },
): Promise<number> {
  const r = await tx
    .insertInto('alert_actions')
    .values({ ...row, decided_by: null, decided_at: null, decision_note: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function listAlertActions(tx: Tx | Db, alertId: number) {
  return tx
    .selectFrom('alert_actions as x')
    .innerJoin('users as q', 'q.id', 'x.requested_by')
    .leftJoin('users as d', 'd.id', 'x.decided_by')
    .select([
      'x.id',
      'x.kind',
      'x.status',
      'x.note',
      'x.proposed_limit_minor',
      'x.task_id',
      'x.requested_by',
      'x.requested_at',
      'x.decided_by',
      'x.decided_at',
      'x.decision_note',
      'q.display_name as requester',
      'd.display_name as decider',
    ])
    .where('x.alert_id', '=', alertId)
    .orderBy('x.id')
    .execute();
}

/** Decides a pending request; false when it was not pending any more. */
export async function decideAlertAction(
  tx: Tx,
  id: number,
  set: { status: string; decided_by: number; decided_at: string; decision_note: string | null },
): Promise<boolean> {
  const r = await tx
    .updateTable('alert_actions')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
