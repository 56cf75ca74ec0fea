import { ClientKind, ClientStatus, Tier } from '@dossier/contract';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { ClientFilters } from './clients.api.ts';

const DEFAULT_PAGE_SIZE = 20;

function positiveInt(value: string | null): number | undefined {
  if (!value || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
}

/** The list's filters live in the address bar, so Back, reload and a shared link keep them. */
export function useClientListParams() {
  const [params, setParams] = useSearchParams();

  const filters = useMemo<ClientFilters>(
    () => ({
      q: params.get('q')?.trim() || undefined,
      kind: ClientKind.safeParse(params.get('kind')).data,
      tier: Tier.safeParse(params.get('tier')).data,
      status: ClientStatus.safeParse(params.get('status')).data,
      ownerId: positiveInt(params.get('ownerId')),
      page: positiveInt(params.get('page')) ?? 1,
      pageSize: Math.min(positiveInt(params.get('pageSize')) ?? DEFAULT_PAGE_SIZE, 100),
    }),
    [params],
  );

  /** Changing any filter goes back to page 1; paging keeps the filters. */
  const update = useCallback(
    (patch: Partial<ClientFilters>) => {
      const next: ClientFilters = { ...filters, page: 1, ...patch };
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(next)) {
        if (value === undefined || value === null || value === '') continue;
        if (key === 'page' && value === 1) continue;
        if (key === 'pageSize' && value === DEFAULT_PAGE_SIZE) continue;
        search.set(key, String(value));
      }
      setParams(search);
    },
    [filters, setParams],
  );

  const hasFilters = Boolean(filters.q || filters.kind || filters.tier || filters.status || filters.ownerId);
  return { filters, update, hasFilters };
}
