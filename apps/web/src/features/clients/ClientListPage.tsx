import { PlusOutlined } from '@ant-design/icons';
import type { ClientSummary } from '@dossier/contract';
import { Button, Card, Empty, Flex, Table, type TableColumnsType, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router';
import { useT } from '../../i18n/i18n.tsx';
import { formatInstant } from '../../lib/time.ts';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { KindTag, StatusBadge, TierTag } from '../../ui/EnumTags.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useCan } from '../auth/permissions.ts';
import { ClientFilterBar } from './ClientFilterBar.tsx';
import { ClientSearchBox } from './ClientSearchBox.tsx';
import { useClientList } from './clients.api.ts';
import { useClientListParams } from './clientListParams.ts';

function useColumns(): TableColumnsType<ClientSummary> {
  const t = useT();
  const c = t.clients.columns;
  return [
    {
      title: c.name,
      dataIndex: 'name',
      ellipsis: true,
      render: (_, client) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Link to={`/clients/${client.id}`} onClick={(event) => event.stopPropagation()}>
            <Typography.Text strong ellipsis style={{ color: 'inherit' }}>
              {client.name}
            </Typography.Text>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {client.code}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t.fields.kind, dataIndex: 'kind', width: 104, render: (_, client) => <KindTag kind={client.kind} /> },
    { title: c.tier, dataIndex: 'tier', width: 108, render: (_, client) => <TierTag tier={client.tier} /> },
    {
      title: c.status,
      dataIndex: 'status',
      width: 108,
      render: (_, client) => <StatusBadge status={client.status} />,
    },
    {
      title: c.identifier,
      dataIndex: 'identifier',
      width: 210,
      render: (value: string | null) => <span className="dossier-masked">{value ?? t.common.empty}</span>,
    },
    {
      title: c.mobile,
      dataIndex: 'mobile',
      width: 130,
      render: (value: string | null) => <span className="dossier-masked">{value ?? t.common.empty}</span>,
    },
    { title: c.owner, dataIndex: ['owner', 'displayName'], width: 120, ellipsis: true },
    { title: c.branch, dataIndex: ['branch', 'name'], width: 150, ellipsis: true },
    {
      title: c.updatedAt,
      dataIndex: 'updatedAt',
      width: 150,
      render: (value: string) => formatInstant(value),
    },
  ];
}

export function ClientListPage() {
  const t = useT();
  const navigate = useNavigate();
  const canCreate = useCan('client.create');
  const { filters, update, hasFilters } = useClientListParams();
  const list = useClientList(filters);
  const columns = useColumns();
  useDocumentTitle(t.clients.title);

  const clearAll = () =>
    update({ q: undefined, kind: undefined, tier: undefined, status: undefined, ownerId: undefined });

  const emptyText = hasFilters ? (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.clients.emptyFiltered}>
      <Button onClick={clearAll}>{t.common.clearFilters}</Button>
    </Empty>
  ) : (
    <Empty description={canCreate ? t.clients.emptyNoData : t.clients.emptyNoDataReadOnly}>
      {canCreate ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/clients/new')}>
          {t.clients.newClient}
        </Button>
      ) : null}
    </Empty>
  );

  return (
    <>
      <PageHeader
        title={t.clients.title}
        subtitle={t.clients.subtitle}
        extra={
          canCreate ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/clients/new')}
              data-testid="new-client"
            >
              {t.clients.newClient}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { padding: 16 } }}>
        <Flex vertical gap={12}>
          <Flex gap={12} wrap align="center" justify="space-between">
            <ClientSearchBox initial={filters.q ?? ''} onSearch={(q) => update({ q: q || undefined })} />
            <ClientFilterBar filters={filters} onChange={update} onClear={clearAll} hasFilters={hasFilters} />
          </Flex>
          {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
          <Table<ClientSummary>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            locale={{ emptyText: list.isPending ? ' ' : emptyText }}
            scroll={{ x: 1180 }}
            rowClassName={() => 'dossier-clickable-row'}
            onRow={(client) =>
              ({
                'data-testid': 'client-row',
                onClick: () => navigate(`/clients/${client.id}`),
              }) as HTMLAttributes<HTMLElement>
            }
            pagination={{
              current: filters.page,
              pageSize: filters.pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => t.clients.total(total),
              onChange: (page, pageSize) =>
                update(pageSize === filters.pageSize ? { page } : { page: 1, pageSize }),
            }}
          />
        </Flex>
      </Card>
    </>
  );
}
