import { ERROR_CODES, type ErrorCode } from '@dossier/contract';
import type { z } from 'zod';

/** Codes the browser itself produces when no error body could be read. */
export type ClientSideErrorCode = 'network' | 'http';
export type ApiErrorCode = ErrorCode | ClientSideErrorCode;

export interface FieldIssue {
  field: string;
  message: string;
}

/** The one error the web app sees from the API: the server's `{error:{…}}` body, typed. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly field: string | undefined;
  readonly issues: FieldIssue[];
  readonly details: Record<string, unknown>;

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    message: string;
    field?: string | undefined;
    issues?: FieldIssue[] | undefined;
    details?: Record<string, unknown> | undefined;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.issues = init.issues ?? [];
    this.details = init.details ?? {};
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The message about the error's own field, without the `field: ` prefix the summary carries. */
export function fieldMessage(error: ApiError): string {
  return error.issues.find((issue) => issue.field === error.field)?.message ?? error.message;
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `{error:{code,message,field?,issues?,details?}}` leniently: an unknown code still keeps its message. */
export function parseErrorBody(status: number, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (!error) {
    return new ApiError({ status, code: 'http', message: `HTTP ${status}` });
  }
  const rawCode = typeof error.code === 'string' ? error.code : '';
  const code: ApiErrorCode = KNOWN_CODES.has(rawCode) ? (rawCode as ErrorCode) : 'http';
  const issues = Array.isArray(error.issues)
    ? error.issues.filter(isRecord).map((issue) => ({
        field: typeof issue.field === 'string' ? issue.field : '',
        message: typeof issue.message === 'string' ? issue.message : '',
      }))
    : [];
  return new ApiError({
    status,
    code,
    message: typeof error.message === 'string' ? error.message : rawCode || `HTTP ${status}`,
    field: typeof error.field === 'string' ? error.field : undefined,
    issues,
    details: isRecord(error.details) ? error.details : undefined,
  });
}

type Unauthorized = () => void;
let onUnauthorized: Unauthorized = () => {};

/** The app decides what a lost session means (forget the user, show the login page). */
export function setUnauthorizedHandler(handler: Unauthorized): void {
  onUnauthorized = handler;
}

let acceptLanguage = 'zh-CN';

/** Sent with every request so the server may answer in the user's language. */
export function setAcceptLanguage(value: string): void {
  acceptLanguage = value;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** Contract schema of a successful answer; a mismatch is reported on the console, not hidden. */
  schema?: z.ZodType<T>;
  /** Whether a 401 means "the session is gone" (true) or is an answer the caller handles (login, me). */
  redirectOn401?: boolean;
  signal?: AbortSignal;
}

/** fetch for the Dossier API: same-origin cookie session, JSON both ways, typed errors. */
export async function request<T>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': acceptLanguage,
    ...options.headers,
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'network', message: String(cause) });
  }

  if (response.status === 204) return undefined as T;

  const text = await response.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }

  if (!response.ok) {
    const error = parseErrorBody(response.status, body);
    if (response.status === 401 && options.redirectOn401 !== false) onUnauthorized();
    throw error;
  }

  if (options.schema) {
    const parsed = options.schema.safeParse(body);
    if (parsed.success) return parsed.data;
    // The contract is the API's truth; say loudly where the answer drifted, but keep the page usable.
    console.error(`[dossier] ${path} answered outside the contract`, parsed.error.issues);
  }
  return body as T;
}
