import {
  type ClientCreate,
  ClientDetail,
  type ClientListQuery,
  ClientPage,
  type ClientPatch,
  RevealResponse,
  type RevealRequest,
  SuggestResponse,
  type TransferRequest,
} from '@dossier/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { request } from '../../api/http.ts';

export type ClientFilters = Partial<Omit<ClientListQuery, 'page' | 'pageSize'>> & {
  page: number;
  pageSize: number;
};

export const clientKeys = {
  all: ['clients'] as const,
  list: (filters: ClientFilters) => ['clients', 'list', filters] as const,
  suggest: (q: string) => ['clients', 'suggest', q] as const,
  detail: (id: number) => ['clients', 'detail', id] as const,
};

export function useClientList(filters: ClientFilters) {
  return useQuery({
    queryKey: clientKeys.list(filters),
    queryFn: ({ signal }) => request('/api/clients', { query: filters, schema: ClientPage, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useSuggestions(q: string) {
  const trimmed = q.trim();
  return useQuery({
    queryKey: clientKeys.suggest(trimmed),
    queryFn: ({ signal }) =>
      request('/api/clients/suggest', { query: { q: trimmed, limit: 8 }, schema: SuggestResponse, signal }),
    enabled: trimmed.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    select: (data) => data.items,
  });
}

export function useClient(id: number) {
  return useQuery({
    queryKey: clientKeys.detail(id),
    queryFn: ({ signal }) => request(`/api/clients/${id}`, { schema: ClientDetail, signal }),
    // A client outside the caller's scope answers 404; asking again will not change that.
    retry: (count, error) => count < 2 && !('status' in error && error.status === 404),
  });
}

export function createClient(body: ClientCreate): Promise<ClientDetail> {
  return request('/api/clients', { method: 'POST', body, schema: ClientDetail });
}

/** Optimistic concurrency: the server refuses the edit (412) if the file changed since `version`. */
export function patchClient(id: number, version: number, body: ClientPatch): Promise<ClientDetail> {
  return request(`/api/clients/${id}`, {
    method: 'PATCH',
    body,
    headers: { 'If-Match': `"${version}"` },
    schema: ClientDetail,
  });
}

export function revealField(id: number, body: RevealRequest) {
  return request(`/api/clients/${id}/reveal`, { method: 'POST', body, schema: RevealResponse });
}

export function transferClient(id: number, body: TransferRequest): Promise<ClientDetail> {
  return request(`/api/clients/${id}/transfer`, { method: 'POST', body, schema: ClientDetail });
}
