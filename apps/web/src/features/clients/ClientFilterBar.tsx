import {
  CLIENT_KINDS,
  CLIENT_STATUSES,
  type ClientKind,
  type ClientStatus,
  TIERS,
  type Tier,
} from '@dossier/contract';
import { Button, Flex, Select } from 'antd';
import { useRms } from '../../api/org.api.ts';
import { useT } from '../../i18n/i18n.tsx';
import type { ClientFilters } from './clients.api.ts';

interface ClientFilterBarProps {
  filters: ClientFilters;
  onChange: (patch: Partial<ClientFilters>) => void;
  onClear: () => void;
  hasFilters: boolean;
}

export function ClientFilterBar({ filters, onChange, onClear, hasFilters }: ClientFilterBarProps) {
  const t = useT();
  const rms = useRms();
  // An RM who can only assign to themselves has nothing to filter by.
  const showOwner = (rms.data?.length ?? 0) > 1;

  return (
    <Flex gap={8} wrap align="center">
      <Select<Tier>
        allowClear
        placeholder={t.clients.filters.tier}
        value={filters.tier}
        onChange={(tier) => onChange({ tier })}
        options={TIERS.map((tier) => ({ value: tier, label: t.enums.tier[tier] }))}
        style={{ width: 132 }}
        data-testid="filter-tier"
      />
      <Select<ClientKind>
        allowClear
        placeholder={t.clients.filters.kind}
        value={filters.kind}
        onChange={(kind) => onChange({ kind })}
        options={CLIENT_KINDS.map((kind) => ({ value: kind, label: t.enums.kind[kind] }))}
        style={{ width: 132 }}
        data-testid="filter-kind"
      />
      <Select<ClientStatus>
        allowClear
        placeholder={t.clients.filters.status}
        value={filters.status}
        onChange={(status) => onChange({ status })}
        options={CLIENT_STATUSES.map((status) => ({ value: status, label: t.enums.status[status] }))}
        style={{ width: 132 }}
        data-testid="filter-status"
      />
      {showOwner ? (
        <Select<number>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t.clients.filters.owner}
          value={filters.ownerId}
          onChange={(ownerId) => onChange({ ownerId })}
          options={(rms.data ?? []).map((rm) => ({
            value: rm.id,
            label: `${rm.displayName}（${rm.username}）`,
          }))}
          style={{ width: 200 }}
          loading={rms.isLoading}
          data-testid="filter-owner"
        />
      ) : null}
      {hasFilters ? (
        <Button type="link" onClick={onClear}>
          {t.common.clearFilters}
        </Button>
      ) : null}
    </Flex>
  );
}
