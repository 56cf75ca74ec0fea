import type { ErrorCode } from '@dossier/contract';

export type FieldIssue = { field: string; message: string };

/** The one error type. `code` decides the HTTP status (below); `message` speaks to the user. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly issues: FieldIssue[] | undefined;
  readonly details: Record<string, unknown> | undefined;
  constructor(
    code: ErrorCode,
    message: string,
    opts: { field?: string; issues?: FieldIssue[]; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = opts.field;
    this.issues = opts.issues;
    this.details = opts.details;
  }
}

/** Every code's HTTP status, in one place. Exhaustive: adding a code without a status fails typecheck. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  'request.invalid': 400,
  'request.malformed_json': 400,
  'request.too_large': 413,
  'request.unsupported_media_type': 415,
  'request.not_found': 404,
  'request.method_not_allowed': 405,
  'request.precondition_required': 428,
  'request.precondition_failed': 412,
  'auth.required': 401,
  'auth.invalid_credentials': 401,
  'auth.locked': 429,
  'auth.forbidden': 403,
  'auth.weak_password': 400,
  'client.not_found': 404,
  'client.duplicate_id_number': 409,
  'client.duplicate_credit_code': 409,
  'client.invalid_owner': 400,
  'client.kind_mismatch': 400,
  'client.merge_invalid': 400,
  'relationship.invalid': 400,
  'relationship.duplicate': 409,
  'relationship.not_found': 404,
  'task.not_found': 404,
  'task.invalid_assignee': 400,
  'document.not_found': 404,
  'document.unsupported_type': 415,
  'document.self_verification': 403,
  'document.already_reviewed': 409,
  'document.version_conflict': 409,
  'account.duplicate': 409,
  'account.not_found': 404,
  'transaction.conflict': 422,
  'import.rejected': 422,
  'user.not_found': 404,
  'user.duplicate_username': 409,
  'user.invalid_org': 400,
  'rule.not_found': 404,
  'rule.duplicate': 409,
  'rule.self_approval': 403,
  'rule.nothing_pending': 409,
  'rule.pending_exists': 409,
  'alert.not_found': 404,
  'alert.invalid_transition': 409,
  'action.not_found': 404,
  'action.self_approval': 403,
  'action.already_decided': 409,
  internal: 500,
};

export function invalid(field: string, message: string): AppError {
  return new AppError('request.invalid', `${field} ${message}`, { field, issues: [{ field, message }] });
}
