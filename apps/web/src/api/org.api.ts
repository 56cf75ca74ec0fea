import { Org, RmListResponse } from '@dossier/contract';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { request } from './http.ts';

export type Rm = z.infer<typeof RmListResponse>['items'][number];

/** Relationship managers the caller may see and assign (owner filter and pickers). */
export function useRms(enabled = true) {
  return useQuery({
    queryKey: ['rms'],
    queryFn: () => request('/api/rms', { schema: RmListResponse }),
    staleTime: 5 * 60_000,
    enabled,
    select: (data) => data.items,
  });
}

/** Branches and teams, for the user form's pickers. */
export function useOrg(enabled = true) {
  return useQuery({
    queryKey: ['org'],
    queryFn: () => request('/api/org', { schema: Org }),
    staleTime: 5 * 60_000,
    enabled,
  });
}
