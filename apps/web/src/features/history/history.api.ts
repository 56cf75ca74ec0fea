import { FieldHistory } from '@dossier/contract';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/http.ts';

export const historyKeys = {
  client: (clientId: number) => ['history', clientId] as const,
};

export function useFieldHistory(clientId: number) {
  return useQuery({
    queryKey: historyKeys.client(clientId),
    queryFn: ({ signal }) => request(`/api/clients/${clientId}/history`, { schema: FieldHistory, signal }),
  });
}
