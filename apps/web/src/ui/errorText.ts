import { isApiError } from '../api/http.ts';
import type { Dictionary } from '../i18n/zh.ts';

export interface ErrorText {
  title: string;
  detail: string | undefined;
}

/** What to tell the user about a failure: our sentence for the code, and the server's own words. */
export function errorText(t: Dictionary, error: unknown): ErrorText {
  if (isApiError(error)) {
    const title = t.errors[error.code];
    const detail = error.code === 'network' || error.code === 'http' ? undefined : error.message;
    return { title, detail: detail && detail !== title ? detail : undefined };
  }
  return { title: t.errors.internal, detail: error instanceof Error ? error.message : undefined };
}
