import {
  CORPORATE_DOCUMENT_KINDS,
  type ClientKind,
  DOCUMENT_KINDS,
  type DocumentKind,
  type DocumentStatus,
  INDIVIDUAL_DOCUMENT_KINDS,
  type RequirementState,
} from '@dossier/contract';
import dayjs from 'dayjs';
import type { Dictionary } from '../../i18n/zh.ts';
import { todayInBank } from '../../lib/time.ts';

/** Kinds that fit a client: no business licence for a person, no ID card for a company. */
export function kindsFor(clientKind: ClientKind): DocumentKind[] {
  const other = clientKind === 'individual' ? CORPORATE_DOCUMENT_KINDS : INDIVIDUAL_DOCUMENT_KINDS;
  return DOCUMENT_KINDS.filter((kind) => !other.includes(kind));
}

export const STATUS_COLOR: Record<DocumentStatus, string> = {
  uploaded: 'processing',
  verified: 'success',
  rejected: 'error',
};

export const STATE_COLOR: Record<RequirementState, string> = {
  met: 'success',
  pending_verification: 'processing',
  expired: 'error',
  missing: 'error',
};

/** `always` → 基本要求; `riskTolerance:C5` → 风险承受能力 C5; `creditRating:B` → 信用评级 B. */
export function becauseLabel(t: Dictionary, because: string): string {
  const b = t.documents.because;
  if (because === 'always') return b.always;
  const [key, level = ''] = because.split(':');
  if (key === 'riskTolerance') return b.riskTolerance(level);
  if (key === 'creditRating') return b.creditRating(level);
  return because;
}

/** Days from today (bank's zone) to an expiry date; negative once passed. */
export function daysUntil(date: string): number {
  return dayjs(date).diff(dayjs(todayInBank()), 'day');
}
