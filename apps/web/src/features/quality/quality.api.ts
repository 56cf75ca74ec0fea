import { ProfileQuality, TaskPage } from '@dossier/contract';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/http.ts';

export const qualityKeys = {
  client: (clientId: number) => ['quality', clientId] as const,
};

/** Shares the `tasks` prefix with the task pages, so a change there refreshes this list too. */
export const taskKeys = {
  all: ['tasks'] as const,
  openForClient: (clientId: number) => ['tasks', 'open-for-client', clientId] as const,
};

export function useProfileQuality(clientId: number) {
  return useQuery({
    queryKey: qualityKeys.client(clientId),
    queryFn: ({ signal }) => request(`/api/clients/${clientId}/quality`, { schema: ProfileQuality, signal }),
  });
}

/** The caller's own open tasks about this client (the API lists only the caller's tasks). */
export function useOpenTasksForClient(clientId: number) {
  return useQuery({
    queryKey: taskKeys.openForClient(clientId),
    queryFn: ({ signal }) =>
      request('/api/tasks', {
        query: { clientId, status: 'open', pageSize: 50 },
        schema: TaskPage,
        signal,
      }),
  });
}
