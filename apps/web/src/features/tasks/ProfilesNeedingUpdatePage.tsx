import type { ProfilesNeedingUpdate } from '@dossier/contract';
import { Card, Empty, Flex, Progress, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useT } from '../../i18n/i18n.tsx';
import type { Dictionary } from '../../i18n/zh.ts';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { TierTag } from '../../ui/EnumTags.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useProfilesNeedingUpdate } from './tasks.api.ts';

type Row = ProfilesNeedingUpdate['items'][number];
type Issue = Row['quality']['issues'][number];

/** The profile's own label for a field; an unknown name is shown as the server wrote it. */
function fieldLabel(t: Dictionary, field: string): string {
  return (t.fields as Record<string, string>)[field] ?? field;
}

const SHOWN_ISSUES = 4;

function IssueTags({ issues }: { issues: Issue[] }) {
  const t = useT();
  const s = t.staleProfiles;
  const tag = (issue: Issue) => (
    <Tooltip
      key={`${issue.field}-${issue.problem}`}
      title={
        issue.problem === 'missing'
          ? s.missingHint
          : issue.asOf && issue.maxAgeMonths
            ? t.quality.stale(issue.asOf, issue.maxAgeMonths)
            : s.staleHint
      }
    >
      <Tag color={issue.problem === 'missing' ? 'orange' : 'red'} style={{ marginInlineEnd: 0 }}>
        {fieldLabel(t, issue.field)}
        <span style={{ opacity: 0.75, marginInlineStart: 4 }}>
          {issue.problem === 'missing' ? s.missing : s.stale}
        </span>
      </Tag>
    </Tooltip>
  );
  const rest = issues.slice(SHOWN_ISSUES);
  return (
    <Flex gap={4} wrap>
      {issues.slice(0, SHOWN_ISSUES).map(tag)}
      {rest.length > 0 ? (
        <Tooltip
          title={
            <Flex gap={4} wrap>
              {rest.map(tag)}
            </Flex>
          }
        >
          <Tag style={{ marginInlineEnd: 0 }}>{s.more(rest.length)}</Tag>
        </Tooltip>
      ) : null}
    </Flex>
  );
}

function Score({ value }: { value: number }) {
  const status = value >= 90 ? 'success' : value >= 60 ? 'normal' : 'exception';
  return (
    <Progress percent={value} size="small" status={status} format={(p) => `${p}%`} style={{ margin: 0 }} />
  );
}

export function ProfilesNeedingUpdatePage() {
  const t = useT();
  const s = t.staleProfiles;
  const navigate = useNavigate();
  useDocumentTitle(s.title);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const list = useProfilesNeedingUpdate(paging.page, paging.pageSize);

  const columns: TableColumnsType<Row> = [
    {
      title: s.columns.client,
      dataIndex: 'name',
      width: 220,
      render: (_, row) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Link to={`/clients/${row.id}`} onClick={(event) => event.stopPropagation()}>
            <Typography.Text
              strong
              ellipsis={{ tooltip: row.name }}
              style={{ color: 'inherit', maxWidth: 200 }}
            >
              {row.name}
            </Typography.Text>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.code} · {t.enums.kind[row.kind]}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: s.columns.tier, dataIndex: 'tier', width: 96, render: (_, row) => <TierTag tier={row.tier} /> },
    { title: s.columns.owner, dataIndex: ['owner', 'displayName'], width: 100, ellipsis: true },
    {
      title: s.columns.completeness,
      width: 120,
      render: (_, row) => <Score value={row.quality.completeness} />,
    },
    { title: s.columns.freshness, width: 120, render: (_, row) => <Score value={row.quality.freshness} /> },
    { title: s.columns.issues, render: (_, row) => <IssueTags issues={row.quality.issues} /> },
  ];

  return (
    <>
      <PageHeader title={s.title} subtitle={s.subtitle} />
      <Card styles={{ body: { padding: 16 } }}>
        {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<Row>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 980 }}
          rowClassName={() => 'dossier-clickable-row'}
          onRow={(row) =>
            ({
              'data-testid': 'stale-profile-row',
              onClick: () => navigate(`/clients/${row.id}`),
            }) as HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: list.isPending ? ' ' : <Empty description={s.empty} /> }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => s.total(total),
            onChange: (page, pageSize) =>
              setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
          }}
        />
      </Card>
    </>
  );
}
