import { BankOutlined, DownloadOutlined, PlusOutlined, UserOutlined } from '@ant-design/icons';
import type { ClientSummary } from '@dossier/contract';
import { Avatar, Button, Card, Empty, Flex, Table, type TableColumnsType, Tooltip, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router';
import { withQuery } from '../../api/http.ts';
import { useT } from '../../i18n/i18n.tsx';
import { formatInstant } from '../../lib/time.ts';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { StatusBadge, TierTag } from '../../ui/EnumTags.tsx';
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
  const dash = <Typography.Text type="secondary">{t.common.empty}</Typography.Text>;
  return [
    {
      title: c.name,
      dataIndex: 'name',
      render: (_, client) => (
        <Flex gap={10} align="center" style={{ minWidth: 0 }}>
          <Tooltip title={t.enums.kind[client.kind]}>
            <Avatar
              size={32}
              icon={client.kind === 'corporate' ? <BankOutlined /> : <UserOutlined />}
              style={{
                background: client.kind === 'corporate' ? '#e6f4f4' : '#e8eef7',
                color: client.kind === 'corporate' ? '#13808a' : '#1f4e8c',
                flexShrink: 0,
              }}
            />
          </Tooltip>
          <Flex vertical style={{ minWidth: 0 }}>
            <Link to={`/clients/${client.id}`} onClick={(event) => event.stopPropagation()}>
              <Typography.Text
                strong
                ellipsis={{ tooltip: client.name }}
                style={{ color: 'inherit', maxWidth: 280 }}
              >
                {client.name}
              </Typography.Text>
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {client.code}
            </Typography.Text>
          </Flex>
        </Flex>
      ),
    },
    { title: c.tier, dataIndex: 'tier', width: 100, render: (_, client) => <TierTag tier={client.tier} /> },
    {
      title: c.status,
      dataIndex: 'status',
      width: 104,
      render: (_, client) => <StatusBadge status={client.status} />,
    },
    {
      title: c.identifier,
      dataIndex: 'identifier',
      width: 200,
      render: (value: string | null) => (value ? <span className="dossier-masked">{value}</span> : dash),
    },
    {
      title: c.mobile,
      dataIndex: 'mobile',
      width: 130,
      render: (value: string | null) => (value ? <span className="dossier-masked">{value}</span> : dash),
    },
    { title: c.owner, dataIndex: ['owner', 'displayName'], width: 100, ellipsis: true },
    { title: c.branch, dataIndex: ['branch', 'name'], width: 110, ellipsis: true },
    {
      title: c.updatedAt,
      dataIndex: 'updatedAt',
      width: 140,
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
          <>
            {/* A plain link: the browser streams the workbook itself; the server masks values and audits the export. */}
            <Tooltip title={t.exports.hint} placement="bottomRight">
              <Button
                icon={<DownloadOutlined />}
                href={withQuery('/api/clients/export', {
                  q: filters.q,
                  tier: filters.tier,
                  kind: filters.kind,
                  status: filters.status,
                  ownerId: filters.ownerId,
                })}
                download
                data-testid="export-clients"
              >
                {t.exports.button}
              </Button>
            </Tooltip>
            {canCreate ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate('/clients/new')}
                data-testid="new-client"
              >
                {t.clients.newClient}
              </Button>
            ) : null}
          </>
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
            scroll={{ x: 1100 }}
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
