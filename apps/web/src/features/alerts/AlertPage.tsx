import { ArrowLeftOutlined, CheckCircleOutlined, EyeOutlined, PlayCircleOutlined } from '@ant-design/icons';
import type { Alert, AlertEvidence, AlertResolution } from '@dossier/contract';
import { ALERT_RESOLUTIONS } from '@dossier/contract';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Divider,
  Empty,
  Flex,
  Form,
  Input,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { HTMLAttributes } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/http.ts';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { formatMoney } from '../../lib/money.ts';
import { formatInstant } from '../../lib/time.ts';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { NotFoundPage } from '../../ui/ResultPages.tsx';
import { useCan } from '../auth/permissions.ts';
import { INFLOW, OUTFLOW } from '../finance/financeColors.ts';
import { AlertBalanceChart } from './AlertBalanceChart.tsx';
import { AlertStatusBadge } from './AlertsPage.tsx';
import { type StatusChange, useAlert, useAlertComment, useAlertStatus } from './alerts.api.ts';
import { actionDetail, statusDetail, traceText } from './alertLabels.ts';
import { PlaybookCard } from './PlaybookCard.tsx';
import { SeverityTag } from './SeverityTag.tsx';

function EvidenceCard({ alert }: { alert: Alert }) {
  const t = useT();
  const { lang } = useLang();
  const d = t.alerts.detail;
  const columns: TableColumnsType<AlertEvidence> = [
    {
      title: d.evidenceColumns.at,
      dataIndex: 'at',
      width: 150,
      render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatInstant(at)}</span>,
    },
    {
      title: d.evidenceColumns.amount,
      key: 'amount',
      width: 150,
      align: 'right',
      render: (_, e) =>
        e.amountMinor === null ? (
          <Typography.Text type="secondary">{t.common.empty}</Typography.Text>
        ) : (
          <Typography.Text
            style={{
              color: e.direction === 'credit' ? INFLOW : OUTFLOW,
              fontVariantNumeric: 'tabular-nums',
              whiteSpace: 'nowrap',
            }}
            data-testid="evidence-amount"
          >
            {e.direction === 'credit' ? '+' : e.direction === 'debit' ? '-' : ''}
            {formatMoney({ minor: e.amountMinor, currency: e.currency ?? 'CNY' }, lang)}
          </Typography.Text>
        ),
    },
    {
      title: d.evidenceColumns.why,
      key: 'why',
      render: (_, e) => (
        <Flex vertical gap={2}>
          {e.trace.map((trace, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a trace's conditions have no identity but their place
            <Flex key={`${trace.metric}-${i}`} gap={8} align="center" wrap>
              <Tag
                color={trace.holds ? 'red' : 'default'}
                style={{ marginInlineEnd: 0, minWidth: 52, textAlign: 'center' }}
              >
                {trace.holds ? d.holds : trace.value === null ? d.noValue : d.fails}
              </Tag>
              <Typography.Text data-testid="evidence-trace">
                {traceText(t, lang, trace, e.currency)}
              </Typography.Text>
            </Flex>
          ))}
        </Flex>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={
        <span>
          {d.evidence}
          <Typography.Text
            type="secondary"
            style={{ fontSize: 12, fontWeight: 'normal', marginInlineStart: 8 }}
          >
            {d.evidenceHint}
          </Typography.Text>
        </span>
      }
    >
      <Table<AlertEvidence>
        rowKey={(e) => `${e.at}-${e.transactionId ?? ''}`}
        size="small"
        columns={columns}
        dataSource={alert.evidence}
        pagination={alert.evidence.length > 10 ? { pageSize: 10 } : false}
        scroll={{ x: 640 }}
        onRow={() => ({ 'data-testid': 'evidence-row' }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={d.noEvidence} /> }}
      />
    </Card>
  );
}

function HistoryCard({ alert }: { alert: Alert }) {
  const t = useT();
  const d = t.alerts.detail;
  const items = [...alert.events].reverse().map((e, i) => ({
    key: `${e.at}-${i}`,
    color: e.kind === 'raised' || e.kind === 'escalated' ? 'red' : e.kind === 'comment' ? 'gray' : 'blue',
    content: (
      <Flex vertical gap={2} data-testid="alert-event">
        <Space size={8} wrap>
          <Typography.Text strong>{d.events[e.kind] ?? e.kind}</Typography.Text>
          {e.kind === 'status' ? <Typography.Text>{statusDetail(t, e.detail)}</Typography.Text> : null}
          {e.kind === 'action' ? <Typography.Text>{actionDetail(t, e.detail)}</Typography.Text> : null}
          {e.kind === 'hit' && e.detail ? (
            <Typography.Text data-testid="alert-event-hits">{d.moreHits(Number(e.detail))}</Typography.Text>
          ) : null}
        </Space>
        {e.kind !== 'status' && e.kind !== 'action' && e.kind !== 'hit' && e.detail ? (
          <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
            {e.detail}
          </Typography.Paragraph>
        ) : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatInstant(e.at)} · {e.actor ?? d.system}
        </Typography.Text>
      </Flex>
    ),
  }));
  return (
    <Card size="small" title={d.history} data-testid="alert-history">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline items={items} style={{ marginTop: 8, marginBottom: -16 }} />
      )}
    </Card>
  );
}

/** Acknowledge, start work, resolve with a resolution, comment: what the alert's status allows. */
function ActionsCard({ alert }: { alert: Alert }) {
  const t = useT();
  const d = t.alerts.detail;
  const { message } = App.useApp();
  const canWork = useCan('alert.work');
  const change = useAlertStatus(alert.id);
  const comment = useAlertComment(alert.id);
  const [resolveForm] = Form.useForm<{ resolution: AlertResolution; comment?: string }>();
  const [commentForm] = Form.useForm<{ comment: string }>();

  if (alert.status === 'resolved') {
    return (
      <Card size="small" title={d.actions}>
        <Typography.Text type="secondary" data-testid="alert-resolved-note">
          {d.resolvedNote(alert.resolution ? t.alerts.resolution[alert.resolution] : '')}
        </Typography.Text>
      </Card>
    );
  }
  if (!canWork) {
    return (
      <Card size="small" title={d.actions}>
        <Typography.Text type="secondary">{d.readOnly}</Typography.Text>
      </Card>
    );
  }

  const send = (body: StatusChange, after?: () => void) =>
    change.mutate(body, {
      onSuccess: () => {
        message.success(d.updated);
        after?.();
      },
    });

  return (
    <Card size="small" title={d.actions} data-testid="alert-actions">
      <Flex vertical gap={12}>
        {/* In progress, only resolving is left: no empty row of buttons above the form. */}
        {alert.status === 'open' || alert.status === 'acknowledged' ? (
          <Space wrap>
            {alert.status === 'open' ? (
              <Button
                icon={<EyeOutlined />}
                loading={change.isPending && change.variables?.status === 'acknowledged'}
                onClick={() => send({ status: 'acknowledged' })}
                data-testid="alert-acknowledge"
              >
                {d.acknowledge}
              </Button>
            ) : null}
            <Button
              icon={<PlayCircleOutlined />}
              loading={change.isPending && change.variables?.status === 'in_progress'}
              onClick={() => send({ status: 'in_progress' })}
              data-testid="alert-start"
            >
              {d.start}
            </Button>
          </Space>
        ) : null}
        <Form
          form={resolveForm}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) =>
            send(
              {
                status: 'resolved',
                resolution: values.resolution,
                comment: values.comment?.trim() || undefined,
              },
              () => resolveForm.resetFields(),
            )
          }
          style={{ marginBottom: 0 }}
        >
          <Form.Item
            name="resolution"
            label={d.resolutionLabel}
            rules={[{ required: true, message: d.resolutionRequired }]}
            style={{ marginBottom: 12 }}
          >
            <Select<AlertResolution>
              placeholder={d.resolutionPlaceholder}
              options={ALERT_RESOLUTIONS.map((r) => ({ value: r, label: t.alerts.resolution[r] }))}
              data-testid="alert-resolution"
            />
          </Form.Item>
          <Form.Item name="comment" label={d.commentLabel} style={{ marginBottom: 12 }}>
            <Input.TextArea
              rows={2}
              maxLength={1000}
              placeholder={d.resolveCommentPlaceholder}
              data-testid="alert-resolve-comment"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<CheckCircleOutlined />}
            loading={change.isPending && change.variables?.status === 'resolved'}
            data-testid="alert-resolve"
          >
            {d.resolve}
          </Button>
        </Form>
        {change.isError ? <ErrorAlert error={change.error} testId="alert-action-error" /> : null}
        <Divider style={{ margin: '4px 0' }} />
        <Form
          form={commentForm}
          onFinish={(values) =>
            comment.mutate(values.comment.trim(), {
              onSuccess: () => {
                message.success(d.commented);
                commentForm.resetFields();
              },
            })
          }
          style={{ marginBottom: 0 }}
        >
          <Form.Item
            name="comment"
            rules={[{ required: true, whitespace: true, message: d.commentRequired }]}
            style={{ marginBottom: 8 }}
          >
            <Input.TextArea
              rows={2}
              maxLength={1000}
              placeholder={d.commentPlaceholder}
              data-testid="alert-comment"
            />
          </Form.Item>
          <Button htmlType="submit" loading={comment.isPending} data-testid="alert-comment-submit">
            {d.addComment}
          </Button>
        </Form>
        {comment.isError ? <ErrorAlert error={comment.error} testId="alert-comment-error" /> : null}
      </Flex>
    </Card>
  );
}

function FactsCard({ alert }: { alert: Alert }) {
  const t = useT();
  const d = t.alerts.detail;
  return (
    <Card size="small">
      <Descriptions
        column={1}
        size="small"
        styles={{ label: { width: 96 } }}
        items={[
          {
            key: 'client',
            label: d.client,
            children: (
              <Link to={`/clients/${alert.client.id}`} data-testid="alert-client-link">
                {alert.client.name}
                <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                  {alert.client.code}
                </Typography.Text>
              </Link>
            ),
          },
          {
            key: 'owner',
            label: d.owner,
            children: alert.owner ? (
              <span data-testid="alert-owner">{alert.owner.displayName}</span>
            ) : (
              t.alerts.noOwner
            ),
          },
          { key: 'raisedAt', label: d.raisedAt, children: formatInstant(alert.raisedAt) },
          { key: 'lastHitAt', label: d.lastHitAt, children: formatInstant(alert.lastHitAt) },
          {
            key: 'dueAt',
            label: d.dueAt,
            children:
              alert.status === 'resolved' ? (
                t.common.empty
              ) : (
                <Space size={6}>
                  <Typography.Text type={alert.overdue ? 'danger' : undefined}>
                    {formatInstant(alert.dueAt)}
                  </Typography.Text>
                  {alert.overdue ? <Tag color="error">{t.alerts.overdue}</Tag> : null}
                </Space>
              ),
          },
          { key: 'hits', label: d.hits, children: alert.hits },
          ...(alert.resolution
            ? [{ key: 'resolution', label: d.resolution, children: t.alerts.resolution[alert.resolution] }]
            : []),
        ]}
      />
    </Card>
  );
}

export function AlertPage() {
  const t = useT();
  const { lang } = useLang();
  const id = Number(useParams().id);
  const alert = useAlert(id);
  useDocumentTitle(alert.data ? alert.data.rule.name[lang] : t.alerts.title);

  if (!Number.isInteger(id) || id <= 0) return <NotFoundPage />;
  if (alert.isError && isApiError(alert.error) && alert.error.code === 'alert.not_found')
    return (
      <Result
        status="404"
        title={t.errors['alert.not_found']}
        extra={<Link to="/alerts">{t.alerts.detail.back}</Link>}
      />
    );
  if (alert.isError) return <ErrorAlert error={alert.error} onRetry={() => void alert.refetch()} />;
  if (!alert.data)
    return (
      <Flex justify="center" style={{ padding: 64 }}>
        <Spin />
      </Flex>
    );

  const a = alert.data;
  return (
    <>
      <Link to="/alerts" style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> {t.alerts.detail.back}
      </Link>
      <Flex justify="space-between" align="center" gap={16} wrap style={{ marginBottom: 16 }}>
        <Flex align="center" gap={12} wrap style={{ minWidth: 0 }}>
          <SeverityTag severity={a.severity} />
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="alert-title">
            {a.rule.name[lang]}
          </Typography.Title>
          <span data-testid="alert-page-status">
            <AlertStatusBadge status={a.status} />
          </span>
        </Flex>
        <Typography.Text type="secondary">
          {a.rule.code} · v{a.rule.version}
        </Typography.Text>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Flex vertical gap={16}>
            <AlertBalanceChart alert={a} />
            <EvidenceCard alert={a} />
            <PlaybookCard alert={a} />
          </Flex>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <FactsCard alert={a} />
            <ActionsCard alert={a} />
            <HistoryCard alert={a} />
          </Flex>
        </Col>
      </Row>
    </>
  );
}
