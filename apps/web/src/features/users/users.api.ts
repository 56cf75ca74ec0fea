import { type Role, type UserCreate, UserPage, UserSummary } from '@dossier/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { request } from '../../api/http.ts';

export interface UserFilters {
  q?: string | undefined;
  role?: Role | undefined;
  page: number;
  pageSize: number;
}

export const userKeys = {
  all: ['users'] as const,
  list: (filters: UserFilters) => ['users', filters] as const,
};

export function useUserList(filters: UserFilters, enabled = true) {
  return useQuery({
    queryKey: userKeys.list(filters),
    queryFn: ({ signal }) => request('/api/users', { query: { ...filters }, schema: UserPage, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function createUser(body: UserCreate): Promise<UserSummary> {
  return request('/api/users', { method: 'POST', body, schema: UserSummary });
}
