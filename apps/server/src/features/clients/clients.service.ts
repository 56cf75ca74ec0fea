import type {
  ClientCreate,
  ClientDetail,
  ClientListQuery,
  ClientPage,
  ClientPatch,
  ContactInput,
  Provenance,
  RevealRequest,
  Suggestion,
  TransferRequest,
  ClientKind,
  Tier,
} from '@dossier/contract';
import type { Actor, Ctx } from '../../core/context.ts';
import { AppError, type FieldIssue } from '../../core/errors.ts';
import { authorize, can, clientScope } from '../../core/policy.ts';
import type { Tx } from '../../db/dialect.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import {
  type ClientDetailRow,
  type ClientInsert,
  type SearchTerms,
  findClientIdByCreditCode,
  findClientIdByIdNumberHash,
  findClientInScope,
  findUsersForServicing,
  insertClient,
  isClientInScope,
  listClients as listClientRows,
  listCoServicers,
  listContacts,
  replaceCoServicers,
  saveContacts,
  suggestClients as suggestClientRows,
  updateClientAtVersion,
} from './clients.repo.ts';
import { formatClientCode, parseClientCode, presentDetail, presentSummary } from './clients.present.ts';
import {
  CORPORATE_ONLY,
  INDIVIDUAL_ONLY,
  type Profile,
  auditSnapshot,
  blindKey,
  deriveFromIdNumber,
  profileColumns,
  profileIssues,
  profileOfRow,
  withProvenance,
} from './clients.profile.ts';
import { bankToday } from '../../finance/ledger.ts';

const NOT_FOUND = () => new AppError('client.not_found', 'No such client, or it is outside your book.');

function failIfIssues(issues: FieldIssue[]): void {
  if (issues.length === 0) return;
  const first = issues[0]!;
  throw new AppError('request.invalid', `${first.field} ${first.message}`, { field: first.field, issues });
}

async function loadDetail(ctx: Ctx, tx: Tx, row: ClientDetailRow): Promise<ClientDetail> {
  const [contacts, coServicing] = await Promise.all([
    listContacts(tx, Number(row.id)),
    listCoServicers(tx, Number(row.id)),
  ]);
  return presentDetail(
    row,
    {
      contacts,
      coServicing,
      canReveal: can(ctx.actor, 'client.reveal'),
      canEdit: can(ctx.actor, 'client.update'),
    },
    ctx.vault,
  );
}

export async function getClient(ctx: Ctx, id: number): Promise<ClientDetail> {
  authorize(ctx.actor, 'client.read');
  const row = await findClientInScope(ctx.db, clientScope(ctx.actor), id);
  if (!row) throw NOT_FOUND();
  return loadDetail(ctx, ctx.db, row);
}

/** How a typed query can match: its shape decides which indexes are worth asking. */
export function searchTermsOf(q: string, vault: Ctx['vault']): SearchTerms {
  const t: SearchTerms = {};
  const upper = q.toUpperCase();
  const id = parseClientCode(q);
  if (id) t.clientId = id;
  if (/^[A-Z0-9]{5,20}$/.test(upper) && /\d/.test(upper))
    t.idNumberHash = vault.blindIndex(...blindKey('idNumber', upper));
  if (/^1[3-9]\d{9}$/.test(q)) t.mobileHash = vault.blindIndex(...blindKey('mobile', q));
  if (/^[^@\s]+@[^@\s]+$/.test(q)) t.emailHash = vault.blindIndex(...blindKey('email', q));
  if (/^[0-9A-Z]{18}$/.test(upper)) t.creditCode = upper;
  if (/^[a-zA-Z]+$/.test(q)) t.pinyin = q.toLowerCase();
  if (/[^ -~]/.test(q)) t.name = q; // anything beyond printable ASCII: a name as typed
  return t;
}

export async function listClients(ctx: Ctx, q: ClientListQuery): Promise<ClientPage> {
  authorize(ctx.actor, 'client.read');
  const terms = q.q ? searchTermsOf(q.q, ctx.vault) : null;
  const { rows, total } = await listClientRows(ctx.db, clientScope(ctx.actor), { ...q, terms });
  return { items: rows.map((r) => presentSummary(r, ctx.vault)), total, page: q.page, pageSize: q.pageSize };
}

export async function suggestClients(ctx: Ctx, q: string, limit: number): Promise<Suggestion[]> {
  authorize(ctx.actor, 'client.read');
  const rows = await suggestClientRows(ctx.db, clientScope(ctx.actor), searchTermsOf(q, ctx.vault), limit);
  return rows.map((r) => ({
    id: r.id,
    code: formatClientCode(r.id),
    kind: r.kind as ClientKind,
    name: r.name,
    tier: r.tier as Tier,
    matchedOn: r.matchedOn,
  }));
}

/** Refuses a second file for the same person or company, naming the first when the actor may see it. */
async function refuseDuplicate(ctx: Ctx, tx: Tx, p: Profile, selfId: number | null): Promise<void> {
  const checks: [
    string,
    'client.duplicate_id_number' | 'client.duplicate_credit_code',
    () => Promise<{ id: number; name: string } | undefined>,
  ][] = [];
  if (p.idNumber) {
    const hash = ctx.vault.blindIndex(...blindKey('idNumber', p.idNumber));
    checks.push(['idNumber', 'client.duplicate_id_number', () => findClientIdByIdNumberHash(tx, hash)]);
  }
  if (p.creditCode) {
    const code = p.creditCode;
    checks.push(['creditCode', 'client.duplicate_credit_code', () => findClientIdByCreditCode(tx, code)]);
  }
  for (const [field, code, find] of checks) {
    const existing = await find();
    if (!existing || Number(existing.id) === selfId) continue;
    const what = field === 'idNumber' ? 'ID number' : 'unified social credit code';
    if (await isClientInScope(tx, clientScope(ctx.actor), Number(existing.id))) {
      throw new AppError(
        code,
        `A client with this ${what} already exists: ${existing.name} (${formatClientCode(Number(existing.id))}). Open that file instead of creating a second one.`,
        {
          field,
          details: {
            existingClientId: Number(existing.id),
            existingClientCode: formatClientCode(Number(existing.id)),
          },
        },
      );
    }
    throw new AppError(
      code,
      `A client with this ${what} already exists in another relationship manager's book. Ask your team lead to add you as a co-servicer.`,
      { field },
    );
  }
}

type ServicingUser = Awaited<ReturnType<typeof findUsersForServicing>>[number];

export function mayServe(actor: Actor, u: ServicingUser): boolean {
  if (u.active !== 1 || (u.role !== 'rm' && u.role !== 'team_lead') || u.team_id === null) return false;
  const scope = clientScope(actor);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'branch':
      return Number(u.branch_id) === scope.branchId;
    case 'team':
      return Number(u.team_id) === scope.teamId;
    case 'own':
      return Number(u.id) === scope.userId;
    case 'none':
      return false;
  }
}

async function resolveOwner(ctx: Ctx, tx: Tx, ownerId: number | undefined): Promise<ServicingUser> {
  const id = ownerId ?? ctx.actor.id;
  const [owner] = await findUsersForServicing(tx, [id]);
  if (!owner || !mayServe(ctx.actor, owner)) {
    throw new AppError(
      'client.invalid_owner',
      ownerId === undefined
        ? 'Choose the relationship manager who will own this client.'
        : 'The owner must be an active relationship manager within your team or branch.',
      { field: 'ownerId' },
    );
  }
  return owner;
}

async function resolveCoServicers(tx: Tx, ids: number[], ownerId: number): Promise<number[]> {
  const unique = [...new Set(ids)].filter((i) => i !== ownerId);
  const users = await findUsersForServicing(tx, unique);
  const ok = new Set(
    users
      .filter((u) => u.active === 1 && (u.role === 'rm' || u.role === 'team_lead'))
      .map((u) => Number(u.id)),
  );
  const bad = unique.findIndex((i) => !ok.has(i));
  if (bad >= 0) {
    throw new AppError('request.invalid', `coServicingIds.${bad} is not an active relationship manager`, {
      field: `coServicingIds.${bad}`,
    });
  }
  return unique;
}

type StoredContact = Awaited<ReturnType<typeof listContacts>>[number];

/**
 * Rows for a new contact list. A contact that names an existing one by id keeps its sealed phone
 * and e-mail unless the input gives a new value (or null to clear it).
 */
export function contactRows(ctx: Pick<Ctx, 'vault'>, contacts: ContactInput[], existing: StoredContact[]) {
  const byId = new Map(existing.map((c) => [Number(c.id), c]));
  return contacts.map((c, position) => {
    const old = c.id === undefined ? undefined : byId.get(c.id);
    if (c.id !== undefined && !old) {
      throw new AppError('request.invalid', `contacts.${position}.id is not a contact of this client`, {
        field: `contacts.${position}.id`,
      });
    }
    const phone =
      c.phone === undefined
        ? { phone_enc: old?.phone_enc ?? null, phone_hash: old?.phone_hash ?? null }
        : {
            phone_enc: c.phone ? ctx.vault.encrypt(c.phone) : null,
            phone_hash: c.phone ? ctx.vault.blindIndex('phone', c.phone) : null,
          };
    const email_enc =
      c.email === undefined ? (old?.email_enc ?? null) : c.email ? ctx.vault.encrypt(c.email) : null;
    return {
      ...(old ? { id: Number(old.id) } : {}),
      position,
      name: c.name,
      role: c.role ?? null,
      ...phone,
      email_enc,
    };
  });
}

/** Splits a create/patch body into profile fields, and the rest. */
function profileOf(input: Record<string, unknown>): { profile: Profile; fields: Set<string> } {
  const skip = new Set(['kind', 'ownerId', 'coServicingIds', 'contacts', 'source', 'asOf']);
  const profile: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!skip.has(k) && v !== undefined) profile[k] = v;
  return { profile: profile as Profile, fields: new Set(Object.keys(profile)) };
}

/** A new client's profile with defaults and derived facts, and what is wrong with it. */
export type PreparedClient = {
  input: ClientCreate;
  profile: Profile;
  fields: Set<string>;
  contacts: ContactInput[];
  issues: FieldIssue[];
};

/** Everything about a new client that needs no database: defaults, derivations, validation. */
export function prepareNewClient(input: ClientCreate, now: Date): PreparedClient {
  const { profile, fields } = profileOf(input);
  profile.tier ??= 'standard';
  profile.status ??= 'prospect';
  profile.tags ??= [];
  const contacts = input.kind === 'corporate' ? (input.contacts ?? []) : [];
  deriveFromIdNumber(profile, fields);
  if (profile.riskTolerance && !profile.riskAssessedOn) {
    profile.riskAssessedOn = bankToday(now);
    fields.add('riskAssessedOn');
  }
  return { input, profile, fields, contacts, issues: profileIssues(input.kind, profile, contacts, now) };
}

/** The row of a prepared client owned by `owner`, sealed and indexed. */
export function newClientRow(
  ctx: Pick<Ctx, 'vault' | 'now'> & { actor: { id: number } | null },
  p: PreparedClient,
  owner: { id: number; team_id: number | null; branch_id: number | null },
): ClientInsert {
  const at = ctx.now.toISOString();
  const provenanceFields = [...p.fields].filter((f) => f !== 'tier' && f !== 'status' && f !== 'tags');
  if (p.contacts.length > 0) provenanceFields.push('contacts');
  const cols = profileColumns(p.profile, ctx.vault);
  return {
    ...cols,
    kind: p.input.kind,
    name: p.profile.name!,
    name_pinyin: cols.name_pinyin as string,
    name_initials: cols.name_initials as string,
    tier: p.profile.tier!,
    status: p.profile.status!,
    tags: JSON.stringify(p.profile.tags),
    owner_id: Number(owner.id),
    team_id: Number(owner.team_id),
    branch_id: Number(owner.branch_id),
    provenance: JSON.stringify(
      withProvenance({}, provenanceFields, p.input.source ?? 'manual', p.input.asOf ?? at.slice(0, 10)),
    ),
    version: 1,
    created_by: ctx.actor?.id ?? null,
    created_at: at,
    updated_at: at,
  };
}

export async function createClient(ctx: Ctx, input: ClientCreate): Promise<ClientDetail> {
  authorize(ctx.actor, 'client.create');
  const prepared = prepareNewClient(input, ctx.now);
  failIfIssues(prepared.issues);
  const { profile, fields, contacts } = prepared;
  const id = await ctx.db.transaction().execute(async (tx) => {
    const owner = await resolveOwner(ctx, tx, input.ownerId);
    const coServicers = await resolveCoServicers(tx, input.coServicingIds ?? [], Number(owner.id));
    await refuseDuplicate(ctx, tx, profile, null);
    const newId = await insertClient(tx, ctx.dialect, newClientRow(ctx, prepared, owner));
    if (contacts.length > 0) await saveContacts(tx, newId, contactRows(ctx, contacts, []));
    await replaceCoServicers(tx, newId, coServicers);
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'client.create',
      clientId: newId,
      targetType: 'client',
      targetId: newId,
      after: {
        kind: input.kind,
        ...auditSnapshot(profile, fields),
        ownerId: Number(owner.id),
        contacts: contacts.length,
      },
    });
    return newId;
  });
  return getClient(ctx, id);
}

/** Parses `If-Match: "3"` (or W/"3"). */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new AppError(
      'request.precondition_required',
      'Send If-Match with the version you edited (the ETag of the client).',
      {
        field: 'header.if-match',
      },
    );
  }
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!m)
    throw new AppError('request.invalid', 'If-Match must be the ETag of the client, such as "3".', {
      field: 'header.if-match',
    });
  return Number(m[1]);
}

const STALE = () =>
  new AppError(
    'request.precondition_failed',
    'Someone else saved this client after you opened it. Reload to see their changes, then edit again.',
  );

export async function updateClient(
  ctx: Ctx,
  id: number,
  expectedVersion: number,
  patch: ClientPatch,
): Promise<ClientDetail> {
  authorize(ctx.actor, 'client.update');
  await ctx.db.transaction().execute(async (tx) => {
    const row = await findClientInScope(tx, clientScope(ctx.actor), id);
    if (!row) throw NOT_FOUND();
    if (Number(row.version) !== expectedVersion) throw STALE();
    const kind = row.kind as ClientKind;
    const { profile: changes, fields } = profileOf(patch as Record<string, unknown>);
    const foreign = kind === 'individual' ? CORPORATE_ONLY : INDIVIDUAL_ONLY;
    const wrong = [...Object.keys(patch)].filter((f) => foreign.has(f));
    if (wrong.length > 0) {
      throw new AppError(
        'client.kind_mismatch',
        `${wrong[0]} does not apply to ${kind === 'individual' ? 'an individual' : 'a corporate'} client.`,
        {
          field: wrong[0]!,
          issues: wrong.map((f) => ({ field: f, message: `does not apply to this kind of client` })),
        },
      );
    }
    const before = profileOfRow(row, ctx.vault);
    const merged: Profile = { ...before, ...changes };
    deriveFromIdNumber(merged, fields);
    if (fields.has('birthDate')) changes.birthDate = merged.birthDate ?? null;
    if (fields.has('gender')) changes.gender = merged.gender ?? null;
    const contacts = patch.contacts === undefined ? null : (patch.contacts ?? []);
    failIfIssues(profileIssues(kind, merged, contacts, ctx.now));

    // Only what really changes is written, versioned and audited.
    const changed = [...fields].filter(
      (f) =>
        JSON.stringify(before[f as keyof Profile] ?? null) !==
        JSON.stringify(merged[f as keyof Profile] ?? null),
    );
    const changedProfile: Profile = Object.fromEntries(
      changed.map((f) => [f, merged[f as keyof Profile] ?? null]),
    );
    if (changed.includes('idNumber') || changed.includes('creditCode'))
      await refuseDuplicate(ctx, tx, changedProfile, id);
    let coServicers: number[] | null = null;
    if (patch.coServicingIds !== undefined)
      coServicers = await resolveCoServicers(tx, patch.coServicingIds, Number(row.owner_id));
    if (changed.length === 0 && contacts === null && coServicers === null) return;

    const provFields = changed.filter((f) => f !== 'tier' && f !== 'status' && f !== 'tags');
    if (contacts !== null) provFields.push('contacts');
    const at = ctx.now.toISOString();
    const ok = await updateClientAtVersion(tx, ctx.dialect, id, expectedVersion, {
      ...profileColumns(changedProfile, ctx.vault),
      provenance: JSON.stringify(
        withProvenance(
          JSON.parse(row.provenance) as Record<string, Provenance>,
          provFields,
          patch.source ?? 'manual',
          patch.asOf ?? at.slice(0, 10),
        ),
      ),
      updated_at: at,
    });
    if (!ok) throw STALE();
    if (contacts !== null) await saveContacts(tx, id, contactRows(ctx, contacts, await listContacts(tx, id)));
    if (coServicers !== null) await replaceCoServicers(tx, id, coServicers);
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'client.update',
      clientId: id,
      targetType: 'client',
      targetId: id,
      before: auditSnapshot(before, changed),
      after: {
        ...auditSnapshot(merged, changed),
        ...(contacts !== null ? { contacts: contacts.length } : {}),
        ...(coServicers !== null ? { coServicingIds: coServicers } : {}),
      },
      details: { version: expectedVersion + 1 },
    });
  });
  return getClient(ctx, id);
}

export async function revealField(
  ctx: Ctx,
  id: number,
  req: RevealRequest,
): Promise<{ field: string; value: string | null }> {
  authorize(ctx.actor, 'client.reveal');
  return ctx.db.transaction().execute(async (tx) => {
    const row = await findClientInScope(tx, clientScope(ctx.actor), id);
    if (!row) throw NOT_FOUND();
    let value: string | null;
    if (req.field === 'contactPhone' || req.field === 'contactEmail') {
      const contact = (await listContacts(tx, id)).find((c) => Number(c.id) === req.contactId);
      if (!contact)
        throw new AppError('request.invalid', 'contactId must name a contact of this client', {
          field: 'contactId',
        });
      const sealed = req.field === 'contactPhone' ? contact.phone_enc : contact.email_enc;
      value = sealed === null ? null : ctx.vault.decrypt(sealed);
    } else {
      value = profileOfRow(row, ctx.vault)[req.field] ?? null;
    }
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'client.reveal',
      clientId: id,
      targetType: 'client',
      targetId: id,
      details: {
        field: req.field,
        ...(req.contactId ? { contactId: req.contactId } : {}),
        purpose: req.purpose,
      },
    });
    return { field: req.field, value };
  });
}

export async function transferClient(ctx: Ctx, id: number, req: TransferRequest): Promise<ClientDetail> {
  authorize(ctx.actor, 'client.transfer');
  await ctx.db.transaction().execute(async (tx) => {
    const row = await findClientInScope(tx, clientScope(ctx.actor), id);
    if (!row) throw NOT_FOUND();
    if (Number(row.owner_id) === req.toOwnerId) {
      throw new AppError(
        'client.invalid_owner',
        'The client is already owned by this relationship manager.',
        { field: 'toOwnerId' },
      );
    }
    const [to] = await findUsersForServicing(tx, [req.toOwnerId]);
    if (!to || !mayServe(ctx.actor, to)) {
      throw new AppError(
        'client.invalid_owner',
        'The new owner must be an active relationship manager within your team or branch.',
        {
          field: 'toOwnerId',
        },
      );
    }
    const version = Number(row.version);
    const ok = await updateClientAtVersion(tx, ctx.dialect, id, version, {
      owner_id: Number(to.id),
      team_id: Number(to.team_id),
      branch_id: Number(to.branch_id),
      updated_at: ctx.now.toISOString(),
    });
    if (!ok) throw STALE();
    const co = (await listCoServicers(tx, id)).map((u) => Number(u.id)).filter((u) => u !== Number(to.id));
    await replaceCoServicers(tx, id, co);
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'client.transfer',
      clientId: id,
      targetType: 'client',
      targetId: id,
      before: { ownerId: Number(row.owner_id), teamId: Number(row.team_id), branchId: Number(row.branch_id) },
      after: { ownerId: Number(to.id), teamId: Number(to.team_id), branchId: Number(to.branch_id) },
      details: { reason: req.reason },
    });
  });
  return getClient(ctx, id);
}
