import type { AuditAction, AuditPage, AuditQuery, AuditVerifyResponse } from '@dossier/contract';
import type { Ctx, Deps } from '../../core/context.ts';
import { authorize } from '../../core/policy.ts';
import type { Tx } from '../../db/dialect.ts';
import { type ChainBreak, GENESIS_HASH, entryHash, findBreak } from './audit.chain.ts';
import {
  countAuditEntries,
  findLastAuditLink,
  insertAuditEntry,
  listAuditEntries,
  readAuditBatch,
} from './audit.repo.ts';
import { presentAuditEntry } from './audit.present.ts';

export type AuditEvent = {
  action: AuditAction;
  actorId: number | null;
  attemptedUsername?: string | null;
  clientId?: number | null;
  targetType?: string | null;
  targetId?: string | number | null;
  ip: string | null;
  userAgent: string | null;
  /** Snapshots with sensitive values already masked: the log must never hold clear C2 data. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  details?: Record<string, unknown> | null;
  at: Date;
};

/** Appends one entry to the chain. Call inside the transaction of the change it records. */
export async function appendAudit(tx: Tx, deps: Pick<Deps, 'dialect'>, ev: AuditEvent): Promise<void> {
  await deps.dialect.lockAuditChain(tx);
  const last = await findLastAuditLink(tx);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const entry = {
    id: (last?.id ?? 0) + 1,
    at: ev.at.toISOString(),
    actor_id: ev.actorId,
    attempted_username: ev.attemptedUsername ?? null,
    action: ev.action,
    client_id: ev.clientId ?? null,
    target_type: ev.targetType ?? null,
    target_id: ev.targetId === undefined || ev.targetId === null ? null : String(ev.targetId),
    ip: ev.ip,
    user_agent: ev.userAgent ? ev.userAgent.slice(0, 300) : null,
    before: ev.before ? JSON.stringify(ev.before) : null,
    after: ev.after ? JSON.stringify(ev.after) : null,
    details: ev.details ? JSON.stringify(ev.details) : null,
  };
  await insertAuditEntry(tx, { ...entry, prev_hash: prevHash, hash: entryHash(prevHash, entry) });
}

/** The audit fields of a request context. */
export function auditFrom(ctx: Ctx): Pick<AuditEvent, 'actorId' | 'ip' | 'userAgent' | 'at'> {
  return { actorId: ctx.actor.id, ip: ctx.ip, userAgent: ctx.userAgent, at: ctx.now };
}

export async function listAudit(ctx: Ctx, q: AuditQuery): Promise<AuditPage> {
  authorize(ctx.actor, 'audit.read');
  const { rows, total } = await listAuditEntries(ctx.db, q);
  return { items: rows.map(presentAuditEntry), total, page: q.page, pageSize: q.pageSize };
}

/** The chain check for compliance staff in the web app. */
export async function checkAuditChain(ctx: Ctx): Promise<AuditVerifyResponse> {
  authorize(ctx.actor, 'audit.read');
  const r = await verifyAuditChain(ctx);
  return { ok: r.ok, checked: r.checked, broken: r.ok ? null : r.broken, verifiedAt: ctx.now.toISOString() };
}

export type VerifyResult = { ok: true; checked: number } | { ok: false; checked: number; broken: ChainBreak };

/** Walks the whole chain from the genesis. Reports the first broken link. */
export async function verifyAuditChain(
  deps: Pick<Deps, 'db'>,
  onProgress?: (done: number, total: number) => void,
): Promise<VerifyResult> {
  const total = await countAuditEntries(deps.db);
  let last = { id: 0, hash: GENESIS_HASH };
  let checked = 0;
  for (;;) {
    const batch = await readAuditBatch(deps.db, last.id, 5000);
    if (batch.length === 0) break;
    const r = findBreak(
      batch.map((b) => ({ ...b, id: Number(b.id), actor_id: num(b.actor_id), client_id: num(b.client_id) })),
      last,
    );
    if (r.broken) return { ok: false, checked: checked + (r.last.id - last.id), broken: r.broken };
    checked += batch.length;
    last = r.last;
    onProgress?.(checked, total);
  }
  return { ok: true, checked };
}

function num(v: number | null): number | null {
  return v === null ? null : Number(v);
}
