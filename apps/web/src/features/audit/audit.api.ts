import { AuditPage, type AuditQuery } from '@dossier/contract';
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
