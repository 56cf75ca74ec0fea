import { CheckOutlined, PlusOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import type { Task, TaskPriority, TaskStatus } from '@dossier/contract';
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Popconfirm,
  Segmented,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { HTMLAttributes } from 'react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../i18n/i18n.tsx';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { errorText } from '../../ui/errorText.ts';
import { TaskCreateModal } from './TaskCreateModal.tsx';
import { type TaskFilters, useMyTasks, useTaskStatus } from './tasks.api.ts';

const PRIORITY_COLOR: Record<TaskPriority, string> = { high: 'red', medium: 'orange', low: 'default' };
type StatusFilter = TaskStatus | 'all';

/** Overdue rows are tinted red across every cell, so they stand out when scanning the list. */
function markOverdue(column: TableColumnsType<Task>[number]): TableColumnsType<Task>[number] {
  return {
    ...column,
    onCell: (task) => (task.overdue ? { style: { background: '#fff1f0' } } : {}),
  };
}

export function TasksPage() {
  const t = useT();
  const { message } = App.useApp();
  useDocumentTitle(t.tasks.title);
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('open');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const filters: TaskFilters = { status: statusFilter === 'all' ? undefined : statusFilter, ...paging };
  const list = useMyTasks(filters);
  const change = useTaskStatus();

  const setStatus = (task: Task, status: TaskStatus) =>
    change.mutate(
      { id: task.id, status },
      {
        onSuccess: () => message.success(t.tasks.updated),
        onError: (error) => message.error(errorText(t, error).title),
      },
    );

  const c = t.tasks.columns;
  const columns: TableColumnsType<Task> = [
    {
      title: c.title,
      dataIndex: 'title',
      render: (_, task) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text strong delete={task.status === 'cancelled'}>
            {task.title}
          </Typography.Text>
          {task.detail ? (
            <Typography.Text type="secondary" ellipsis={{ tooltip: task.detail }} style={{ fontSize: 12 }}>
              {task.detail}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: c.client,
      dataIndex: 'client',
      width: 200,
      render: (_, task) =>
        task.client ? (
          <Link to={`/clients/${task.client.id}`}>
            {task.client.name}
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
              {task.client.code}
            </Typography.Text>
          </Link>
        ) : (
          <Typography.Text type="secondary">{t.common.empty}</Typography.Text>
        ),
    },
    {
      title: c.dueOn,
      dataIndex: 'dueOn',
      width: 170,
      render: (_, task) => (
        <Space size={6} style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text type={task.overdue ? 'danger' : undefined} strong={task.overdue}>
            {task.dueOn}
          </Typography.Text>
          {task.overdue ? (
            <Tag color="error" style={{ marginInlineEnd: 0 }} data-testid="task-overdue">
              {t.tasks.overdue}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: c.priority,
      dataIndex: 'priority',
      width: 80,
      render: (p: TaskPriority) => <Tag color={PRIORITY_COLOR[p]}>{t.quality.priority[p]}</Tag>,
    },
    {
      title: c.source,
      dataIndex: 'source',
      width: 100,
      render: (_, task) => t.quality.sources[task.source],
    },
    {
      title: c.status,
      dataIndex: 'status',
      width: 90,
      render: (_, task) => t.tasks.status[task.status],
    },
    {
      title: c.actions,
      key: 'actions',
      width: 170,
      render: (_, task) =>
        task.status === 'open' ? (
          <Space size={4}>
            <Button
              size="small"
              type="primary"
              ghost
              icon={<CheckOutlined />}
              loading={change.isPending && change.variables?.id === task.id}
              onClick={() => setStatus(task, 'done')}
              data-testid="task-complete"
            >
              {t.tasks.complete}
            </Button>
            <Popconfirm title={t.tasks.cancelConfirm} onConfirm={() => setStatus(task, 'cancelled')}>
              <Button size="small" type="text" icon={<StopOutlined />}>
                {t.tasks.cancel}
              </Button>
            </Popconfirm>
          </Space>
        ) : (
          <Button size="small" icon={<RollbackOutlined />} onClick={() => setStatus(task, 'open')}>
            {t.tasks.reopen}
          </Button>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t.tasks.title}
        subtitle={t.tasks.subtitle}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="new-task"
          >
            {t.tasks.newTask}
          </Button>
        }
      />
      <Card styles={{ body: { padding: 16 } }}>
        <Flex vertical gap={12}>
          <Segmented<StatusFilter>
            value={statusFilter}
            onChange={(value) => {
              setStatusFilter(value);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            options={(['open', 'done', 'cancelled', 'all'] as const).map((s) => ({
              value: s,
              label: t.tasks.filter[s],
            }))}
            style={{ alignSelf: 'flex-start' }}
          />
          {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
          <Table<Task>
            rowKey="id"
            size="middle"
            columns={columns.map(markOverdue)}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            scroll={{ x: 960 }}
            onRow={() => ({ 'data-testid': 'task-row' }) as HTMLAttributes<HTMLElement>}
            locale={{
              emptyText: list.isPending ? (
                ' '
              ) : (
                <Empty description={statusFilter === 'open' ? t.tasks.emptyOpen : t.tasks.empty} />
              ),
            }}
            pagination={{
              current: paging.page,
              pageSize: paging.pageSize,
              total: list.data?.total ?? 0,
              hideOnSinglePage: true,
              showTotal: (total) => t.tasks.total(total),
              onChange: (page, pageSize) => setPaging({ page, pageSize }),
            }}
          />
        </Flex>
      </Card>
      <TaskCreateModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
