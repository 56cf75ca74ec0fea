import type { ErrorBody } from '@dossier/contract';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, HTTP_STATUS, type FieldIssue } from '../core/errors.ts';

const WHERE: Record<string, string> = {
  body: '',
  querystring: 'query.',
  params: 'path.',
  headers: 'header.',
};

/** Turns any thrown error into the one error body. Never a stack trace; 5xx only for our own faults. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const prefix = WHERE[(err as { validationContext?: string }).validationContext ?? 'body'] ?? '';
    const issues: FieldIssue[] = err.validation.map((v) => {
      const base = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const keys = (v.params as { keys?: string[] }).keys;
      if (v.keyword === 'unrecognized_keys' && keys?.length) {
        return {
          field: prefix + [base, keys[0]].filter(Boolean).join('.'),
          message: `is not a known field (${keys.join(', ')}); remove it`,
        };
      }
      return { field: prefix + (base || '(body)'), message: v.message ?? 'is invalid' };
    });
    const first = issues[0]!;
    return new AppError('request.invalid', `${first.field}: ${first.message}`, {
      field: first.field,
      issues,
    });
  }
  const fe = err as Partial<FastifyError> & { type?: string };
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(
        'request.malformed_json',
        'The request body is not valid JSON. Send a JSON object.',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('request.too_large', 'The request body is too large (limit 1 MiB).');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('request.unsupported_media_type', 'Send the body as application/json.');
    case 'FST_ERR_VALIDATION':
      return new AppError('request.invalid', fe.message ?? 'The request is invalid.');
  }
  if (fe instanceof SyntaxError || fe.type === 'entity.parse.failed') {
    return new AppError('request.malformed_json', 'The request body is not valid JSON. Send a JSON object.');
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('request.invalid', fe.message ?? 'The request is invalid.');
  }
  return new AppError(
    'internal',
    'Something went wrong on our side. The error was logged; please try again.',
  );
}

export function sendError(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const e = toAppError(err);
  const status = HTTP_STATUS[e.code];
  if (status >= 500) request.log.error({ err }, 'request failed');
  else request.log.info({ code: e.code, field: e.field }, 'request refused');
  const body: ErrorBody = {
    error: {
      code: e.code,
      message: e.message,
      ...(e.field ? { field: e.field } : {}),
      ...(e.issues ? { issues: e.issues } : {}),
      ...(e.details ? { details: e.details } : {}),
    },
  };
  if (e.code === 'auth.locked' && typeof e.details?.retryAfterSeconds === 'number') {
    reply.header('retry-after', String(e.details.retryAfterSeconds));
  }
  return reply.status(status).type('application/json').send(body);
}
