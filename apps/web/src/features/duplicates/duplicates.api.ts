import { ClientDetail, DuplicatePairs, type MergeRequest } from '@dossier/contract';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/http.ts';

export const duplicateKeys = { all: ['duplicates'] as const };

export function useDuplicates() {
  return useQuery({
    queryKey: duplicateKeys.all,
    queryFn: ({ signal }) =>
      request('/api/duplicates', { query: { limit: 100 }, schema: DuplicatePairs, signal }),
  });
}

/** Both versions must still be current; otherwise the server answers 412 and nothing is merged. */
export function mergeClients(survivorId: number, body: MergeRequest): Promise<ClientDetail> {
  return request(`/api/clients/${survivorId}/merge`, { method: 'POST', body, schema: ClientDetail });
}
