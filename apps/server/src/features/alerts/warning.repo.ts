import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../db/dialect.ts';
import type { AlertTable } from '../../db/schema.ts';
import { chunks, runChunked } from '../accounts/accounts.repo.ts';

export type AlertRow = Selectable<AlertTable>;

/** The rules the engine runs: enabled and with a version in force. */
export async function listEnabledRules(tx: Tx | Db) {
  return tx
    .selectFrom('warning_rules')
    .select(['id', 'code', 'version', 'definition'])
    .where('enabled', '=', 1)
    .where('version', '>', 0)
    .orderBy('id')
    .execute();
}

/** Switches a rule off after it failed at run time; the reason stays on the rule. */
export async function markRuleFailed(tx: Tx, ruleId: number, message: string, at: string) {
  await tx
    .updateTable('warning_rules')
    .set({ enabled: 0, status: 'failed', failure: message.slice(0, 500), updated_at: at })
    .where('id', '=', ruleId)
    .execute();
}

/**
 * Who each client is for the rules (kind, tier) and whose alert it is (the owner). With `lock`
 * (PostgreSQL) the clients' rows are locked in id order until the transaction ends: two batches
 * judging the same client take turns, so neither overwrites the other's warning state or opens
 * the same alert twice.
 */
export async function findSubjects(tx: Tx, clientIds: number[], lock = false) {
  const out: { id: number; kind: string; tier: string; owner_id: number | null }[] = [];
  for (const part of chunks(
    [...clientIds].sort((a, b) => a - b),
    1000,
  )) {
    const q = tx
      .selectFrom('clients')
      .select(['id', 'kind', 'tier', 'owner_id'])
      .where('id', 'in', part)
      .orderBy('id');
    out.push(...(await (lock ? q.forUpdate() : q).execute()));
  }
  return out;
}

/**
 * One column of the clients' saved states by client: `revision` (small: read first, to learn
 * which states this process holds already) or `state` (the JSON, for the others).
 */
export async function findWarningStates(tx: Tx, clientIds: number[], column: 'revision' | 'state') {
  const out = new Map<number, string>();
  for (const part of chunks(clientIds, 1000))
    for (const r of await tx
      .selectFrom('warning_states')
      .select(['client_id', column])
      .where('client_id', 'in', part)
      .execute())
      out.set(Number(r.client_id), r[column]);
  return out;
}

/** The clients' accounts (balance, newest movement), to seed a state that does not exist yet. */
export async function findClientAccounts(tx: Tx, clientIds: number[]) {
  const out: {
    id: number;
    client_id: number;
    kind: string;
    currency: string;
    balance_minor: number;
    balance_as_of: string | null;
  }[] = [];
  for (const part of chunks(clientIds, 1000))
    out.push(
      ...(await tx
        .selectFrom('accounts')
        .select(['id', 'client_id', 'kind', 'currency', 'balance_minor', 'balance_as_of'])
        .where('client_id', 'in', part)
        .execute()),
    );
  return out;
}

export async function saveWarningStates(
  tx: Tx,
  rows: { client_id: number; state: string; updated_at: string; revision: string }[],
) {
  await runChunked(tx, 'saveWarningStates', rows, (part) =>
    tx
      .insertInto('warning_states')
      .values(part)
      .onConflict((oc) =>
        oc.column('client_id').doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          updated_at: eb.ref('excluded.updated_at'),
          revision: eb.ref('excluded.revision'),
        })),
      ),
  );
}

/**
 * The clients' alerts that are not resolved yet (at most one per rule and client), without their
 * evidence: most batches add none, so it is read only for the alerts that gain some.
 */
export async function findOpenAlerts(tx: Tx, clientIds: number[]) {
  const out: { id: number; rule_id: number; client_id: number; hits: number }[] = [];
  for (const part of chunks(clientIds, 1000))
    out.push(
      ...(await tx
        .selectFrom('alerts')
        .select(['id', 'rule_id', 'client_id', 'hits'])
        .where('client_id', 'in', part)
        .where('status', '<>', 'resolved')
        .execute()),
    );
  return out;
}

export async function findAlertEvidence(tx: Tx, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const part of chunks(ids, 1000))
    for (const r of await tx
      .selectFrom('alerts')
      .select(['id', 'evidence'])
      .where('id', 'in', part)
      .execute())
      out.set(Number(r.id), r.evidence);
  return out;
}

export type AlertInsert = Omit<AlertRow, 'id'>;

export async function insertAlert(tx: Tx, row: AlertInsert): Promise<number> {
  const r = await tx.insertInto('alerts').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateAlertHits(
  tx: Tx,
  id: number,
  set: { hits: number; last_hit_at: string; evidence: string; updated_at: string },
) {
  await tx.updateTable('alerts').set(set).where('id', '=', id).execute();
}

export async function insertAlertEvents(
  tx: Tx,
  rows: { alert_id: number; at: string; actor_id: number | null; kind: string; detail: string | null }[],
) {
  if (rows.length > 0)
    await runChunked(tx, 'insertAlertEvents', rows, (part) => tx.insertInto('alert_events').values(part));
}
