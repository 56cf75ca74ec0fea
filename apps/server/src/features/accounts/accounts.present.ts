import type {
  Account,
  AccountKind,
  AccountStatus,
  AssetClass,
  LoanClassification,
  ProductRiskLevel,
  RepaymentMethod,
} from '@dossier/contract';
import type { Vault } from '../../core/crypto.ts';
import { maskAccountNo } from '../../core/masking.ts';
import type { AccountState } from '../../finance/ledger.ts';
import type { AccountRow } from './accounts.repo.ts';

/** A nullable numeric column as a JavaScript number. */
export const num = (v: number | null) => (v === null ? null : Number(v));

/** An account as shown: the number masked (it is class C2 data), money as integers. */
export function presentAccount(r: AccountRow, vault: Vault): Account {
  return {
    id: Number(r.id),
    clientId: Number(r.client_id),
    kind: r.kind as AccountKind,
    productName: r.product_name,
    accountNo: maskAccountNo(vault.decrypt(r.account_no_enc)),
    currency: r.currency,
    status: r.status as AccountStatus,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
    balance: { minor: Number(r.balance_minor), currency: r.currency },
    balanceAsOf: r.balance_as_of,
    rateBp: num(r.rate_bp),
    maturityOn: r.maturity_on,
    principalMinor: num(r.principal_minor),
    termMonths: num(r.term_months),
    daysPastDue: num(r.days_past_due),
    classification: r.classification as LoanClassification | null,
    repaymentMethod: r.repayment_method as RepaymentMethod | null,
    firstDueOn: r.first_due_on,
    limitMinor: num(r.limit_minor),
    usedMinor: num(r.used_minor),
    units: r.units,
    costMinor: num(r.cost_minor),
    marketValueMinor: num(r.market_value_minor),
    riskLevel: r.risk_level as ProductRiskLevel | null,
    assetClass: r.asset_class as AssetClass | null,
    source: r.source,
    updatedAt: r.updated_at,
  };
}

/** The ledger's view of a stored account. */
export function stateOf(r: AccountRow): AccountState {
  return {
    id: Number(r.id),
    clientId: Number(r.client_id),
    kind: r.kind as AccountKind,
    currency: r.currency,
    balanceMinor: Number(r.balance_minor),
    balanceAsOf: r.balance_as_of,
    balanceAnchorAt: r.balance_anchor_at,
  };
}
