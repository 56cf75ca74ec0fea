import {
  CONSENT_CHANNELS,
  CONSENT_PURPOSES,
  type ClientDetail,
  type ConsentEvent,
  type ConsentPurpose,
  type ConsentStatus,
} from '@dossier/contract';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/http.ts';
import { useT } from '../../i18n/i18n.tsx';
import { showServerErrors } from '../../lib/formErrors.ts';
import { formatInstant } from '../../lib/time.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { serverMessage } from '../../ui/errorText.ts';
import { consentKeys, recordConsent, useConsentLedger } from './consents.api.ts';

const STATUS_COLOR: Record<ConsentStatus, string> = { granted: 'green', withdrawn: 'red' };

function StatusTag({ status }: { status: ConsentStatus | null }) {
  const t = useT();
  const s = t.consents.statuses;
  return (
    <Tag
      color={status ? STATUS_COLOR[status] : 'default'}
      style={{ marginInlineEnd: 0 }}
      data-testid="consent-status"
    >
      {status ? s[status] : s.unasked}
    </Tag>
  );
}

interface Draft {
  purpose: ConsentPurpose;
  status: ConsentStatus;
}

interface FormValues {
  purpose: ConsentPurpose;
  status: ConsentStatus;
  channel?: (typeof CONSENT_CHANNELS)[number];
  evidence?: string;
}

function RecordConsentModal({
  clientId,
  draft,
  onClose,
}: {
  clientId: number;
  draft: Draft | null;
  onClose: () => void;
}) {
  const t = useT();
  const c = t.consents;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const status = Form.useWatch('status', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const close = () => {
    setError(null);
    onClose();
  };

  const submit = async (values: FormValues) => {
    if (!values.channel || !values.evidence) return;
    setSaving(true);
    setError(null);
    try {
      const ledger = await recordConsent(clientId, {
        purpose: values.purpose,
        status: values.status,
        channel: values.channel,
        evidence: values.evidence.trim(),
      });
      queryClient.setQueryData(consentKeys.client(clientId), ledger);
      message.success(
        values.status === 'withdrawn' ? c.withdrawnNow(c.purposes[values.purpose]) : c.recorded,
      );
      close();
    } catch (cause) {
      setError(cause);
      if (isApiError(cause)) {
        showServerErrors(form, cause, (path) => path.length === 1 && typeof path[0] === 'string', {
          translate: (m) => serverMessage(t, m),
        });
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={draft !== null}
      title={c.form.title}
      onCancel={close}
      onOk={() => form.submit()}
      okText={c.form.submit}
      cancelText={t.common.cancel}
      confirmLoading={saving}
      okButtonProps={{ danger: status === 'withdrawn', 'data-testid': 'consent-submit' }}
      destroyOnHidden
    >
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} testId="consent-error" />
        </div>
      ) : null}
      {draft ? (
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={{ purpose: draft.purpose, status: draft.status }}
          onFinish={submit}
          requiredMark={false}
          data-testid="consent-form"
        >
          <Form.Item name="purpose" label={c.form.purpose}>
            <Select options={CONSENT_PURPOSES.map((p) => ({ value: p, label: c.purposes[p] }))} />
          </Form.Item>
          <Form.Item name="status" label={c.form.status}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'granted', label: c.statuses.granted },
                { value: 'withdrawn', label: c.statuses.withdrawn },
              ]}
            />
          </Form.Item>
          {status === 'withdrawn' ? (
            <Alert type="warning" showIcon title={c.form.withdrawWarning} style={{ marginBottom: 16 }} />
          ) : null}
          <Form.Item
            name="channel"
            label={c.form.channel}
            rules={[{ required: true, message: c.form.channelRequired }]}
          >
            <Select
              data-testid="consent-channel"
              options={CONSENT_CHANNELS.map((channel) => ({ value: channel, label: c.channels[channel] }))}
            />
          </Form.Item>
          <Form.Item
            name="evidence"
            label={c.form.evidence}
            rules={[{ required: true, min: 2, whitespace: true, message: c.form.evidenceRequired }]}
          >
            <Input maxLength={200} placeholder={c.form.evidencePlaceholder} data-testid="consent-evidence" />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}

/** The 授权 tab: each purpose's consent now, how to record a decision, and every decision so far. */
export function ConsentsTab({ detail }: { detail: ClientDetail }) {
  const t = useT();
  const c = t.consents;
  const ledger = useConsentLedger(detail.id);
  const [draft, setDraft] = useState<Draft | null>(null);

  if (ledger.isPending) {
    return (
      <Card size="small" title={c.currentTitle}>
        <Skeleton active paragraph={{ rows: 5 }} />
      </Card>
    );
  }
  if (ledger.isError) return <ErrorAlert error={ledger.error} onRetry={() => void ledger.refetch()} />;

  const current = new Map(ledger.data.current.map((entry) => [entry.purpose, entry]));
  return (
    <Flex vertical gap={16} data-testid="consents-tab">
      <Card size="small" title={c.currentTitle}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {c.intro}
        </Typography.Paragraph>
        <Alert type="info" showIcon title={c.withdrawNotice} style={{ marginBottom: 16 }} />
        <Row gutter={[12, 12]}>
          {CONSENT_PURPOSES.map((purpose) => {
            const entry = current.get(purpose);
            const status = entry?.status ?? null;
            const since = entry?.since ? formatInstant(entry.since) : null;
            return (
              <Col key={purpose} xs={24} md={12} xxl={6}>
                <Card
                  size="small"
                  data-testid={`consent-${purpose}`}
                  style={{
                    height: '100%',
                    borderColor: status === 'withdrawn' ? '#ffa39e' : undefined,
                    background: status === 'withdrawn' ? '#fff7f6' : undefined,
                  }}
                >
                  <Flex vertical gap={8} style={{ height: '100%' }}>
                    <Flex justify="space-between" align="center" gap={8}>
                      <Typography.Text strong>{c.purposes[purpose]}</Typography.Text>
                      <StatusTag status={status} />
                    </Flex>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {c.purposeHints[purpose]}
                    </Typography.Text>
                    <Typography.Text
                      type={status === 'withdrawn' ? 'danger' : 'secondary'}
                      style={{ fontSize: 12, minHeight: 20 }}
                    >
                      {since ? (status === 'withdrawn' ? c.stoppedSince(since) : c.since(since)) : ''}
                    </Typography.Text>
                    {detail.canEdit ? (
                      <Flex gap={8} style={{ marginTop: 'auto' }}>
                        {status !== 'granted' ? (
                          <Button size="small" onClick={() => setDraft({ purpose, status: 'granted' })}>
                            {c.grant}
                          </Button>
                        ) : null}
                        {status !== 'withdrawn' ? (
                          <Button
                            size="small"
                            danger
                            onClick={() => setDraft({ purpose, status: 'withdrawn' })}
                            data-testid={`consent-withdraw-${purpose}`}
                          >
                            {c.withdraw}
                          </Button>
                        ) : null}
                      </Flex>
                    ) : null}
                  </Flex>
                </Card>
              </Col>
            );
          })}
        </Row>
      </Card>
      <Card size="small" title={c.historyTitle}>
        <Table<ConsentEvent>
          rowKey="id"
          size="small"
          dataSource={ledger.data.history}
          pagination={ledger.data.history.length > 10 ? { pageSize: 10 } : false}
          data-testid="consent-history"
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={c.historyEmpty} /> }}
          columns={[
            { title: c.columns.at, dataIndex: 'recordedAt', render: (at: string) => formatInstant(at) },
            {
              title: c.columns.purpose,
              dataIndex: 'purpose',
              render: (purpose: ConsentPurpose) => c.purposes[purpose],
            },
            {
              title: c.columns.status,
              dataIndex: 'status',
              render: (status: ConsentStatus) => <StatusTag status={status} />,
            },
            {
              title: c.columns.channel,
              dataIndex: 'channel',
              render: (channel: ConsentEvent['channel']) => c.channels[channel],
            },
            { title: c.columns.evidence, dataIndex: 'evidence' },
            {
              title: c.columns.by,
              key: 'by',
              render: (_, event) => event.recordedBy.displayName,
            },
          ]}
        />
      </Card>
      <RecordConsentModal clientId={detail.id} draft={draft} onClose={() => setDraft(null)} />
    </Flex>
  );
}
