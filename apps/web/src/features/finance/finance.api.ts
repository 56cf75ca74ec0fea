import {
  AccountDetail,
  AccountList,
  type CollateralCreate,
  FinanceSummary,
  type LoanGuaranteeCreate,
  type TransactionListQuery,
  TransactionPage,
} from '@dossier/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { request } from '../../api/http.ts';

/** The filters of the transaction list as the API takes them (page and size included). */
export type TransactionFilters = Partial<TransactionListQuery>;

export const financeKeys = {
  all: (clientId: number) => ['finance', clientId] as const,
  summary: (clientId: number) => ['finance', clientId, 'summary'] as const,
  accounts: (clientId: number) => ['finance', clientId, 'accounts'] as const,
  account: (clientId: number, accountId: number) => ['finance', clientId, 'account', accountId] as const,
  transactions: (clientId: number, filters: TransactionFilters) =>
    ['finance', clientId, 'transactions', filters] as const,
};

/** AUM, liabilities, the daily series, flows, holdings and counterparties: read from the rollups. */
export function useFinanceSummary(clientId: number) {
  return useQuery({
    queryKey: financeKeys.summary(clientId),
    queryFn: ({ signal }) => request(`/api/clients/${clientId}/finance`, { schema: FinanceSummary, signal }),
  });
}

export function useClientAccounts(clientId: number) {
  return useQuery({
    queryKey: financeKeys.accounts(clientId),
    queryFn: ({ signal }) => request(`/api/clients/${clientId}/accounts`, { schema: AccountList, signal }),
  });
}

/** One page of the client's transactions, newest first; the previous page stays on screen while the next loads. */
export function useClientTransactions(clientId: number, filters: TransactionFilters) {
  return useQuery({
    queryKey: financeKeys.transactions(clientId, filters),
    queryFn: ({ signal }) =>
      request(`/api/clients/${clientId}/transactions`, { schema: TransactionPage, query: filters, signal }),
    placeholderData: keepPreviousData,
  });
}

/** One account with its repayment schedule, collateral and linked guarantees. */
export function useAccountDetail(clientId: number, accountId: number | null) {
  return useQuery({
    queryKey: financeKeys.account(clientId, accountId ?? 0),
    queryFn: ({ signal }) => request(`/api/accounts/${accountId}`, { schema: AccountDetail, signal }),
    enabled: accountId !== null,
  });
}

export function addCollateral(accountId: number, body: CollateralCreate) {
  return request(`/api/accounts/${accountId}/collateral`, { method: 'POST', body, schema: AccountDetail });
}

export function linkGuarantee(accountId: number, body: LoanGuaranteeCreate) {
  return request(`/api/accounts/${accountId}/guarantees`, { method: 'POST', body, schema: AccountDetail });
}
