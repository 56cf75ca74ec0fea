import type { ClientKind, ClientStatus, Tier } from '@dossier/contract';
import { type ExpressionBuilder, type Insertable, type Selectable, type Updateable, sql } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { ClientScope } from '../../core/policy.ts';
import type { Dialect, Tx } from '../../db/dialect.ts';
import type { ClientContactTable, ClientTable, Database } from '../../db/schema.ts';
import { prefixEnd } from './search-keys.ts';

export type ClientRow = Selectable<ClientTable>;
export type ClientInsert = Insertable<ClientTable>;
export type ClientUpdate = Updateable<ClientTable>;
type CEb = ExpressionBuilder<Database & { c: ClientTable }, 'c'>;

/** The WHERE clause of a data scope. Every client query goes through it. */
export function inScope(scope: ClientScope) {
  return (eb: CEb) => {
    // A file merged into another lives on only as history: no scope sees it as a client.
    const live = eb('c.merged_into', 'is', null);
    switch (scope.kind) {
      case 'all':
        return live;
      case 'none':
        return sql<boolean>`1 = 0`;
      case 'branch':
        return eb.and([live, eb('c.branch_id', '=', scope.branchId)]);
      case 'team':
        return eb.and([live, eb('c.team_id', '=', scope.teamId)]);
      case 'own':
        return eb.and([
          live,
          eb.or([
            eb('c.owner_id', '=', scope.userId),
            eb(
              'c.id',
              'in',
              eb.selectFrom('client_co_servicers').select('client_id').where('user_id', '=', scope.userId),
            ),
          ]),
        ]);
    }
  };
}

/** Translates the unique indexes of clients into the errors a user understands. */
function translateUnique(d: Dialect, err: unknown): never {
  const v = d.uniqueViolation(err);
  if (v?.index === 'clients_id_number_hash') {
    throw new AppError('client.duplicate_id_number', 'A client with this ID number already exists.', {
      field: 'idNumber',
    });
  }
  if (v?.index === 'clients_credit_code') {
    throw new AppError(
      'client.duplicate_credit_code',
      'A company with this unified social credit code already exists.',
      {
        field: 'creditCode',
      },
    );
  }
  throw err;
}

export async function insertClient(tx: Tx, d: Dialect, row: ClientInsert): Promise<number> {
  try {
    const r = await tx.insertInto('clients').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  } catch (err) {
    translateUnique(d, err);
  }
}

/** Applies an update only if the row is still at `expectedVersion`. Returns false when it was not. */
export async function updateClientAtVersion(
  tx: Tx,
  d: Dialect,
  id: number,
  expectedVersion: number,
  changes: ClientUpdate,
): Promise<boolean> {
  try {
    const r = await tx
      .updateTable('clients')
      .set({ ...changes, version: expectedVersion + 1 })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  } catch (err) {
    translateUnique(d, err);
  }
}

export type ClientDetailRow = ClientRow & { owner_name: string; team_name: string; branch_name: string };

export async function findClientInScope(
  tx: Tx,
  scope: ClientScope,
  id: number,
): Promise<ClientDetailRow | undefined> {
  return tx
    .selectFrom('clients as c')
    .innerJoin('users as o', 'o.id', 'c.owner_id')
    .innerJoin('teams as t', 't.id', 'c.team_id')
    .innerJoin('branches as b', 'b.id', 'c.branch_id')
    .selectAll('c')
    .select(['o.display_name as owner_name', 't.name as team_name', 'b.name as branch_name'])
    .where('c.id', '=', id)
    .where(inScope(scope))
    .executeTakeFirst();
}

export async function findClientIdByIdNumberHash(tx: Tx, hash: string) {
  return tx
    .selectFrom('clients')
    .select(['id', 'name'])
    .where('id_number_hash', '=', hash)
    .executeTakeFirst();
}

export async function findClientIdByCreditCode(tx: Tx, code: string) {
  return tx.selectFrom('clients').select(['id', 'name']).where('credit_code', '=', code).executeTakeFirst();
}

export async function isClientInScope(tx: Tx, scope: ClientScope, id: number): Promise<boolean> {
  const r = await tx
    .selectFrom('clients as c')
    .select('c.id')
    .where('c.id', '=', id)
    .where(inScope(scope))
    .executeTakeFirst();
  return r !== undefined;
}

export async function listContacts(tx: Tx, clientId: number): Promise<Selectable<ClientContactTable>[]> {
  return tx
    .selectFrom('client_contacts')
    .selectAll()
    .where('client_id', '=', clientId)
    .orderBy('position')
    .execute();
}

/**
 * Makes the client's contacts exactly `rows`, in order: rows with an id are updated in place (ids
 * stay stable), the others inserted, and contacts not named are deleted.
 */
export async function saveContacts(
  tx: Tx,
  clientId: number,
  rows: (Omit<Insertable<ClientContactTable>, 'client_id' | 'id'> & { id?: number })[],
): Promise<void> {
  const keep = rows.flatMap((r) => (r.id === undefined ? [] : [r.id]));
  let del = tx.deleteFrom('client_contacts').where('client_id', '=', clientId);
  if (keep.length > 0) del = del.where('id', 'not in', keep);
  await del.execute();
  for (const { id, ...r } of rows) {
    if (id === undefined)
      await tx
        .insertInto('client_contacts')
        .values({ ...r, client_id: clientId })
        .execute();
    else
      await tx
        .updateTable('client_contacts')
        .set(r)
        .where('id', '=', id)
        .where('client_id', '=', clientId)
        .execute();
  }
}

export async function listCoServicers(tx: Tx, clientId: number) {
  return tx
    .selectFrom('client_co_servicers as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.display_name'])
    .where('s.client_id', '=', clientId)
    .orderBy('u.username')
    .execute();
}

export async function replaceCoServicers(tx: Tx, clientId: number, userIds: number[]): Promise<void> {
  await tx.deleteFrom('client_co_servicers').where('client_id', '=', clientId).execute();
  if (userIds.length > 0) {
    await tx
      .insertInto('client_co_servicers')
      .values(userIds.map((user_id) => ({ client_id: clientId, user_id })))
      .execute();
  }
}

/** Users by id with their role and org, to check owners and co-servicers. */
export async function findUsersForServicing(tx: Tx, ids: number[]) {
  if (ids.length === 0) return [];
  return tx
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'team_id', 'branch_id', 'active'])
    .where('id', 'in', ids)
    .execute();
}

export type SearchTerms = {
  /** Name prefix (as typed). */
  name?: string;
  /** Lower-case latin prefix, matched against full pinyin and initials. */
  pinyin?: string;
  idNumberHash?: string;
  mobileHash?: string;
  emailHash?: string;
  creditCode?: string;
  clientId?: number;
};

export type ClientFilters = {
  kind?: ClientKind | undefined;
  tier?: Tier | undefined;
  status?: ClientStatus | undefined;
  ownerId?: number | undefined;
};

function matchAny(eb: CEb, t: SearchTerms) {
  const ors = [];
  if (t.name) ors.push(eb.and([eb('c.name', '>=', t.name), eb('c.name', '<', prefixEnd(t.name))]));
  if (t.pinyin) {
    ors.push(eb.and([eb('c.name_pinyin', '>=', t.pinyin), eb('c.name_pinyin', '<', prefixEnd(t.pinyin))]));
    ors.push(
      eb.and([eb('c.name_initials', '>=', t.pinyin), eb('c.name_initials', '<', prefixEnd(t.pinyin))]),
    );
  }
  if (t.idNumberHash) ors.push(eb('c.id_number_hash', '=', t.idNumberHash));
  if (t.mobileHash) ors.push(eb('c.mobile_hash', '=', t.mobileHash));
  if (t.emailHash) ors.push(eb('c.email_hash', '=', t.emailHash));
  if (t.creditCode) ors.push(eb('c.credit_code', '=', t.creditCode));
  if (t.clientId) ors.push(eb('c.id', '=', t.clientId));
  return ors.length > 0 ? eb.or(ors) : sql<boolean>`1 = 0`;
}

const summaryColumns = [
  'c.id',
  'c.kind',
  'c.name',
  'c.tier',
  'c.status',
  'c.tags',
  'c.owner_id',
  'c.branch_id',
  'c.id_number_enc',
  'c.mobile_enc',
  'c.credit_code',
  'c.updated_at',
  'o.display_name as owner_name',
  'b.name as branch_name',
] as const;

export async function listClients(
  tx: Tx,
  scope: ClientScope,
  f: ClientFilters & { terms: SearchTerms | null; page: number; pageSize: number },
) {
  let base = tx.selectFrom('clients as c').where(inScope(scope));
  if (f.kind) base = base.where('c.kind', '=', f.kind);
  if (f.tier) base = base.where('c.tier', '=', f.tier);
  if (f.status) base = base.where('c.status', '=', f.status);
  if (f.ownerId) base = base.where('c.owner_id', '=', f.ownerId);
  const terms = f.terms;
  if (terms) base = base.where((eb) => matchAny(eb, terms));
  const rows = await base
    .innerJoin('users as o', 'o.id', 'c.owner_id')
    .innerJoin('branches as b', 'b.id', 'c.branch_id')
    .select(summaryColumns)
    .orderBy('c.updated_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

export type ClientSummaryRow = Awaited<ReturnType<typeof listClients>>['rows'][number];

/**
 * Typeahead: one indexed query per way of matching, each limited, in order of how exact it is.
 * Returns at most `limit` distinct clients with what they matched on.
 */
export async function suggestClients(tx: Tx, scope: ClientScope, t: SearchTerms, limit: number) {
  const cols = ['c.id', 'c.kind', 'c.name', 'c.tier'] as const;
  const q = () => tx.selectFrom('clients as c').select(cols).where(inScope(scope));
  const probes: {
    matchedOn: string;
    run: () => Promise<{ id: number; kind: string; name: string; tier: string }[]>;
  }[] = [];
  const exact: [
    string,
    'c.id' | 'c.id_number_hash' | 'c.mobile_hash' | 'c.email_hash' | 'c.credit_code',
    string | number | undefined,
  ][] = [
    ['code', 'c.id', t.clientId],
    ['id_number', 'c.id_number_hash', t.idNumberHash],
    ['mobile', 'c.mobile_hash', t.mobileHash],
    ['email', 'c.email_hash', t.emailHash],
    ['credit_code', 'c.credit_code', t.creditCode],
  ];
  for (const [matchedOn, col, value] of exact) {
    if (value !== undefined)
      probes.push({ matchedOn, run: () => q().where(col, '=', value).limit(limit).execute() });
  }
  const range = (col: 'c.name' | 'c.name_pinyin' | 'c.name_initials', p: string) => () =>
    q().where(col, '>=', p).where(col, '<', prefixEnd(p)).orderBy(col).limit(limit).execute();
  if (t.name) probes.push({ matchedOn: 'name', run: range('c.name', t.name) });
  if (t.pinyin) {
    probes.push({ matchedOn: 'initials', run: range('c.name_initials', t.pinyin) });
    probes.push({ matchedOn: 'pinyin', run: range('c.name_pinyin', t.pinyin) });
  }
  const seen = new Set<number>();
  const out: { id: number; kind: string; name: string; tier: string; matchedOn: string }[] = [];
  for (const probe of probes) {
    if (out.length >= limit) break;
    for (const r of await probe.run()) {
      const id = Number(r.id);
      if (seen.has(id) || out.length >= limit) continue;
      seen.add(id);
      out.push({ ...r, id, matchedOn: probe.matchedOn });
    }
  }
  return out;
}

/** Bulk insert for seeding and imports; returns ids in input order. */
export async function insertClientBatch(tx: Tx, rows: ClientInsert[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const r = await tx.insertInto('clients').values(rows).returning('id').execute();
  return r.map((x) => Number(x.id));
}

export async function insertContactBatch(tx: Tx, rows: Insertable<ClientContactTable>[]): Promise<void> {
  if (rows.length > 0) await tx.insertInto('client_contacts').values(rows).execute();
}

export async function insertCoServicerBatch(
  tx: Tx,
  rows: { client_id: number; user_id: number }[],
): Promise<void> {
  if (rows.length > 0) await tx.insertInto('client_co_servicers').values(rows).execute();
}

export async function countClients(tx: Tx): Promise<number> {
  const r = await tx
    .selectFrom('clients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
