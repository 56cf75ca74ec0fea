import { addMonths } from '../../scoring/profile-quality.ts';

/** Months between periodic KYC reviews by AML risk rating (high yearly, medium 2 years, low 3). */
export const REVIEW_CYCLE_MONTHS: Record<string, number> = { high: 12, medium: 24, low: 36 };

/** When a client's next periodic review is due: from the last review, else from onboarding. */
export function kycReviewDueOn(r: {
  kyc_risk_rating: string | null;
  kyc_reviewed_on: string | null;
  created_at: string;
}): string | null {
  const months = r.kyc_risk_rating ? REVIEW_CYCLE_MONTHS[r.kyc_risk_rating] : undefined;
  if (months === undefined) return null;
  return addMonths(r.kyc_reviewed_on ?? r.created_at.slice(0, 10), months);
}
