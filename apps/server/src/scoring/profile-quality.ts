import type { ClientKind, ProfileQuality, Provenance } from '@dossier/contract';

/**
 * Completeness and freshness of a client profile. Pure: plain values in, scores and a to-do list
 * out. A rule says whether a field is expected and how old its fact may be before it must be
 * confirmed again (income yearly, contact details every two years…).
 */
export type FieldRule = { field: string; required: boolean; maxAgeMonths: number | null };

export const DEFAULT_RULES: Record<ClientKind, FieldRule[]> = {
  individual: [
    { field: 'name', required: true, maxAgeMonths: null },
    { field: 'idNumber', required: true, maxAgeMonths: null },
    { field: 'mobile', required: true, maxAgeMonths: 24 },
    { field: 'address', required: true, maxAgeMonths: 24 },
    { field: 'occupation', required: true, maxAgeMonths: 24 },
    { field: 'annualIncomeBand', required: true, maxAgeMonths: 12 },
    // A risk tolerance assessment is valid for a year (its own assessment date counts).
    { field: 'riskTolerance', required: true, maxAgeMonths: 12 },
    { field: 'email', required: false, maxAgeMonths: 24 },
    { field: 'employer', required: false, maxAgeMonths: 24 },
    { field: 'maritalStatus', required: false, maxAgeMonths: 36 },
    { field: 'education', required: false, maxAgeMonths: null },
  ],
  corporate: [
    { field: 'name', required: true, maxAgeMonths: null },
    { field: 'creditCode', required: true, maxAgeMonths: null },
    { field: 'industryCode', required: true, maxAgeMonths: 36 },
    { field: 'legalRepresentative', required: true, maxAgeMonths: 24 },
    { field: 'registeredCapital', required: true, maxAgeMonths: 36 },
    { field: 'annualRevenue', required: true, maxAgeMonths: 12 },
    { field: 'creditRating', required: true, maxAgeMonths: 12 },
    { field: 'contacts', required: true, maxAgeMonths: 24 },
    { field: 'foundedOn', required: false, maxAgeMonths: null },
    { field: 'employees', required: false, maxAgeMonths: 12 },
    { field: 'listedStatus', required: false, maxAgeMonths: 12 },
  ],
};

/** `YYYY-MM-DD` plus whole months, clamped to the month's last day (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Scores a profile. `present` says which fields hold a value; `asOf` gives each fact's date.
 * Example: an individual whose income was confirmed 13 months ago has a stale income.
 */
export function assessProfile(
  kind: ClientKind,
  present: ReadonlySet<string>,
  asOf: Readonly<Record<string, Provenance | undefined>>,
  today: string,
  rules: Record<ClientKind, FieldRule[]> = DEFAULT_RULES,
): ProfileQuality {
  const issues: ProfileQuality['issues'] = [];
  let expected = 0;
  let filled = 0;
  let dated = 0;
  let fresh = 0;
  let nextDueOn: string | null = null;
  for (const rule of rules[kind]) {
    const has = present.has(rule.field);
    if (rule.required) {
      expected++;
      if (has) filled++;
      else issues.push({ field: rule.field, problem: 'missing', asOf: null, maxAgeMonths: null });
    }
    if (!has || rule.maxAgeMonths === null) continue;
    dated++;
    const since = asOf[rule.field]?.asOf;
    const due = since ? addMonths(since, rule.maxAgeMonths) : null;
    if (due === null || due <= today) {
      issues.push({
        field: rule.field,
        problem: 'stale',
        asOf: since ?? null,
        maxAgeMonths: rule.maxAgeMonths,
      });
    } else {
      fresh++;
      if (nextDueOn === null || due < nextDueOn) nextDueOn = due;
    }
  }
  return {
    completeness: expected === 0 ? 100 : Math.round((filled / expected) * 100),
    freshness: dated === 0 ? 100 : Math.round((fresh / dated) * 100),
    issues,
    nextDueOn,
  };
}
