import { BankOutlined, MergeCellsOutlined, UserOutlined } from '@ant-design/icons';
import type { DuplicatePairs } from '@dossier/contract';
import { Button, Card, Empty, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router';
import { useT } from '../../i18n/i18n.tsx';
import { formatInstant } from '../../lib/time.ts';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { TierTag } from '../../ui/EnumTags.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useCan } from '../auth/permissions.ts';
import { useDuplicates } from './duplicates.api.ts';

type Pair = DuplicatePairs['items'][number];
type Side = Pair['a'];

function SideCell({ side }: { side: Side }) {
  const t = useT();
  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }}>
      <Flex gap={6} align="center">
        {side.kind === 'corporate' ? <BankOutlined /> : <UserOutlined />}
        <Link to={`/clients/${side.id}`}>
          <Typography.Text strong style={{ color: 'inherit' }}>
            {side.name}
          </Typography.Text>
        </Link>
        <TierTag tier={side.tier} />
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {side.code} · {t.duplicates.owner(side.ownerName)} · {formatInstant(side.updatedAt)}
      </Typography.Text>
    </Flex>
  );
}

export function DuplicatesPage() {
  const t = useT();
  const d = t.duplicates;
  const navigate = useNavigate();
  const canMerge = useCan('client.merge');
  useDocumentTitle(d.title);
  const list = useDuplicates();

  const columns: TableColumnsType<Pair> = [
    { title: d.columns.a, key: 'a', render: (_, pair) => <SideCell side={pair.a} /> },
    { title: d.columns.b, key: 'b', render: (_, pair) => <SideCell side={pair.b} /> },
    {
      title: d.columns.reasons,
      key: 'reasons',
      width: 200,
      render: (_, pair) => (
        <Flex gap={4} wrap>
          {pair.reasons.map((reason) => (
            <Tag key={reason} color="orange" style={{ marginInlineEnd: 0 }}>
              {d.reasons[reason]}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: d.columns.actions,
      key: 'actions',
      width: 130,
      render: (_, pair) => (
        <Button
          size="small"
          type={canMerge ? 'primary' : 'default'}
          ghost={canMerge}
          icon={<MergeCellsOutlined />}
          onClick={() => navigate(`/duplicates/merge?a=${pair.a.id}&b=${pair.b.id}`)}
          data-testid="duplicate-compare"
        >
          {canMerge ? d.compare : d.compareReadOnly}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={d.title} subtitle={d.subtitle} />
      <Card styles={{ body: { padding: 16 } }}>
        {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<Pair>
          rowKey={(pair) => `${pair.a.id}-${pair.b.id}`}
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 960 }}
          onRow={(pair) =>
            ({
              'data-testid': 'duplicate-row',
              'data-pair': `${pair.a.id}-${pair.b.id}`,
            }) as HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: list.isPending ? ' ' : <Empty description={d.empty} /> }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => d.total(total) }}
        />
      </Card>
    </>
  );
}
