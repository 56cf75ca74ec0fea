import { z } from 'zod';

/**
 * Every error code the API can answer with. The server maps each to an HTTP status in one place
 * (apps/server/src/core/errors.ts); the web app translates them for the user.
 */
export const ERROR_CODES = [
  'request.invalid',
  'request.malformed_json',
  'request.too_large',
  'request.unsupported_media_type',
  'request.not_found',
  'request.method_not_allowed',
  'request.precondition_required',
  'request.precondition_failed',
  'auth.required',
  'auth.invalid_credentials',
  'auth.locked',
  'auth.forbidden',
  'auth.weak_password',
  'client.not_found',
  'client.duplicate_id_number',
  'client.duplicate_credit_code',
  'client.invalid_owner',
  'client.kind_mismatch',
  'client.merge_invalid',
  'relationship.invalid',
  'relationship.duplicate',
  'relationship.not_found',
  'task.not_found',
  'task.invalid_assignee',
  'document.not_found',
  'document.unsupported_type',
  'document.self_verification',
  'document.already_reviewed',
  'document.version_conflict',
  'account.duplicate',
  'account.not_found',
  'transaction.conflict',
  'import.rejected',
  'user.not_found',
  'user.duplicate_username',
  'user.invalid_org',
  'internal',
  'rule.not_found',
  'rule.duplicate',
  'rule.self_approval',
  'rule.nothing_pending',
  'rule.pending_exists',
  'alert.not_found',
  'alert.invalid_transition',
  'action.not_found',
  'action.self_approval',
  'action.already_decided',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    /** The offending field as a dotted path, e.g. `contacts.0.phone`. */
    field: z.string().optional(),
    /** Further problems when more than one field is wrong. */
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
