import { PlusOutlined } from '@ant-design/icons';
import { ROLES, type Role, type UserSummary } from '@dossier/contract';
import {
  Badge,
  Button,
  Card,
  Empty,
  Flex,
  Input,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useT } from '../../i18n/i18n.tsx';
import { formatInstant } from '../../lib/time.ts';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { UserCreateModal } from './UserCreateModal.tsx';
import { type UserFilters, useUserList } from './users.api.ts';

function useColumns(): TableColumnsType<UserSummary> {
  const t = useT();
  const c = t.users.columns;
  const dash = <Typography.Text type="secondary">{t.common.empty}</Typography.Text>;
  return [
    {
      title: c.displayName,
      dataIndex: 'displayName',
      render: (_, user) => (
        <Flex vertical>
          <Typography.Text strong>{user.displayName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {user.username}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: c.role, dataIndex: 'role', width: 130, render: (role: Role) => <Tag>{t.enums.role[role]}</Tag> },
    { title: c.branch, dataIndex: ['branch', 'name'], width: 160, render: (name?: string) => name ?? dash },
    { title: c.team, dataIndex: ['team', 'name'], width: 160, render: (name?: string) => name ?? dash },
    {
      title: c.active,
      dataIndex: 'active',
      width: 90,
      render: (active: boolean) => (
        <Badge status={active ? 'success' : 'default'} text={active ? t.users.active : t.users.inactive} />
      ),
    },
    {
      title: c.lastLoginAt,
      dataIndex: 'lastLoginAt',
      width: 160,
      render: (at: string | null) =>
        at ? formatInstant(at) : <Typography.Text type="secondary">{t.users.neverLoggedIn}</Typography.Text>,
    },
    { title: c.createdAt, dataIndex: 'createdAt', width: 160, render: (at: string) => formatInstant(at) },
  ];
}

export function UsersPage() {
  const t = useT();
  const [filters, setFilters] = useState<UserFilters>({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const list = useUserList(filters);
  const columns = useColumns();
  useDocumentTitle(t.users.title);

  return (
    <>
      <PageHeader
        title={t.users.title}
        subtitle={t.users.subtitle}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="user-create"
          >
            {t.users.create}
          </Button>
        }
      />
      <Card styles={{ body: { padding: 16 } }}>
        <Flex vertical gap={12}>
          <Flex gap={8} wrap>
            <Input.Search
              allowClear
              placeholder={t.users.searchPlaceholder}
              onSearch={(q) => setFilters((prev) => ({ ...prev, q: q.trim() || undefined, page: 1 }))}
              style={{ width: 280 }}
              data-testid="user-search"
            />
            <Select<Role>
              allowClear
              placeholder={t.users.columns.role}
              value={filters.role}
              onChange={(role) => setFilters((prev) => ({ ...prev, role, page: 1 }))}
              options={ROLES.map((role) => ({ value: role, label: t.enums.role[role] }))}
              style={{ width: 160 }}
            />
          </Flex>
          {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
          <Table<UserSummary>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            scroll={{ x: 960 }}
            locale={{
              emptyText: list.isPending ? (
                ' '
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.users.empty} />
              ),
            }}
            pagination={{
              current: filters.page,
              pageSize: filters.pageSize,
              total: list.data?.total ?? 0,
              showTotal: (total) => t.common.total(total),
              onChange: (page, pageSize) => setFilters((prev) => ({ ...prev, page, pageSize })),
            }}
          />
        </Flex>
      </Card>
      <UserCreateModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
