import type { GuaranteeCircleList } from '@dossier/contract';
import { Card, Empty, Flex, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { formatMoney } from '../../lib/money.ts';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useGuaranteeCircles } from './risk.api.ts';

type Circle = GuaranteeCircleList['items'][number];
type Member = Circle['members'][number];

function MemberTag({ member }: { member: Member }) {
  const t = useT();
  if (!member.visible || member.id === null) {
    return (
      <Tooltip title={t.risk.hidden}>
        <Tag style={{ marginInlineEnd: 0 }}>{member.name}</Tag>
      </Tooltip>
    );
  }
  return (
    <Tag color={member.kind === 'corporate' ? 'cyan' : 'blue'} style={{ marginInlineEnd: 0 }}>
      <Link to={`/clients/${member.id}`} data-testid="circle-member">
        {member.name}
      </Link>
    </Tag>
  );
}

export function GuaranteeCirclesPage() {
  const t = useT();
  const r = t.risk;
  const { lang } = useLang();
  useDocumentTitle(r.title);
  const list = useGuaranteeCircles();

  const columns: TableColumnsType<Circle> = [
    { title: r.columns.index, key: 'index', width: 64, render: (_, __, index) => index + 1 },
    {
      title: r.columns.members,
      key: 'members',
      render: (_, circle) => (
        <Flex gap={4} wrap align="center">
          {circle.members.map((member, index) => (
            <Flex key={member.id ?? `hidden-${member.name}`} gap={4} align="center">
              {index > 0 ? <Typography.Text type="secondary">→</Typography.Text> : null}
              <MemberTag member={member} />
            </Flex>
          ))}
          {circle.members.length > 1 ? <Typography.Text type="secondary">↺</Typography.Text> : null}
        </Flex>
      ),
    },
    { title: r.columns.size, dataIndex: 'size', width: 90, align: 'right' },
    {
      title: r.columns.total,
      key: 'total',
      width: 170,
      align: 'right',
      render: (_, circle) =>
        circle.totalGuaranteed ? (
          <Typography.Text strong>{formatMoney(circle.totalGuaranteed, lang)}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">{r.noAmount}</Typography.Text>
        ),
    },
  ];

  return (
    <>
      <PageHeader title={r.title} subtitle={r.subtitle} />
      <Card styles={{ body: { padding: 16 } }}>
        {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<Circle>
          rowKey={(circle) => circle.members.map((m) => m.id ?? m.name).join('-')}
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 800 }}
          onRow={() => ({ 'data-testid': 'circle-row' }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: list.isPending ? ' ' : <Empty description={r.empty} /> }}
          pagination={{
            pageSize: 20,
            hideOnSinglePage: true,
            showTotal: () => r.total(list.data?.total ?? 0),
          }}
        />
      </Card>
    </>
  );
}
