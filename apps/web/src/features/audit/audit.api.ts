import { AuditPage, type AuditQuery, AuditVerifyResponse } from '@dossier/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { request } from '../../api/http.ts';

export type AuditFilters = Partial<Omit<AuditQuery, 'page' | 'pageSize'>> & {
  page: number;
  pageSize: number;
};

export function useAuditLog(filters: AuditFilters) {
  return useQuery({
    queryKey: ['audit', filters],
    queryFn: ({ signal }) => request('/api/audit', { query: filters, schema: AuditPage, signal }),
    placeholderData: keepPreviousData,
  });
}

/**
 * The whole hash chain checked on the server. It reads every entry, so it runs when the page opens
 * and when asked again, not each time the window regains focus or the filters change.
 */
export function useAuditChain() {
  return useQuery({
    queryKey: ['audit-chain'],
    queryFn: ({ signal }) => request('/api/audit/verify', { schema: AuditVerifyResponse, signal }),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}
