import {
  GROUP_KINDS,
  type GroupFinance,
  type GroupView,
  type GuaranteeCircleList,
  type GuaranteeCircleView,
  HOUSEHOLD_KINDS,
  type HouseholdView,
  type Relationship,
  type RelationshipCreate,
  type RelationshipGraph,
  type RelationshipKind,
  SYMMETRIC_KINDS,
} from '@dossier/contract';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { authorize, clientScope } from '../../core/policy.ts';
import type { Tx } from '../../db/dialect.ts';
import { guaranteeCircles, guaranteePosition } from '../../graph/guarantees.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import { findClientInScope } from '../clients/clients.repo.ts';
import { tally } from './relationships.finance.ts';
import { money, nodeKeys, presentParty, presentRelationship, sumMoney } from './relationships.present.ts';
import {
  type PartyRow,
  type RelationshipRow,
  countRelationshipsOfKind,
  deleteRelationship as deleteRelationshipRow,
  findClientKind,
  findMergedIntoAny,
  findParties,
  type GroupAccountRow,
  listOpenAccountsOf,
  findRelationship,
  insertRelationship,
  listAllGuarantees,
  listRelationshipsOf,
  totalShareholdingBp,
} from './relationships.repo.ts';

type Side = 'individual' | 'corporate' | 'any';
/** Which kinds of client each link may join, read from → to. */
const SHAPES: Record<RelationshipKind, { from: Side; to: Side }> = {
  spouse: { from: 'individual', to: 'individual' },
  parent: { from: 'individual', to: 'individual' },
  household_member: { from: 'individual', to: 'individual' },
  shareholder: { from: 'any', to: 'corporate' },
  legal_representative: { from: 'individual', to: 'corporate' },
  actual_controller: { from: 'any', to: 'corporate' },
  parent_company: { from: 'corporate', to: 'corporate' },
  related_party: { from: 'any', to: 'any' },
  guarantor: { from: 'any', to: 'any' },
};
const KIND_LABEL: Record<Side, string> = {
  individual: 'an individual',
  corporate: 'a company',
  any: 'a client',
};
/** Largest neighbourhood walked for one view: beyond it a graph is summarised, not drawn. */
const MAX_NODES = 5000;

const NOT_FOUND = () => new AppError('client.not_found', 'No such client, or it is outside your book.');
const invalid = (field: string, message: string) => new AppError('relationship.invalid', message, { field });

async function viewableClient(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'client.read');
  const row = await findClientInScope(ctx.db, clientScope(ctx.actor), id);
  if (!row) throw NOT_FOUND();
  return row;
}

/** Refuses links a bank would not record: self-links, wrong kinds of client, over-100 % holdings. */
async function checkLink(tx: Tx, fromId: number, input: RelationshipCreate) {
  if (input.toClientId === fromId) throw invalid('toClientId', 'A client cannot be linked to itself.');
  const [from, to] = await Promise.all([findClientKind(tx, fromId), findClientKind(tx, input.toClientId)]);
  if (!from) throw NOT_FOUND();
  if (!to)
    throw new AppError('client.not_found', 'The related client does not exist.', { field: 'toClientId' });
  const shape = SHAPES[input.kind];
  if (shape.from !== 'any' && from.kind !== shape.from) {
    throw invalid(
      'kind',
      `A ${input.kind.replace('_', ' ')} link starts from ${KIND_LABEL[shape.from]}; ${from.name} is not one.`,
    );
  }
  if (shape.to !== 'any' && to.kind !== shape.to) {
    throw invalid(
      'toClientId',
      `A ${input.kind.replace('_', ' ')} link points to ${KIND_LABEL[shape.to]}; ${to.name} is not one.`,
    );
  }
  if ((input.sharePct !== undefined) !== (input.kind === 'shareholder')) {
    throw invalid(
      'sharePct',
      input.kind === 'shareholder' ? 'Give the shareholding in percent.' : 'Only shareholders have a share.',
    );
  }
  if ((input.amount !== undefined) !== (input.kind === 'guarantor')) {
    throw invalid(
      'amount',
      input.kind === 'guarantor' ? 'Give the guaranteed amount.' : 'Only guarantees have an amount.',
    );
  }
  if ((input.startsOn || input.endsOn) && input.kind !== 'guarantor')
    throw invalid('startsOn', 'Only guarantees have a period.');
  if (input.startsOn && input.endsOn && input.startsOn > input.endsOn)
    throw invalid('endsOn', 'The guarantee ends before it starts.');
  if (input.amount && input.amount.minor <= 0)
    throw invalid('amount.minor', 'The guaranteed amount must be more than zero.');
  if (input.kind === 'shareholder') {
    const held = await totalShareholdingBp(tx, input.toClientId);
    const adding = Math.round(input.sharePct! * 100);
    if (held + adding > 10_000) {
      throw invalid(
        'sharePct',
        `Shareholdings in ${to.name} would reach ${((held + adding) / 100).toFixed(2)} %; ${(held / 100).toFixed(2)} % is already recorded.`,
      );
    }
  }
  if (input.kind === 'spouse') {
    for (const c of [from, to]) {
      if ((await countRelationshipsOfKind(tx, Number(c.id), 'spouse', 'either')) > 0) {
        throw invalid('toClientId', `${c.name} already has a spouse recorded.`);
      }
    }
  }
  if (
    input.kind === 'legal_representative' &&
    (await countRelationshipsOfKind(tx, input.toClientId, 'legal_representative', 'to')) > 0
  ) {
    throw invalid(
      'toClientId',
      `${to.name} already has a legal representative recorded; remove that link first.`,
    );
  }
  if (input.kind === 'parent_company') {
    const reverse = await listRelationshipsOf(tx, [input.toClientId], ['parent_company']);
    if (
      reverse.some((r) => Number(r.from_client_id) === input.toClientId && Number(r.to_client_id) === fromId)
    ) {
      throw invalid(
        'toClientId',
        `${to.name} is recorded as the parent of ${from.name}; a company cannot be both.`,
      );
    }
  }
}

/**
 * Checks and records one link from `clientId` (which must be in the actor's scope), audited,
 * inside the caller's transaction. Refuses a repeat before touching the unique index, so a
 * caller validating many links in one PostgreSQL transaction is never left in an aborted one.
 */
export async function linkClients(
  ctx: Ctx,
  tx: Tx,
  clientId: number,
  input: RelationshipCreate,
): Promise<number> {
  if (!(await findClientInScope(tx, clientScope(ctx.actor), clientId))) throw NOT_FOUND();
  await checkLink(tx, clientId, input);
  const symmetric = SYMMETRIC_KINDS.includes(input.kind);
  const [from, to] = symmetric
    ? [Math.min(clientId, input.toClientId), Math.max(clientId, input.toClientId)]
    : [clientId, input.toClientId];
  if (
    (await listRelationshipsOf(tx, [from], [input.kind])).some(
      (r) => Number(r.from_client_id) === from && Number(r.to_client_id) === to,
    )
  ) {
    throw new AppError('relationship.duplicate', 'These two clients are already linked this way.', {
      field: 'toClientId',
    });
  }
  const newId = await insertRelationship(tx, ctx.dialect, {
    from_client_id: from,
    to_client_id: to,
    kind: input.kind,
    share_bp: input.sharePct === undefined ? null : Math.round(input.sharePct * 100),
    amount_minor: input.amount?.minor ?? null,
    amount_ccy: input.amount?.currency ?? null,
    starts_on: input.startsOn ?? null,
    ends_on: input.endsOn ?? null,
    note: input.note ?? null,
    created_by: ctx.actor.id,
    created_at: ctx.now.toISOString(),
  });
  await appendAudit(tx, ctx, {
    ...auditFrom(ctx),
    action: 'relationship.create',
    clientId,
    targetType: 'relationship',
    targetId: newId,
    after: {
      kind: input.kind,
      fromClientId: from,
      toClientId: to,
      sharePct: input.sharePct ?? null,
      amount: input.amount ?? null,
    },
  });
  return newId;
}

export async function createRelationship(
  ctx: Ctx,
  clientId: number,
  input: RelationshipCreate,
): Promise<Relationship> {
  authorize(ctx.actor, 'client.update');
  const id = await ctx.db.transaction().execute((tx) => linkClients(ctx, tx, clientId, input));
  const row = (await findRelationship(ctx.db, id))!;
  const parties = await findParties(ctx.db, clientScope(ctx.actor), [
    Number(row.from_client_id),
    Number(row.to_client_id),
  ]);
  return presentRelationship(row, parties);
}

export async function deleteRelationship(ctx: Ctx, clientId: number, relationshipId: number): Promise<void> {
  authorize(ctx.actor, 'client.update');
  await ctx.db.transaction().execute(async (tx) => {
    if (!(await findClientInScope(tx, clientScope(ctx.actor), clientId))) throw NOT_FOUND();
    const row = await findRelationship(tx, relationshipId);
    if (!row || (Number(row.from_client_id) !== clientId && Number(row.to_client_id) !== clientId)) {
      throw new AppError('relationship.not_found', 'This client has no such relationship.');
    }
    await deleteRelationshipRow(tx, relationshipId);
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'relationship.delete',
      clientId,
      targetType: 'relationship',
      targetId: relationshipId,
      before: {
        kind: row.kind,
        fromClientId: Number(row.from_client_id),
        toClientId: Number(row.to_client_id),
      },
    });
  });
}

const ends = (r: RelationshipRow) => [Number(r.from_client_id), Number(r.to_client_id)];

export async function relationshipGraph(ctx: Ctx, clientId: number): Promise<RelationshipGraph> {
  await viewableClient(ctx, clientId);
  const rows = await listRelationshipsOf(ctx.db, [clientId]);
  const ids = [clientId, ...rows.flatMap(ends)];
  const parties = await findParties(ctx.db, clientScope(ctx.actor), [...new Set(ids)]);
  const keys = nodeKeys(ids, parties);
  return {
    nodes: [...keys].map(([id, key]) => ({
      ...presentParty(parties.get(id)!),
      key,
      center: id === clientId,
    })),
    edges: rows.map((r) => ({
      id: Number(r.id),
      kind: r.kind as RelationshipKind,
      source: keys.get(Number(r.from_client_id))!,
      target: keys.get(Number(r.to_client_id))!,
      sharePct: r.share_bp === null ? null : Number(r.share_bp) / 100,
      amount: money(r.amount_minor, r.amount_ccy),
    })),
    relationships: rows.map((r) => presentRelationship(r, parties)),
  };
}

/** Walks links of the given kinds outward from a client until no new client appears. */
async function walk(
  tx: Tx,
  start: number,
  kinds: readonly RelationshipKind[],
): Promise<{ members: number[]; rows: RelationshipRow[] }> {
  const seen = new Set([start]);
  const rowsById = new Map<number, RelationshipRow>();
  let frontier = [start];
  while (frontier.length > 0 && seen.size < MAX_NODES) {
    const rows = await listRelationshipsOf(tx, frontier, kinds);
    frontier = [];
    for (const r of rows) {
      rowsById.set(Number(r.id), r);
      for (const id of ends(r)) {
        if (!seen.has(id)) {
          seen.add(id);
          frontier.push(id);
        }
      }
    }
  }
  return { members: [...seen], rows: [...rowsById.values()] };
}

const ROLE_OF: Record<string, [fromRole: string, toRole: string]> = {
  spouse: ['spouse', 'spouse'],
  parent: ['parent', 'child'],
  household_member: ['household_member', 'household_member'],
  parent_company: ['parent_company', 'subsidiary'],
  shareholder: ['shareholder', 'investee'],
  actual_controller: ['actual_controller', 'controlled'],
  legal_representative: ['legal_representative', 'represented'],
};

function rolesOf(rows: RelationshipRow[]): Map<number, Set<string>> {
  const roles = new Map<number, Set<string>>();
  const add = (id: number, role: string) => {
    if (!roles.has(id)) roles.set(id, new Set());
    roles.get(id)!.add(role);
  };
  for (const r of rows) {
    const [fromRole, toRole] = ROLE_OF[r.kind] ?? [r.kind, r.kind];
    add(Number(r.from_client_id), fromRole);
    add(Number(r.to_client_id), toRole);
  }
  return roles;
}

export async function householdView(ctx: Ctx, clientId: number): Promise<HouseholdView> {
  await viewableClient(ctx, clientId);
  const { members, rows } = await walk(ctx.db, clientId, HOUSEHOLD_KINDS);
  const parties = await findParties(ctx.db, clientScope(ctx.actor), members);
  const roles = rolesOf(rows);
  const list = members.map((id) => ({
    ...presentParty(parties.get(id)!),
    roles: id === clientId ? ['self', ...(roles.get(id) ?? [])] : [...(roles.get(id) ?? [])],
  }));
  return {
    members: list,
    totals: { members: list.length, visibleMembers: list.filter((m) => m.visible).length },
  };
}

/** Control links: from controls to. Majority shareholdings count as control. */
function controls(r: RelationshipRow): boolean {
  return (
    r.kind === 'parent_company' ||
    r.kind === 'actual_controller' ||
    (r.kind === 'shareholder' && Number(r.share_bp) > 5000)
  );
}

/** The group around a client: its members (walked over group kinds), the apex and each member's depth under it. */
async function groupStructure(ctx: Ctx, clientId: number) {
  await viewableClient(ctx, clientId);
  const { members, rows } = await walk(ctx.db, clientId, GROUP_KINDS);
  const parties = await findParties(ctx.db, clientScope(ctx.actor), members);
  const controlled = new Map<number, number[]>();
  const hasController = new Set<number>();
  for (const r of rows.filter(controls)) {
    const [from, to] = ends(r) as [number, number];
    if (!controlled.has(from)) controlled.set(from, []);
    controlled.get(from)!.push(to);
    hasController.add(to);
  }
  // The apex: the uncontrolled member from which the most members are controlled.
  const depthFrom = (root: number) => {
    const depth = new Map([[root, 0]]);
    const queue = [root];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const w of controlled.get(v) ?? []) {
        if (!depth.has(w)) {
          depth.set(w, depth.get(v)! + 1);
          queue.push(w);
        }
      }
    }
    return depth;
  };
  let apex: number | null = null;
  let best = new Map<number, number>();
  for (const id of members.filter((m) => !hasController.has(m) && controlled.has(m))) {
    const d = depthFrom(id);
    if (d.size > best.size) {
      best = d;
      apex = id;
    }
  }
  return { members, rows, parties, apex, depth: best };
}

export async function groupView(ctx: Ctx, clientId: number): Promise<GroupView> {
  const { members, rows, parties, apex, depth: best } = await groupStructure(ctx, clientId);
  const roles = rolesOf(rows);
  const companies = members.map((id) => parties.get(id)!).filter((p) => p.kind === 'corporate');
  return {
    apex: apex === null ? null : presentParty(parties.get(apex)!),
    members: members.map((id) => ({
      ...presentParty(parties.get(id)!),
      roles: [...(roles.get(id) ?? [])],
      depth: best.get(id) ?? -1,
    })),
    totals: {
      companies: companies.length,
      registeredCapital: sumMoney(
        companies.map((c) => money(c.registered_capital_minor, c.registered_capital_ccy)),
      ),
      annualRevenue: sumMoney(companies.map((c) => money(c.annual_revenue_minor, c.annual_revenue_ccy))),
      employees: companies.reduce((s, c) => s + Number(c.employees ?? 0), 0),
    },
  };
}

/**
 * The group's deposits, loans and facilities, per company and in total, from the accounts'
 * current balances (two bounded queries: merged files, then the accounts of all the companies).
 * Only companies in the viewer's scope are shown and added up; the others are counted.
 */
export async function groupFinance(ctx: Ctx, clientId: number): Promise<GroupFinance> {
  const { members, parties, depth } = await groupStructure(ctx, clientId);
  const companies = members.map((id) => parties.get(id)!).filter((p) => p.kind === 'corporate');
  const visible = companies
    .filter((p) => p.visible)
    .sort((a, b) => (depth.get(a.id) ?? 99) - (depth.get(b.id) ?? 99) || a.id - b.id);
  const ownerOf = new Map(visible.map((p) => [p.id, p.id]));
  for (const m of await findMergedIntoAny(
    ctx.db,
    visible.map((p) => p.id),
  ))
    ownerOf.set(m.id, m.into);
  const rows = await listOpenAccountsOf(ctx.db, [...ownerOf.keys()]);
  const byMember = new Map<number, GroupAccountRow[]>();
  for (const r of rows) {
    const owner = ownerOf.get(Number(r.client_id))!;
    byMember.set(owner, [...(byMember.get(owner) ?? []), r]);
  }
  const total = tally(rows);
  return {
    asOf: ctx.now.toISOString(),
    companies: companies.length,
    hiddenCompanies: companies.length - visible.length,
    totals: total.figures,
    loans: total.loans,
    watchLoans: total.watchLoans,
    members: visible.map((p) => {
      const shown = presentParty(p);
      return { id: p.id, code: shown.code!, name: shown.name, ...tally(byMember.get(p.id) ?? []) };
    }),
  };
}

export async function guaranteeCircleView(ctx: Ctx, clientId: number): Promise<GuaranteeCircleView> {
  await viewableClient(ctx, clientId);
  const { rows } = await walk(ctx.db, clientId, ['guarantor']);
  const links = rows.map((r) => ({
    guarantor: Number(r.from_client_id),
    guaranteed: Number(r.to_client_id),
  }));
  const pos = guaranteePosition(clientId, links);
  const ids = [clientId, ...pos.circle, ...pos.exposedGuarantors, ...pos.guaranteedChain];
  const parties = await findParties(ctx.db, clientScope(ctx.actor), [...new Set(ids)]);
  const keys = nodeKeys(ids, parties);
  const key = (id: number) => keys.get(id)!;
  const inView = new Set(ids);
  const edges = rows.filter((r) => ends(r).every((id) => inView.has(id)));
  return {
    circle: pos.circle.map(key),
    exposedGuarantors: pos.exposedGuarantors.map(key),
    guaranteedChain: pos.guaranteedChain.map(key),
    parties: [...keys].map(([id, k]) => ({ ...presentParty(parties.get(id)!), key: k })),
    edges: edges.map((r) => ({
      guarantor: key(Number(r.from_client_id)),
      guaranteed: key(Number(r.to_client_id)),
      amount: money(r.amount_minor, r.amount_ccy),
    })),
    totalGuaranteed: sumMoney(edges.map((r) => money(r.amount_minor, r.amount_ccy))),
  };
}

/** Every guarantee circle in the bank, largest first: the risk officer's watch list. */
export async function listGuaranteeCircles(ctx: Ctx, limit: number): Promise<GuaranteeCircleList> {
  authorize(ctx.actor, 'guarantee.monitor');
  const all = await listAllGuarantees(ctx.db);
  const circles = guaranteeCircles(
    all.map((r) => ({ guarantor: Number(r.from_client_id), guaranteed: Number(r.to_client_id) })),
  );
  const shown = circles.slice(0, limit);
  const parties: Map<number, PartyRow> = await findParties(ctx.db, clientScope(ctx.actor), [
    ...new Set(shown.flat()),
  ]);
  return {
    total: circles.length,
    items: shown.map((members) => {
      const set = new Set(members);
      const inside = all.filter((r) => set.has(Number(r.from_client_id)) && set.has(Number(r.to_client_id)));
      return {
        members: members.map((id) => presentParty(parties.get(id)!)),
        size: members.length,
        totalGuaranteed: sumMoney(inside.map((r) => money(r.amount_minor, r.amount_ccy))),
      };
    }),
  };
}
