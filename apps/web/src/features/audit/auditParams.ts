import { AuditAction, IsoDate } from '@dossier/contract';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { AuditFilters } from './audit.api.ts';

function positiveInt(value: string | null): number | undefined {
  return value && /^[1-9]\d{0,14}$/.test(value) ? Number(value) : undefined;
}

/** The audit filters live in the address bar, so a reviewer can share exactly what they looked at. */
export function useAuditParams() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<AuditFilters>(
    () => ({
      userId: positiveInt(params.get('userId')),
      clientId: positiveInt(params.get('clientId')),
      action: AuditAction.safeParse(params.get('action')).data,
      from: IsoDate.safeParse(params.get('from')).data,
      to: IsoDate.safeParse(params.get('to')).data,
      page: positiveInt(params.get('page')) ?? 1,
      pageSize: Math.min(positiveInt(params.get('pageSize')) ?? 20, 100),
    }),
    [params],
  );

  const update = useCallback(
    (patch: Partial<AuditFilters>) => {
      const next: AuditFilters = { ...filters, page: 1, ...patch };
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(next)) {
        if (value === undefined || value === null || value === '') continue;
        if ((key === 'page' && value === 1) || (key === 'pageSize' && value === 20)) continue;
        search.set(key, String(value));
      }
      setParams(search);
    },
    [filters, setParams],
  );

  const hasFilters = Boolean(
    filters.userId || filters.clientId || filters.action || filters.from || filters.to,
  );
  return { filters, update, hasFilters };
}
