import type { FormInstance } from 'antd';
import type { ApiError, FieldIssue } from '../api/http.ts';

type NamePath = (string | number)[];

/**
 * `contacts.0.phone` → ['contacts', 0, 'phone']. Parts below a money field (`registeredCapital.minor`)
 * belong to the one input that edits the whole amount.
 */
export function toNamePath(field: string, moneyFields: readonly string[] = []): NamePath {
  const parts: NamePath = field
    .split('.')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const first = parts[0];
  if (typeof first === 'string' && moneyFields.includes(first)) return [first];
  return parts;
}

function issuesOf(error: ApiError): FieldIssue[] {
  if (error.issues.length > 0) return error.issues;
  if (error.field) return [{ field: error.field, message: error.message }];
  return [];
}

/**
 * Puts the server's field errors beside the form's fields. Returns the problems no field on the form
 * can show (so the caller can list them above the form instead of dropping them).
 */
export function showServerErrors(
  form: FormInstance,
  error: ApiError,
  isOnForm: (path: NamePath) => boolean,
  options: {
    moneyFields?: readonly string[];
    translate?: (message: string) => string;
    /** Where on the form a problem with a whole part (`contacts.1`) is shown, when not at its own path. */
    placeAt?: (path: NamePath) => NamePath;
  } = {},
): FieldIssue[] {
  const { moneyFields = [], translate = (message: string) => message, placeAt = (path) => path } = options;
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const leftover: FieldIssue[] = [];
  for (const issue of issuesOf(error)) {
    const name = placeAt(toNamePath(issue.field, moneyFields));
    if (name.length === 0 || !isOnForm(name)) {
      leftover.push(issue);
      continue;
    }
    const key = name.join('.');
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(translate(issue.message));
    byField.set(key, entry);
  }
  if (byField.size > 0) {
    form.setFields([...byField.values()].map(({ name, errors }) => ({ name, errors })));
    const first = [...byField.values()][0];
    if (first) form.scrollToField(first.name, { block: 'center', behavior: 'smooth' });
  }
  return leftover;
}
