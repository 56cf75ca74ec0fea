import type { AlertStatus, AlertSummary, Severity } from '@dossier/contract';
import {
  Badge,
  Card,
  Col,
  Empty,
  Flex,
  Row,
  Segmented,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { Link } from 'react-router';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { formatInstant } from '../../lib/time.ts';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { type AlertFilters, useAlerts } from './alerts.api.ts';
import { ALERT_STATUS_BADGE, SEVERITY_ACCENT, SEVERITY_ORDER } from './alertLabels.ts';
import { useAlertStream, useAlertStreamStatus } from './alertStream.ts';
import { SeverityTag } from './SeverityTag.tsx';

type StatusFilter = AlertStatus | 'all';
const STATUS_FILTERS: readonly StatusFilter[] = ['all', 'open', 'acknowledged', 'in_progress', 'resolved'];

export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  const t = useT();
  return <Badge status={ALERT_STATUS_BADGE[status]} text={t.alerts.status[status]} />;
}

/** Whether the stream is carrying new alerts; shown quietly beside the title. */
function LiveIndicator() {
  const t = useT();
  const status = useAlertStreamStatus();
  return status === 'live' ? (
    <Badge status="processing" color="green" text={t.alerts.live} data-testid="alerts-live" />
  ) : (
    <Badge status="default" text={t.alerts.reconnecting} data-testid="alerts-reconnecting" />
  );
}

/** The open alerts by severity; a card filters the list to its severity, a second click clears it. */
function SeverityCounts({
  counts,
  selected,
  onSelect,
}: {
  counts: Record<Severity, number> | undefined;
  selected: Severity | undefined;
  onSelect: (severity: Severity | undefined) => void;
}) {
  const t = useT();
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="alert-counts">
      {SEVERITY_ORDER.map((severity) => {
        const active = selected === severity;
        return (
          <Col key={severity} xs={12} md={6}>
            <Card
              size="small"
              hoverable
              onClick={() => onSelect(active ? undefined : severity)}
              style={{
                borderColor: active ? SEVERITY_ACCENT[severity] : undefined,
                borderTop: `3px solid ${SEVERITY_ACCENT[severity]}`,
              }}
              data-testid={`alert-count-${severity}`}
            >
              <Flex justify="space-between" align="baseline">
                <Typography.Text type="secondary">
                  {t.alerts.openBySeverity(t.alerts.severity[severity])}
                </Typography.Text>
                <span
                  style={{
                    fontSize: 24,
                    fontWeight: 600,
                    color: (counts?.[severity] ?? 0) > 0 ? SEVERITY_ACCENT[severity] : '#bfbfbf',
                    fontVariantNumeric: 'tabular-nums',
                  }}
                  data-testid={`alert-count-${severity}-value`}
                >
                  {counts ? counts[severity] : '–'}
                </span>
              </Flex>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

export function AlertsPage() {
  const t = useT();
  const { lang } = useLang();
  const a = t.alerts;
  useDocumentTitle(a.title);
  const [status, setStatus] = useState<StatusFilter>('all');
  const [severity, setSeverity] = useState<Severity | undefined>(undefined);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  // Alerts raised while the page is open are marked until the user leaves.
  const [fresh, setFresh] = useState<ReadonlySet<number>>(() => new Set());
  const filters: AlertFilters = { status: status === 'all' ? undefined : status, severity, ...paging };
  const list = useAlerts(filters);

  useAlertStream((message) => {
    if (message !== 'resync' && message.type === 'alert.raised')
      setFresh((ids) => new Set(ids).add(message.alert.id));
  });

  const c = a.columns;
  const columns: TableColumnsType<AlertSummary> = [
    {
      title: c.severity,
      dataIndex: 'severity',
      width: 80,
      render: (_, alert) => <SeverityTag severity={alert.severity} />,
    },
    {
      title: c.rule,
      key: 'rule',
      // 存款余额骤降 and its like on one line, with room for the 新 tag.
      width: 210,
      render: (_, alert) => (
        <Space size={6}>
          <Link to={`/alerts/${alert.id}`} data-testid="alert-rule">
            {alert.rule.name[lang]}
          </Link>
          {fresh.has(alert.id) ? (
            <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid="alert-fresh">
              {a.fresh}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: c.client,
      key: 'client',
      render: (_, alert) => (
        <Link to={`/clients/${alert.client.id}`} data-testid="alert-client">
          {alert.client.name}
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
            {alert.client.code}
          </Typography.Text>
        </Link>
      ),
    },
    {
      title: c.status,
      dataIndex: 'status',
      width: 120,
      render: (_, alert) => (
        <span data-testid="alert-status" style={{ whiteSpace: 'nowrap' }}>
          <AlertStatusBadge status={alert.status} />
          {alert.resolution ? (
            <Typography.Text
              type="secondary"
              style={{ fontSize: 12, display: 'block', paddingInlineStart: 14 }}
            >
              {a.resolution[alert.resolution]}
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    {
      title: c.raisedAt,
      dataIndex: 'raisedAt',
      width: 150,
      render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatInstant(at)}</span>,
    },
    {
      title: c.dueAt,
      dataIndex: 'dueAt',
      width: 200,
      render: (_, alert) =>
        alert.status === 'resolved' ? (
          <Typography.Text type="secondary">{t.common.empty}</Typography.Text>
        ) : (
          <Space size={6}>
            <Typography.Text type={alert.overdue ? 'danger' : undefined} strong={alert.overdue}>
              {formatInstant(alert.dueAt)}
            </Typography.Text>
            {alert.overdue ? (
              <Tag color="error" style={{ marginInlineEnd: 0 }} data-testid="alert-overdue">
                {a.overdue}
              </Tag>
            ) : null}
          </Space>
        ),
    },
    {
      title: c.owner,
      key: 'owner',
      width: 110,
      render: (_, alert) =>
        alert.owner ? (
          <span data-testid="alert-owner">{alert.owner.displayName}</span>
        ) : (
          <Typography.Text type="secondary">{a.noOwner}</Typography.Text>
        ),
    },
    { title: c.hits, dataIndex: 'hits', width: 70, align: 'right' },
  ];

  const filtered = status !== 'all' || severity !== undefined;
  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={12}>
            {a.title}
            <Typography.Text style={{ fontSize: 13, fontWeight: 'normal' }}>
              <LiveIndicator />
            </Typography.Text>
          </Flex>
        }
        subtitle={a.subtitle}
      />
      <SeverityCounts
        counts={list.data?.openBySeverity}
        selected={severity}
        onSelect={(next) => {
          setSeverity(next);
          setPaging((p) => ({ ...p, page: 1 }));
        }}
      />
      <Card styles={{ body: { padding: 16 } }}>
        <Flex vertical gap={12}>
          <Flex gap={12} wrap align="center">
            <Segmented<StatusFilter>
              value={status}
              onChange={(value) => {
                setStatus(value);
                setPaging((p) => ({ ...p, page: 1 }));
              }}
              options={STATUS_FILTERS.map((s) => ({
                value: s,
                label: s === 'all' ? a.filters.allStatuses : a.status[s],
              }))}
              data-testid="alert-filter-status"
            />
            <Select<Severity>
              allowClear
              placeholder={a.filters.allSeverities}
              value={severity}
              onChange={(value) => {
                setSeverity(value);
                setPaging((p) => ({ ...p, page: 1 }));
              }}
              options={SEVERITY_ORDER.map((s) => ({ value: s, label: a.severity[s] }))}
              style={{ width: 140 }}
              data-testid="alert-filter-severity"
            />
          </Flex>
          {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
          <Table<AlertSummary>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isPending}
            scroll={{ x: 1100 }}
            onRow={(alert) =>
              ({
                'data-testid': 'alert-row',
                'data-alert-id': alert.id,
                style: fresh.has(alert.id) ? { background: '#f0f5ff' } : undefined,
              }) as HTMLAttributes<HTMLElement>
            }
            locale={{
              emptyText: list.isPending ? (
                ' '
              ) : (
                <Empty description={filtered ? a.empty : a.emptyAll} data-testid="alerts-empty" />
              ),
            }}
            pagination={{
              current: paging.page,
              pageSize: paging.pageSize,
              total: list.data?.total ?? 0,
              hideOnSinglePage: true,
              showSizeChanger: true,
              showTotal: (total) => a.total(total),
              onChange: (page, pageSize) => setPaging({ page, pageSize }),
            }}
          />
        </Flex>
      </Card>
    </>
  );
}
