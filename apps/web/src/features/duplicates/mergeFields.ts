import {
  CORPORATE_FIELDS,
  type ClientDetail,
  type ClientKind,
  type CorporateField,
  INDIVIDUAL_FIELDS,
  type IndividualField,
} from '@dossier/contract';
import type { Dictionary } from '../../i18n/zh.ts';
import { formatMoney } from '../../lib/money.ts';
import { incomeBandLabel } from '../clients/clientLabels.ts';

/** Fields a merge may take from either file, as the server accepts them in `take` (contacts always move). */
const COMMON = ['name', 'tier', 'status', 'tags'] as const;
const INDIVIDUAL = INDIVIDUAL_FIELDS;
type CorporateMergeField = Exclude<CorporateField, 'contacts'>;
const CORPORATE = CORPORATE_FIELDS.filter((f): f is CorporateMergeField => f !== 'contacts');

export type MergeField = (typeof COMMON)[number] | IndividualField | CorporateMergeField;

export function mergeFieldsOf(kind: ClientKind): MergeField[] {
  return [...COMMON, ...(kind === 'individual' ? INDIVIDUAL : CORPORATE)];
}

/** The raw value, for telling whether the two files agree. */
export function rawValue(client: ClientDetail, field: MergeField): unknown {
  return client[field] ?? null;
}

export function isBlank(value: unknown): boolean {
  return (
    value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

/** The value as the profile page shows it: enum labels in the user's language, money in 万元. */
export function displayValue(
  t: Dictionary,
  lang: 'zh' | 'en',
  client: ClientDetail,
  field: MergeField,
): string {
  const value = rawValue(client, field);
  if (isBlank(value)) return '';
  const e = t.enums;
  switch (field) {
    case 'tier':
      return e.tier[client.tier];
    case 'status':
      return e.status[client.status];
    case 'tags':
      return client.tags.join('、');
    case 'gender':
      return client.gender ? e.gender[client.gender] : '';
    case 'idType':
      return client.idType ? e.idType[client.idType] : '';
    case 'annualIncomeBand':
      return client.annualIncomeBand ? incomeBandLabel(t, client.annualIncomeBand) : '';
    case 'maritalStatus':
      return client.maritalStatus ? e.maritalStatus[client.maritalStatus] : '';
    case 'education':
      return client.education ? e.education[client.education] : '';
    case 'riskTolerance':
      return client.riskTolerance ? e.riskTolerance[client.riskTolerance] : '';
    case 'listedStatus':
      return client.listedStatus ? e.listedStatus[client.listedStatus] : '';
    case 'creditRating':
      return client.creditRating ? e.creditRating[client.creditRating] : '';
    case 'registeredCapital':
      return formatMoney(client.registeredCapital, lang);
    case 'annualRevenue':
      return formatMoney(client.annualRevenue, lang);
    default:
      return String(value);
  }
}
