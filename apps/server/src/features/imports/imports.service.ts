import crypto from 'node:crypto';
import {
  ClientCreate,
  type DuplicatePolicy,
  type ImportProblem,
  type ImportQuery,
  type ImportReport,
  type Provenance,
} from '@dossier/contract';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { authorize, clientScope } from '../../core/policy.ts';
import type { Tx } from '../../db/dialect.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import {
  type Profile,
  auditSnapshot,
  blindKey,
  profileColumns,
  profileOfRow,
  withProvenance,
} from '../clients/clients.profile.ts';
import {
  type ClientInsert,
  findClientInScope,
  insertClientBatch,
  insertContactBatch,
  updateClientAtVersion,
} from '../clients/clients.repo.ts';
import {
  type PreparedClient,
  contactRows,
  mayServe,
  newClientRow,
  prepareNewClient,
} from '../clients/clients.service.ts';
import { IMPORT_FIELDS, columnOfField, resolveColumns, rowToClientInput } from './imports.mapping.ts';
import { readTable } from './imports.parse.ts';
import { findExistingIdentities, findMapping, findUsersByUsernames, saveMapping } from './imports.repo.ts';

type Candidate = { row: number; prepared: PreparedClient; ownerName: string | null };
type Duplicate = ImportReport['duplicates'][number] & { version: number };
/** Fields an import may change on an existing client: never who the client is. */
const IDENTITY = new Set(['idType', 'idNumber', 'creditCode', 'kind', 'tier', 'status']);

/**
 * Validates every row of a client file and, unless it is a dry run, stores all of it in one
 * transaction — or nothing: one bad row rejects the file with a report by row and column.
 */
export type ImportProgress = (phase: 'validate' | 'store', done: number, total: number) => void;

export async function importClients(
  ctx: Ctx,
  file: unknown,
  q: ImportQuery,
  onProgress?: ImportProgress,
): Promise<ImportReport> {
  authorize(ctx.actor, 'client.create');
  if (!Buffer.isBuffer(file)) {
    throw new AppError(
      'request.unsupported_media_type',
      'Send the file itself as the body (text/csv or an XLSX workbook).',
    );
  }
  const started = Date.now();
  const { headers, rows } = await readTable(file);
  const columns = resolveColumns(headers, (await findMapping(ctx.db, q.source)) ?? {});
  const problems: ImportProblem[] = [];
  if (!columns.some((c) => c.field === 'name')) {
    problems.push({
      row: 1,
      column: null,
      field: 'name',
      message: 'No column holds the client name (姓名 / 客户名称 / name): map one.',
    });
  }

  const candidates: Candidate[] = [];
  rows.forEach((cells, i) => {
    const rowNumber = i + 2; // the header is row 1
    const { input, owner, problems: cellProblems } = rowToClientInput(cells, columns, rowNumber);
    problems.push(...cellProblems);
    if (cellProblems.length > 0) return;
    const parsed = ClientCreate.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.') || String((issue as { keys?: string[] }).keys?.[0] ?? '');
        problems.push({
          row: rowNumber,
          column: columnOfField(columns, field),
          field: field || null,
          // An empty cell reads as a missing value: say what a person needs to hear.
          message:
            issue.code === 'invalid_type' && /received undefined/.test(issue.message)
              ? 'is required'
              : issue.message,
        });
      }
      return;
    }
    const prepared = prepareNewClient(parsed.data, ctx.now);
    for (const issue of prepared.issues) {
      problems.push({
        row: rowNumber,
        column: columnOfField(columns, issue.field),
        field: issue.field,
        message: issue.message,
      });
    }
    if (prepared.issues.length === 0) candidates.push({ row: rowNumber, prepared, ownerName: owner });
    if (onProgress && (i + 1) % 1000 === 0) onProgress('validate', i + 1, rows.length);
  });
  onProgress?.('validate', rows.length, rows.length);

  const owners = await resolveOwners(ctx, candidates, problems);
  const duplicates = await findDuplicates(ctx, candidates, q.onDuplicate, problems);
  const dupByRow = new Map(duplicates.map((d) => [d.row, d]));
  const fresh = candidates.filter((c) => !dupByRow.has(c.row) && owners.has(c.row));
  const updates = candidates.filter((c) => dupByRow.get(c.row)?.action === 'update');
  problems.sort((a, b) => a.row - b.row);

  const report: ImportReport = {
    dryRun: q.dryRun,
    committed: false,
    rows: rows.length,
    // Rows without a problem (a problem of the header row 1 is not a data row's).
    valid: rows.length - new Set(problems.map((p) => p.row).filter((row) => row > 1)).size,
    created: 0,
    updated: 0,
    skipped: duplicates.filter((d) => d.action === 'skip').length,
    problems: problems.slice(0, 1000),
    duplicates: duplicates.map(({ version: _v, ...d }) => d),
    columns,
    elapsedMs: 0,
  };
  if (problems.length > 0 && !q.dryRun) {
    throw new AppError(
      'import.rejected',
      `${new Set(problems.map((p) => p.row)).size} row(s) have problems; nothing was imported. Fix them and import the file again.`,
      {
        details: { report: { ...report, elapsedMs: Date.now() - started } },
      },
    );
  }
  if (q.dryRun) return { ...report, elapsedMs: Date.now() - started };

  await ctx.db.transaction().execute(async (tx) => {
    const createdIds = await insertNew(ctx, tx, fresh, owners, onProgress);
    for (const c of updates) await applyUpdate(ctx, tx, c, dupByRow.get(c.row)!);
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'client.import',
      targetType: 'import',
      targetId: q.source,
      details: {
        source: q.source,
        fileSha256: crypto.createHash('sha256').update(file).digest('hex'),
        rows: rows.length,
        created: createdIds.length,
        updated: updates.length,
        skipped: report.skipped,
        firstClientId: createdIds[0] ?? null,
        lastClientId: createdIds.at(-1) ?? null,
      },
    });
  });
  return {
    ...report,
    committed: true,
    created: fresh.length,
    updated: updates.length,
    elapsedMs: Date.now() - started,
  };
}

/** Each row's owner: the named RM (who must be in the importer's reach), else the importer. */
async function resolveOwners(ctx: Ctx, candidates: Candidate[], problems: ImportProblem[]) {
  const names = [...new Set(candidates.map((c) => c.ownerName).filter((n): n is string => n !== null))];
  const users = new Map((await findUsersByUsernames(ctx.db, names)).map((u) => [u.username, u]));
  const self = (await findUsersByUsernames(ctx.db, [ctx.actor.username]))[0];
  const owners = new Map<number, { id: number; team_id: number | null; branch_id: number | null }>();
  for (const c of candidates) {
    const u = c.ownerName === null ? self : users.get(c.ownerName);
    if (!u || !mayServe(ctx.actor, u)) {
      problems.push({
        row: c.row,
        column: null,
        field: 'owner',
        message:
          c.ownerName === null
            ? 'Name the owning relationship manager (客户经理 column, a username such as rm01).'
            : `${c.ownerName} is not an active relationship manager within your team or branch.`,
      });
      continue;
    }
    owners.set(c.row, {
      id: Number(u.id),
      team_id: u.team_id === null ? null : Number(u.team_id),
      branch_id: u.branch_id === null ? null : Number(u.branch_id),
    });
  }
  return owners;
}

/** Repeats inside the file are problems; matches in the bank follow the duplicate policy. */
async function findDuplicates(
  ctx: Ctx,
  candidates: Candidate[],
  policy: DuplicatePolicy,
  problems: ImportProblem[],
): Promise<Duplicate[]> {
  const keyOf = (c: Candidate) =>
    c.prepared.profile.idNumber
      ? {
          by: 'idNumber' as const,
          key: ctx.vault.blindIndex(...blindKey('idNumber', c.prepared.profile.idNumber)),
        }
      : { by: 'creditCode' as const, key: c.prepared.profile.creditCode! };
  const firstRow = new Map<string, number>();
  const keys = new Map<number, ReturnType<typeof keyOf>>();
  for (const c of candidates) {
    const k = keyOf(c);
    keys.set(c.row, k);
    const earlier = firstRow.get(k.key);
    if (earlier !== undefined) {
      problems.push({
        row: c.row,
        column: null,
        field: k.by,
        message: `repeats the client of row ${earlier}`,
      });
    } else firstRow.set(k.key, c.row);
  }
  const all = [...keys.values()];
  const existing = await findExistingIdentities(
    ctx.db,
    all.filter((k) => k.by === 'idNumber').map((k) => k.key),
    all.filter((k) => k.by === 'creditCode').map((k) => k.key),
  );
  const byKey = new Map(
    existing
      .flatMap((e) => [[e.id_number_hash, e] as const, [e.credit_code, e] as const])
      .filter(([k]) => k !== null),
  );
  const scope = clientScope(ctx.actor);
  const out: Duplicate[] = [];
  for (const c of candidates) {
    const k = keys.get(c.row)!;
    const match = byKey.get(k.key);
    if (!match) continue;
    const visible = (await findClientInScope(ctx.db, scope, match.id)) !== undefined;
    if (policy === 'fail' || (policy === 'update' && !visible)) {
      problems.push({
        row: c.row,
        column: null,
        field: k.by,
        message: visible
          ? `already on file as client ${match.id}`
          : 'already on file in another relationship manager’s book',
      });
    }
    out.push({
      row: c.row,
      by: k.by,
      existingClientId: visible ? match.id : null,
      action: policy,
      version: match.version,
    });
  }
  return out;
}

async function insertNew(
  ctx: Ctx,
  tx: Tx,
  fresh: Candidate[],
  owners: Map<number, { id: number; team_id: number | null; branch_id: number | null }>,
  onProgress?: ImportProgress,
) {
  const ids: number[] = [];
  for (let i = 0; i < fresh.length; i += 250) {
    const batch = fresh.slice(i, i + 250);
    const rows: ClientInsert[] = batch.map((c) => newClientRow(ctx, c.prepared, owners.get(c.row)!));
    const batchIds = await insertClientBatch(tx, rows);
    ids.push(...batchIds);
    onProgress?.('store', Math.min(i + 250, fresh.length), fresh.length);
    await insertContactBatch(
      tx,
      batch.flatMap((c, j) =>
        contactRows(ctx, c.prepared.contacts, []).map((r) => ({ ...r, client_id: batchIds[j]! })),
      ),
    );
  }
  return ids;
}

/** Writes the row's facts over an existing client's (never its identity), audited per client. */
async function applyUpdate(ctx: Ctx, tx: Tx, c: Candidate, dup: Duplicate): Promise<void> {
  const row = await findClientInScope(tx, clientScope(ctx.actor), dup.existingClientId!);
  if (!row) return;
  const before = profileOfRow(row, ctx.vault);
  const fields = [...c.prepared.fields].filter((f) => !IDENTITY.has(f));
  const changed = fields.filter(
    (f) =>
      JSON.stringify(before[f as keyof Profile] ?? null) !==
      JSON.stringify(c.prepared.profile[f as keyof Profile] ?? null),
  );
  if (changed.length === 0) return;
  const after: Profile = Object.fromEntries(changed.map((f) => [f, c.prepared.profile[f as keyof Profile]]));
  const at = ctx.now.toISOString();
  const ok = await updateClientAtVersion(tx, ctx.dialect, Number(row.id), Number(row.version), {
    ...profileColumns(after, ctx.vault),
    provenance: JSON.stringify(
      withProvenance(
        JSON.parse(row.provenance) as Record<string, Provenance>,
        changed,
        'import',
        c.prepared.input.asOf ?? at.slice(0, 10),
      ),
    ),
    updated_at: at,
  });
  if (!ok)
    throw new AppError(
      'request.precondition_failed',
      `Client ${row.id} changed while the file was being imported; import again.`,
    );
  await appendAudit(tx, ctx, {
    ...auditFrom(ctx),
    action: 'client.update',
    clientId: Number(row.id),
    targetType: 'client',
    targetId: Number(row.id),
    before: auditSnapshot(before, changed),
    after: auditSnapshot(c.prepared.profile, changed),
    details: { via: 'import', row: c.row },
  });
}

export async function getMapping(
  ctx: Ctx,
  source: string,
): Promise<{ columns: Record<string, string | null> }> {
  authorize(ctx.actor, 'client.create');
  return { columns: (await findMapping(ctx.db, source)) ?? {} };
}

export async function putMapping(ctx: Ctx, source: string, columns: Record<string, string | null>) {
  authorize(ctx.actor, 'client.create');
  const unknown = Object.entries(columns).find(([, f]) => f !== null && !IMPORT_FIELDS.includes(f));
  if (unknown) {
    throw new AppError(
      'request.invalid',
      `columns.${unknown[0]}: "${unknown[1]}" is not a field; use one of ${IMPORT_FIELDS.join(', ')} or null`,
      {
        field: `columns.${unknown[0]}`,
      },
    );
  }
  await ctx.db.transaction().execute(async (tx) => {
    await saveMapping(tx, source, columns, ctx.actor.id, ctx.now.toISOString());
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'import.mapping',
      targetType: 'import_mapping',
      targetId: source,
      after: columns,
    });
  });
  return { columns };
}
