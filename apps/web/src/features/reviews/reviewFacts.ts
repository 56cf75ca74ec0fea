import { CORPORATE_FIELDS, type ClientDetail, INDIVIDUAL_FIELDS } from '@dossier/contract';

/** The facts on file a review can confirm: the client's own kind of fields that hold a value, name first. */
export function confirmableFacts(detail: ClientDetail): string[] {
  const own = detail.kind === 'individual' ? INDIVIDUAL_FIELDS : CORPORATE_FIELDS;
  const held = own.filter((field) => {
    if (field === 'contacts') return false;
    const value = (detail as Record<string, unknown>)[field];
    return value !== null && value !== undefined && value !== '';
  });
  return ['name', ...held];
}

/** Days from `today` to `dueOn` (negative when overdue). Both are `YYYY-MM-DD`. */
export function daysUntil(dueOn: string, today: string): number {
  return Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
