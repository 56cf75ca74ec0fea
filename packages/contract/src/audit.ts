import { z } from 'zod';
import { Id, IsoDate, PageQuery, pageOf } from './common.ts';

export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'client.create',
  'client.update',
  'client.reveal',
  'client.transfer',
  'client.export',
  'client.import',
  'client.merge',
  'client.review',
  'import.mapping',
  'consent.record',
  'task.create',
  'task.update',
  'relationship.create',
  'relationship.delete',
  'document.upload',
  'document.replace',
  'document.verify',
  'document.reject',
  'document.view',
  'document.download',
  'account.create',
  'loan.collateral_add',
  'loan.guarantee_link',
  'transaction.ingest',
  'settings.update',
  'user.create',
  'user.update',
  'system.seed',
  'rule.propose',
  'rule.approve',
  'rule.reject',
  'rule.failed',
  'alert.status',
  'alert.comment',
  'alert.action',
  'alert.decide',
] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditQuery = z.strictObject({
  userId: z.coerce.number().int().positive().optional(),
  clientId: z.coerce.number().int().positive().optional(),
  action: AuditAction.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  ...PageQuery,
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z.object({
  id: Id,
  at: z.string(),
  actor: z.object({ id: Id, username: z.string(), displayName: z.string() }).nullable(),
  /** For a failed login, the username that was tried. */
  attemptedUsername: z.string().nullable(),
  action: AuditAction,
  clientId: Id.nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditPage = pageOf(AuditEntry);
export type AuditPage = z.infer<typeof AuditPage>;

/** The whole chain checked from its first entry: intact, or the first broken link. */
export const AuditVerifyResponse = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  broken: z.object({ id: z.number().int(), reason: z.string() }).nullable(),
  verifiedAt: z.string(),
});
export type AuditVerifyResponse = z.infer<typeof AuditVerifyResponse>;
