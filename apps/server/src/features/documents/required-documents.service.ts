import { RequiredDocumentsMatrix, type RequiredDocumentsSettings } from '@dossier/contract';
import type { Logger } from 'pino';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { authorize } from '../../core/policy.ts';
import type { Tx } from '../../db/dialect.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import { DEFAULT_REQUIRED_DOCUMENTS, matrixIssues } from './documents.requirements.ts';
import { findSetting, saveSetting } from './settings.repo.ts';

const KEY = 'required_documents';

/** The saved matrix, or the default while none is saved (or the saved one no longer parses). */
async function loadMatrix(tx: Tx, log: Logger) {
  const row = await findSetting(tx, KEY);
  if (!row) return { row: null, matrix: DEFAULT_REQUIRED_DOCUMENTS };
  const parsed = RequiredDocumentsMatrix.safeParse(JSON.parse(row.value));
  if (!parsed.success) {
    log.error(
      { issues: parsed.error.issues },
      'saved required-documents matrix is invalid; using the default',
    );
    return { row: null, matrix: DEFAULT_REQUIRED_DOCUMENTS };
  }
  return { row, matrix: parsed.data };
}

/** The matrix in force. */
export async function effectiveMatrix(tx: Tx, log: Logger): Promise<RequiredDocumentsMatrix> {
  return (await loadMatrix(tx, log)).matrix;
}

export async function getRequiredDocuments(ctx: Ctx): Promise<RequiredDocumentsSettings> {
  authorize(ctx.actor, 'user.admin');
  return present(await loadMatrix(ctx.db, ctx.log));
}

function present({ row, matrix }: Awaited<ReturnType<typeof loadMatrix>>): RequiredDocumentsSettings {
  return {
    matrix,
    source: row ? 'custom' : 'default',
    updatedAt: row?.updated_at ?? null,
    updatedBy: row ? { id: Number(row.updated_by), displayName: row.display_name } : null,
    defaults: DEFAULT_REQUIRED_DOCUMENTS,
  };
}

/** Replaces the bank's matrix (saving the defaults goes back to them, recorded as custom). Audited. */
export async function saveRequiredDocuments(
  ctx: Ctx,
  matrix: RequiredDocumentsMatrix,
): Promise<RequiredDocumentsSettings> {
  authorize(ctx.actor, 'user.admin');
  const issues = matrixIssues(matrix);
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new AppError('request.invalid', `${first.field}: ${first.message}`, { field: first.field, issues });
  }
  await ctx.db.transaction().execute(async (tx) => {
    const before = await loadMatrix(tx, ctx.log);
    await saveSetting(tx, {
      key: KEY,
      value: JSON.stringify(matrix),
      updatedBy: ctx.actor.id,
      at: ctx.now.toISOString(),
    });
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'settings.update',
      targetType: 'setting',
      targetId: KEY,
      before: before.matrix,
      after: matrix,
    });
  });
  return present(await loadMatrix(ctx.db, ctx.log));
}
