import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../db/dialect.ts';
import type { WarningRuleTable, WarningRuleVersionTable } from '../../db/schema.ts';

export type RuleRow = Selectable<WarningRuleTable>;
export type RuleVersionRow = Selectable<WarningRuleVersionTable>;

export async function listRuleRows(tx: Tx | Db): Promise<RuleRow[]> {
  return tx.selectFrom('warning_rules').selectAll().orderBy('id').execute();
}

export async function findRuleRow(tx: Tx | Db, id: number, forUpdate = false): Promise<RuleRow | undefined> {
  let q = tx.selectFrom('warning_rules').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findRuleByCode(tx: Tx | Db, code: string): Promise<RuleRow | undefined> {
  return tx.selectFrom('warning_rules').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertRule(tx: Tx, row: Omit<RuleRow, 'id'>): Promise<number> {
  const r = await tx.insertInto('warning_rules').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateRule(tx: Tx, id: number, set: Partial<Omit<RuleRow, 'id' | 'code'>>) {
  await tx.updateTable('warning_rules').set(set).where('id', '=', id).execute();
}

export async function insertRuleVersion(tx: Tx, row: Omit<RuleVersionRow, 'id'>): Promise<number> {
  const r = await tx
    .insertInto('warning_rule_versions')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateRuleVersion(tx: Tx, id: number, set: Partial<Omit<RuleVersionRow, 'id'>>) {
  await tx.updateTable('warning_rule_versions').set(set).where('id', '=', id).execute();
}

/** Versions waiting for a second person, with the proposer's name. */
export async function listPendingVersions(tx: Tx | Db, ruleIds?: number[]) {
  let q = tx
    .selectFrom('warning_rule_versions as v')
    .leftJoin('users as u', 'u.id', 'v.proposed_by')
    .select([
      'v.id',
      'v.rule_id',
      'v.version',
      'v.definition',
      'v.enable',
      'v.proposed_by',
      'v.proposed_at',
      'u.display_name as proposer',
    ])
    .where('v.state', '=', 'pending');
  if (ruleIds) q = q.where('v.rule_id', 'in', ruleIds.length > 0 ? ruleIds : [0]);
  return q.orderBy('v.id').execute();
}

export async function latestVersionNumber(tx: Tx, ruleId: number): Promise<number> {
  const r = await tx
    .selectFrom('warning_rule_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('rule_id', '=', ruleId)
    .executeTakeFirst();
  return Number(r?.v ?? 0);
}

export async function listRuleVersions(tx: Tx | Db, ruleId: number) {
  return tx
    .selectFrom('warning_rule_versions as v')
    .leftJoin('users as p', 'p.id', 'v.proposed_by')
    .leftJoin('users as d', 'd.id', 'v.decided_by')
    .select([
      'v.version',
      'v.state',
      'v.enable',
      'v.definition',
      'v.proposed_at',
      'v.decided_at',
      'v.note',
      'p.display_name as proposer',
      'd.display_name as decider',
    ])
    .where('v.rule_id', '=', ruleId)
    .orderBy('v.version', 'desc')
    .execute();
}

/** Per rule: alerts raised since `since30`, resolved and confirmed (all time). */
export async function ruleAlertCounts(tx: Tx | Db, since30: string) {
  return tx
    .selectFrom('alerts')
    .select((eb) => [
      'rule_id',
      eb.fn.sum<number>(eb.case().when('raised_at', '>=', since30).then(1).else(0).end()).as('recent'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'resolved').then(1).else(0).end()).as('resolved'),
      eb.fn
        .sum<number>(eb.case().when('resolution', '=', 'confirmed_risk').then(1).else(0).end())
        .as('confirmed'),
    ])
    .groupBy('rule_id')
    .execute();
}

/** Alerts raised since `since` with the time of the first thing a person did on each. */
export async function firstActions(tx: Tx | Db, since: string) {
  return tx
    .selectFrom('alerts as a')
    .innerJoin('alert_events as e', 'e.alert_id', 'a.id')
    .select((eb) => ['a.rule_id', 'a.raised_at', eb.fn.min('e.at').as('acted_at')])
    .where('a.raised_at', '>=', since)
    .where('e.actor_id', 'is not', null)
    .groupBy(['a.id', 'a.rule_id', 'a.raised_at'])
    .execute();
}
