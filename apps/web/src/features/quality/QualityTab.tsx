import { EditOutlined } from '@ant-design/icons';
import type { ClientDetail, ProfileQuality, Task } from '@dossier/contract';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  List,
  Progress,
  Row,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useT } from '../../i18n/i18n.tsx';
import type { Dictionary } from '../../i18n/zh.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useOpenTasksForClient, useProfileQuality } from './quality.api.ts';

type Issue = ProfileQuality['issues'][number];

function fieldLabel(t: Dictionary, field: string): string {
  return (t.fields as Record<string, string>)[field] ?? field;
}

function scoreColor(score: number): string {
  if (score >= 90) return '#389e0d';
  if (score >= 70) return '#d48806';
  return '#cf1322';
}

function Score({
  title,
  hint,
  value,
  testId,
}: {
  title: string;
  hint: string;
  value: number;
  testId: string;
}) {
  return (
    <Flex align="center" gap={16} data-testid={testId}>
      <Progress type="circle" percent={value} size={88} strokeColor={scoreColor(value)} />
      <Flex vertical>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {title}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {hint}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}

function QualityCard({ detail, onEdit }: { detail: ClientDetail; onEdit: () => void }) {
  const t = useT();
  const q = t.quality;
  const quality = useProfileQuality(detail.id);
  if (quality.isPending) {
    return (
      <Card size="small" title={q.scoreTitle}>
        <Skeleton active paragraph={{ rows: 4 }} />
      </Card>
    );
  }
  if (quality.isError) return <ErrorAlert error={quality.error} onRetry={() => void quality.refetch()} />;
  const data = quality.data;
  const describe = (issue: Issue) =>
    issue.problem === 'missing'
      ? q.missing
      : issue.asOf && issue.maxAgeMonths
        ? q.stale(issue.asOf, issue.maxAgeMonths)
        : q.staleNoDate;
  return (
    <Card
      size="small"
      title={q.scoreTitle}
      data-testid="quality-card"
      extra={
        detail.canEdit && data.issues.length > 0 ? (
          <Button type="primary" icon={<EditOutlined />} onClick={onEdit} data-testid="quality-fix">
            {q.fix}
          </Button>
        ) : null
      }
    >
      <Flex gap={40} wrap style={{ marginBottom: 16 }}>
        <Score
          title={q.completeness}
          hint={q.completenessHint}
          value={data.completeness}
          testId="quality-completeness"
        />
        <Score title={q.freshness} hint={q.freshnessHint} value={data.freshness} testId="quality-freshness" />
      </Flex>
      {data.nextDueOn ? (
        <Typography.Paragraph type="secondary">{q.nextDue(data.nextDueOn)}</Typography.Paragraph>
      ) : null}
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {q.fixTitle}
      </Typography.Title>
      {data.issues.length === 0 ? (
        <Alert type="success" showIcon title={q.allGood} />
      ) : (
        <List
          size="small"
          bordered
          data-testid="quality-issues"
          dataSource={data.issues}
          renderItem={(issue) => (
            <List.Item>
              <Flex gap={12} align="center" wrap>
                <Tag color={issue.problem === 'missing' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
                  {issue.problem === 'missing' ? q.missing : q.staleTag}
                </Tag>
                <Typography.Text strong>{fieldLabel(t, issue.field)}</Typography.Text>
                {issue.problem === 'stale' ? (
                  <Typography.Text type="secondary">{describe(issue)}</Typography.Text>
                ) : null}
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

const PRIORITY_COLOR: Record<Task['priority'], string> = { high: 'red', medium: 'orange', low: 'default' };

function OpenTasksCard({ clientId }: { clientId: number }) {
  const t = useT();
  const q = t.quality;
  const tasks = useOpenTasksForClient(clientId);
  let body: React.ReactNode;
  if (tasks.isPending) body = <Skeleton active paragraph={{ rows: 3 }} />;
  else if (tasks.isError) body = <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />;
  else
    body = (
      <Table<Task>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={tasks.data.items}
        data-testid="client-open-tasks"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={q.tasksEmpty} /> }}
        columns={[
          {
            title: t.quality.tasksColumns.title,
            dataIndex: 'title',
            render: (title: string, task) => (
              <Flex vertical>
                <Typography.Text>{title}</Typography.Text>
                {task.detail ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {task.detail}
                  </Typography.Text>
                ) : null}
              </Flex>
            ),
          },
          {
            title: t.quality.tasksColumns.dueOn,
            dataIndex: 'dueOn',
            width: 150,
            render: (dueOn: string, task) => (
              <Flex gap={6} align="center">
                <span>{dueOn}</span>
                {task.overdue ? <Tag color="red">{q.overdue}</Tag> : null}
              </Flex>
            ),
          },
          {
            title: t.quality.tasksColumns.priority,
            dataIndex: 'priority',
            width: 80,
            render: (priority: Task['priority']) => (
              <Tag color={PRIORITY_COLOR[priority]}>{q.priority[priority]}</Tag>
            ),
          },
          {
            title: t.quality.tasksColumns.source,
            dataIndex: 'source',
            width: 110,
            render: (source: Task['source']) => q.sources[source],
          },
        ]}
      />
    );
  return (
    <Card size="small" title={q.tasksTitle} data-testid="client-tasks-card">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {q.tasksHint}
      </Typography.Paragraph>
      {body}
    </Card>
  );
}

/** The 资料质量 tab: how complete and current the profile is, what to fix, and the open tasks. */
export function QualityTab({ detail, onEdit }: { detail: ClientDetail; onEdit: () => void }) {
  return (
    <Row gutter={[16, 16]} data-testid="quality-tab">
      <Col xs={24} xl={12}>
        <QualityCard detail={detail} onEdit={onEdit} />
      </Col>
      <Col xs={24} xl={12}>
        <OpenTasksCard clientId={detail.id} />
      </Col>
    </Row>
  );
}
