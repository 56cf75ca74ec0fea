import { AUDIT_ACTIONS, type AuditAction } from '@dossier/contract';
import { Button, DatePicker, Flex, InputNumber, Select } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useRms } from '../../api/org.api.ts';
import { useT } from '../../i18n/i18n.tsx';
import { useCan } from '../auth/permissions.ts';
import { useUserList } from '../users/users.api.ts';
import type { AuditFilters } from './audit.api.ts';

interface AuditFilterBarProps {
  filters: AuditFilters;
  onChange: (patch: Partial<AuditFilters>) => void;
  onClear: () => void;
  hasFilters: boolean;
}

/** People to filter by: every user for an administrator, otherwise the RMs the caller can see. */
function useActorOptions(search: string) {
  const isAdmin = useCan('user.admin');
  const users = useUserList({ q: search || undefined, page: 1, pageSize: 50 }, isAdmin);
  const rms = useRms(!isAdmin);
  if (isAdmin) {
    return {
      loading: users.isFetching,
      options: (users.data?.items ?? []).map((u) => ({
        value: u.id,
        label: `${u.displayName}（${u.username}）`,
      })),
      remote: true,
    };
  }
  return {
    loading: rms.isFetching,
    options: (rms.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` })),
    remote: false,
  };
}

export function AuditFilterBar({ filters, onChange, onClear, hasFilters }: AuditFilterBarProps) {
  const t = useT();
  const [search, setSearch] = useState('');
  const actors = useActorOptions(search);
  const f = t.audit.filters;
  const knownActor = actors.options.some((option) => option.value === filters.userId);
  const actorOptions =
    filters.userId && !knownActor
      ? [...actors.options, { value: filters.userId, label: `#${filters.userId}` }]
      : actors.options;

  return (
    <Flex gap={8} wrap align="center">
      <Select<number>
        allowClear
        showSearch={
          actors.remote ? { filterOption: false, onSearch: setSearch } : { optionFilterProp: 'label' }
        }
        placeholder={f.user}
        value={filters.userId}
        onChange={(userId) => onChange({ userId })}
        options={actorOptions}
        loading={actors.loading}
        style={{ width: 220 }}
        data-testid="audit-user"
      />
      <InputNumber<number>
        placeholder={f.client}
        value={filters.clientId ?? null}
        min={1}
        precision={0}
        controls={false}
        onChange={(clientId) => onChange({ clientId: clientId ?? undefined })}
        style={{ width: 120 }}
        data-testid="audit-client"
      />
      <Select<AuditAction>
        allowClear
        placeholder={f.action}
        value={filters.action}
        onChange={(action) => onChange({ action })}
        options={AUDIT_ACTIONS.map((action) => ({ value: action, label: t.enums.auditAction[action] }))}
        style={{ width: 160 }}
        data-testid="audit-action"
      />
      <DatePicker.RangePicker
        value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
        onChange={(range) =>
          onChange({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
        }
        allowEmpty={[true, true]}
        data-testid="audit-range"
      />
      {hasFilters ? (
        <Button type="link" onClick={onClear}>
          {t.common.clearFilters}
        </Button>
      ) : null}
    </Flex>
  );
}
