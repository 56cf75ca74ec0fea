import type { Money } from '@dossier/contract';
import type { Dictionary } from '../../i18n/zh.ts';
import { formatMoney } from '../../lib/money.ts';
import { incomeBandLabel } from '../clients/clientLabels.ts';

/** Fields whose stored value is a code with a label in the dictionary. */
function enumLabels(t: Dictionary): Record<string, Record<string, string>> {
  const e = t.enums;
  return {
    tier: e.tier,
    status: e.status,
    gender: e.gender,
    idType: e.idType,
    maritalStatus: e.maritalStatus,
    education: e.education,
    riskTolerance: e.riskTolerance,
    listedStatus: e.listedStatus,
    creditRating: e.creditRating,
    kycRiskRating: e.kycRiskRating,
  };
}

function isMoney(value: unknown): value is Money {
  return typeof value === 'object' && value !== null && 'minor' in value && 'currency' in value;
}

/** A recorded value as a person reads it: labels for codes, money in 万元, lists joined; null is `null`. */
export function historyValue(t: Dictionary, lang: 'zh' | 'en', field: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.length ? value.map(String).join('、') : null;
  if (isMoney(value)) return formatMoney(value, lang);
  if (typeof value === 'string') {
    const label = enumLabels(t)[field]?.[value];
    if (label) return label;
    if (field === 'annualIncomeBand') return incomeBandLabel(t, value);
    return value;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function fieldLabel(t: Dictionary, field: string): string {
  return (t.fields as Record<string, string>)[field] ?? field;
}
