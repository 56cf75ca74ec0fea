import {
  type AccountKind,
  type GroupFinanceFigures,
  LOAN_CLASSIFICATIONS,
  type LoanClassCounts,
  type LoanClassification,
} from '@dossier/contract';
import type { GroupAccountRow } from './relationships.repo.ts';

/** Classes a risk officer watches: special mention (关注) and worse. */
const WATCHED = new Set<string>(LOAN_CLASSIFICATIONS.filter((c) => c !== 'normal'));

export type Tally = {
  accounts: number;
  figures: GroupFinanceFigures[];
  loans: LoanClassCounts;
  watchLoans: number;
};

const empty = (currency: string): GroupFinanceFigures => ({
  currency,
  depositsMinor: 0,
  investmentsMinor: 0,
  assetsMinor: 0,
  loansMinor: 0,
  cardsMinor: 0,
  liabilitiesMinor: 0,
  facilityLimitMinor: 0,
  facilityUsedMinor: 0,
  utilisationBp: null,
});

/**
 * Adds up accounts per currency (never across currencies): deposits and investments held, loans
 * and cards owed, credit facilities' limits and drawn amounts, and loans by classification.
 * Pure: the rows are what the caller may show.
 */
export function tally(rows: readonly GroupAccountRow[]): Tally {
  const byCurrency = new Map<string, GroupFinanceFigures>();
  const counts = new Map<LoanClassification, number>(LOAN_CLASSIFICATIONS.map((c) => [c, 0]));
  for (const r of rows) {
    const f = byCurrency.get(r.currency) ?? empty(r.currency);
    byCurrency.set(r.currency, f);
    const balance = Number(r.balance_minor);
    switch (r.kind as AccountKind) {
      case 'demand_deposit':
      case 'time_deposit':
        f.depositsMinor += balance;
        f.assetsMinor += balance;
        break;
      case 'investment':
        f.investmentsMinor += balance;
        f.assetsMinor += balance;
        break;
      case 'loan':
        f.loansMinor += balance;
        f.liabilitiesMinor += balance;
        if (r.classification !== null) {
          const c = r.classification as LoanClassification;
          counts.set(c, (counts.get(c) ?? 0) + 1);
        }
        break;
      case 'credit_card':
        f.cardsMinor += balance;
        f.liabilitiesMinor += balance;
        break;
      case 'credit_facility':
        f.facilityLimitMinor += Number(r.limit_minor ?? 0);
        f.facilityUsedMinor += Number(r.used_minor ?? 0);
        break;
    }
  }
  const figures = [...byCurrency.values()]
    .map((f) => ({
      ...f,
      utilisationBp:
        f.facilityLimitMinor > 0 ? Math.round((f.facilityUsedMinor * 10_000) / f.facilityLimitMinor) : null,
    }))
    .sort((a, b) =>
      a.currency === 'CNY' ? -1 : b.currency === 'CNY' ? 1 : a.currency < b.currency ? -1 : 1,
    );
  const loans = LOAN_CLASSIFICATIONS.map((classification) => ({
    classification,
    count: counts.get(classification) ?? 0,
  }));
  return {
    accounts: rows.length,
    figures,
    loans,
    watchLoans: loans.filter((l) => WATCHED.has(l.classification)).reduce((s, l) => s + l.count, 0),
  };
}
