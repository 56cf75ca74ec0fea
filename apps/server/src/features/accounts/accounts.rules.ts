import type { AccountCreate, AccountKind } from '@dossier/contract';
import type { FieldIssue } from '../../core/errors.ts';

type Term =
  | 'rateBp'
  | 'maturityOn'
  | 'principalMinor'
  | 'termMonths'
  | 'daysPastDue'
  | 'classification'
  | 'repaymentMethod'
  | 'firstDueOn'
  | 'limitMinor'
  | 'usedMinor'
  | 'units'
  | 'costMinor'
  | 'marketValueMinor'
  | 'riskLevel'
  | 'assetClass';

/** The terms each kind of account has. Anything else given for it is a mistake worth naming. */
export const KIND_TERMS: Record<AccountKind, readonly Term[]> = {
  demand_deposit: ['rateBp'],
  time_deposit: ['rateBp', 'principalMinor', 'maturityOn', 'termMonths'],
  loan: [
    'rateBp',
    'principalMinor',
    'maturityOn',
    'termMonths',
    'daysPastDue',
    'classification',
    'repaymentMethod',
    'firstDueOn',
  ],
  investment: ['units', 'costMinor', 'marketValueMinor', 'riskLevel', 'assetClass', 'maturityOn'],
  credit_card: ['limitMinor', 'daysPastDue'],
  credit_facility: ['limitMinor', 'usedMinor', 'maturityOn'],
};

const ALL_TERMS: readonly Term[] = [...new Set(Object.values(KIND_TERMS).flat())];

/** Terms a kind cannot do without: suitability needs an investment's risk level, utilisation a limit. */
const REQUIRED: Partial<Record<AccountKind, readonly Term[]>> = {
  investment: ['assetClass', 'riskLevel'],
  credit_card: ['limitMinor'],
  credit_facility: ['limitMinor'],
};

const KIND_WORDS: Record<AccountKind, string> = {
  demand_deposit: 'a demand deposit',
  time_deposit: 'a time deposit',
  loan: 'a loan',
  investment: 'an investment',
  credit_card: 'a credit card',
  credit_facility: 'a credit facility',
};

/**
 * What is wrong with a new account, by field (`prefix` places it in a batch: `accounts.3.`).
 * Pure: dates are compared with `today`, the bank's date.
 */
export function accountIssues(a: Omit<AccountCreate, 'source'>, today: string, prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const at = (field: string, message: string) => issues.push({ field: `${prefix}${field}`, message });
  const allowed = new Set(KIND_TERMS[a.kind]);
  for (const term of ALL_TERMS) {
    if (a[term] !== undefined && !allowed.has(term))
      at(term, `does not apply to ${KIND_WORDS[a.kind]} account; remove it`);
  }
  for (const term of REQUIRED[a.kind] ?? []) {
    if (a[term] === undefined) at(term, `is required for ${KIND_WORDS[a.kind]} account`);
  }
  if (a.openedOn > today) at('openedOn', 'cannot be in the future');
  if (a.closedOn !== undefined && a.closedOn < a.openedOn)
    at('closedOn', 'must not be before the opening date');
  if (a.status === 'closed' && a.closedOn === undefined)
    at('closedOn', 'is required when the account is closed');
  if (a.status !== 'closed' && a.closedOn !== undefined)
    at('status', 'must be closed when a closing date is given');
  if (a.maturityOn !== undefined && a.maturityOn < a.openedOn)
    at('maturityOn', 'must not be before the opening date');
  if (a.firstDueOn !== undefined && a.firstDueOn <= a.openedOn)
    at('firstDueOn', 'must be after the opening date');
  if (a.firstDueOn !== undefined && a.maturityOn !== undefined && a.firstDueOn > a.maturityOn)
    at('firstDueOn', 'must not be after the maturity date');
  if (a.balanceAsOf !== undefined && a.balanceMinor === undefined)
    at('balanceAsOf', 'only goes with balanceMinor: the time the balance was stated');
  if (a.usedMinor !== undefined && a.limitMinor !== undefined && a.usedMinor > a.limitMinor)
    at('usedMinor', 'is more than the limit');
  return issues;
}
