import type { AuditAction, AuditEntry } from '@dossier/contract';
import { Button, Card, Empty, Flex, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { useT } from '../../i18n/i18n.tsx';
import { formatInstant } from '../../lib/time.ts';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { AuditChainStatus } from './AuditChainStatus.tsx';
import { AuditChanges } from './AuditChanges.tsx';
import { AuditFilterBar } from './AuditFilterBar.tsx';
import { useAuditLog } from './audit.api.ts';
import { useAuditParams } from './auditParams.ts';

const ACTION_COLOR: Record<AuditAction, string> = {
  'auth.login': 'default',
  'auth.login_failed': 'red',
  'auth.logout': 'default',
  'client.create': 'green',
  'client.update': 'blue',
  'client.reveal': 'orange',
  'client.transfer': 'purple',
  'client.export': 'volcano',
  'user.create': 'cyan',
  'user.update': 'cyan',
  'system.seed': 'default',
  'client.import': 'green',
  'client.merge': 'purple',
  'client.review': 'geekblue',
  'import.mapping': 'default',
  'consent.record': 'geekblue',
  'task.create': 'default',
  'task.update': 'default',
  'relationship.create': 'blue',
  'relationship.delete': 'blue',
  'document.upload': 'green',
  'document.replace': 'green',
  'document.verify': 'cyan',
  'document.reject': 'red',
  'document.view': 'orange',
  'document.download': 'orange',
  'settings.update': 'magenta',
  'account.create': 'green',
  'loan.collateral_add': 'green',
  'loan.guarantee_link': 'blue',
  'transaction.ingest': 'geekblue',
  'rule.propose': 'gold',
  'rule.approve': 'gold',
  'rule.reject': 'red',
  'rule.failed': 'red',
  'alert.status': 'volcano',
  'alert.comment': 'default',
  'alert.action': 'volcano',
  'alert.decide': 'volcano',
};

function useColumns(onUser: (userId: number) => void): TableColumnsType<AuditEntry> {
  const t = useT();
  const c = t.audit.columns;
  return [
    { title: c.at, dataIndex: 'at', width: 170, render: (at: string) => formatInstant(at, true) },
    {
      title: c.actor,
      dataIndex: 'actor',
      width: 200,
      render: (_, entry) => {
        if (entry.actor) {
          const actor = entry.actor;
          return (
            <Tooltip title={t.audit.filterByUser}>
              <Typography.Link onClick={() => onUser(actor.id)}>
                {actor.displayName}
                <Typography.Text type="secondary" style={{ marginInlineStart: 4, fontSize: 12 }}>
                  {actor.username}
                </Typography.Text>
              </Typography.Link>
            </Tooltip>
          );
        }
        if (entry.attemptedUsername) {
          return (
            <Typography.Text type="danger">{t.audit.attempted(entry.attemptedUsername)}</Typography.Text>
          );
        }
        return <Typography.Text type="secondary">{t.audit.system}</Typography.Text>;
      },
    },
    {
      title: c.action,
      dataIndex: 'action',
      width: 150,
      render: (action: AuditAction) => <Tag color={ACTION_COLOR[action]}>{t.enums.auditAction[action]}</Tag>,
    },
    {
      title: c.client,
      dataIndex: 'clientId',
      width: 100,
      render: (clientId: number | null) =>
        clientId ? <Link to={`/clients/${clientId}`}>#{clientId}</Link> : t.common.empty,
    },
    {
      title: c.target,
      dataIndex: 'targetType',
      ellipsis: true,
      render: (_, entry) =>
        entry.targetType
          ? `${entry.targetType}${entry.targetId ? ` #${entry.targetId}` : ''}`
          : t.common.empty,
    },
    { title: c.ip, dataIndex: 'ip', width: 140, render: (ip: string | null) => ip ?? t.common.empty },
  ];
}

export function AuditPage() {
  const t = useT();
  const { filters, update, hasFilters } = useAuditParams();
  const log = useAuditLog(filters);
  const columns = useColumns((userId) => update({ userId }));
  useDocumentTitle(t.audit.title);

  const clear = () =>
    update({ userId: undefined, clientId: undefined, action: undefined, from: undefined, to: undefined });

  return (
    <>
      <PageHeader title={t.audit.title} subtitle={t.audit.subtitle} />
      <div style={{ marginBottom: 16 }}>
        <AuditChainStatus />
      </div>
      <Card styles={{ body: { padding: 16 } }}>
        <Flex vertical gap={12}>
          <AuditFilterBar filters={filters} onChange={update} onClear={clear} hasFilters={hasFilters} />
          {log.isError ? <ErrorAlert error={log.error} onRetry={() => void log.refetch()} /> : null}
          <Table<AuditEntry>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={log.data?.items ?? []}
            loading={log.isFetching}
            scroll={{ x: 960 }}
            expandable={{ expandedRowRender: (entry) => <AuditChanges entry={entry} /> }}
            onRow={() => ({ 'data-testid': 'audit-row' }) as HTMLAttributes<HTMLElement>}
            locale={{
              emptyText: log.isPending ? (
                ' '
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.audit.empty}>
                  {hasFilters ? <Button onClick={clear}>{t.common.clearFilters}</Button> : null}
                </Empty>
              ),
            }}
            pagination={{
              current: filters.page,
              pageSize: filters.pageSize,
              total: log.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t.common.total(total),
              onChange: (page, pageSize) =>
                update(pageSize === filters.pageSize ? { page } : { page: 1, pageSize }),
            }}
          />
        </Flex>
      </Card>
    </>
  );
}
