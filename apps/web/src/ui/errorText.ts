import { isApiError } from '../api/http.ts';
import type { Dictionary } from '../i18n/zh.ts';

export interface ErrorText {
  title: string;
  detail: string | undefined;
}

/** The server's sentence in the user's language when we know it, else as written. */
export function serverMessage(t: Dictionary, message: string, depth = 0): string {
  const exact = t.serverMessages[message];
  if (exact !== undefined) return exact;
  for (const [pattern, say] of t.serverPatterns) {
    const m = pattern.exec(message);
    // A sentence may wrap another (`statement S, entry 3: <why>`): its parts are said the same way.
    if (m)
      return say(...m.slice(1).map((g) => (g && depth < 2 ? serverMessage(t, g, depth + 1) : (g ?? ''))));
  }
  return message;
}

/** What to tell the user about a failure: our sentence for the code, and the server's own words. */
export function errorText(t: Dictionary, error: unknown): ErrorText {
  if (isApiError(error)) {
    const title = t.errors[error.code];
    if (error.code === 'request.invalid' && error.issues.length > 0) {
      const detail = error.issues
        .map((issue) => `${issue.field}: ${serverMessage(t, issue.message)}`)
        .join('; ');
      return { title, detail };
    }
    const detail =
      error.code === 'network' || error.code === 'http' ? undefined : serverMessage(t, error.message);
    return { title, detail: detail && detail !== title ? detail : undefined };
  }
  return { title: t.errors.internal, detail: error instanceof Error ? error.message : undefined };
}
