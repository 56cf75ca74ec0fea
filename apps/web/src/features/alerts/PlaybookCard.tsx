import { CheckOutlined, CloseOutlined, SendOutlined } from '@ant-design/icons';
import type {
  Alert,
  AlertAction,
  AlertActionKind,
  AlertActionRequest,
  AlertActionStatus,
  Me,
} from '@dossier/contract';
import { ALERT_ACTION_KINDS } from '@dossier/contract';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Segmented,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { formatMoney, yuanTextToMinor } from '../../lib/money.ts';
import { BANK_ZONE, formatInstant, toIsoDate } from '../../lib/time.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useCan, useCurrentUser } from '../auth/permissions.ts';
import { useAlertAction, useAlertActionDecision } from './alerts.api.ts';

const STATUS_COLOR: Record<AlertActionStatus, string> = {
  done: 'blue',
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
};

/**
 * Whether the signed-in user made this request (then another risk officer decides it).
 * The contract names the requester only by display name; the server refuses a self-approval
 * (403 action.self_approval) whatever the page shows.
 */
function isOwnRequest(action: AlertAction, me: Me): boolean {
  return action.requestedById === me.id;
}

interface PlaybookValues {
  dueOn?: Dayjs | null;
  limitYuan?: string | null;
  note: string;
}

/** The three playbook actions as one small form: the kind, then what that kind needs. */
function PlaybookForm({ alert }: { alert: Alert }) {
  const t = useT();
  const { lang } = useLang();
  const p = t.alerts.playbook;
  const { message } = App.useApp();
  const [kind, setKind] = useState<AlertActionKind>('contact_task');
  const [form] = Form.useForm<PlaybookValues>();
  const limitYuan = Form.useWatch('limitYuan', form);
  const send = useAlertAction(alert.id);
  const today = dayjs().tz(BANK_ZONE).startOf('day');
  const limitMinor = limitYuan == null || limitYuan === '' ? null : yuanTextToMinor(String(limitYuan));

  const submit = (values: PlaybookValues) => {
    const body: AlertActionRequest = { kind, note: values.note.trim() };
    if (kind === 'contact_task' && values.dueOn) body.dueOn = toIsoDate(values.dueOn);
    if (kind === 'limit_review') body.proposedLimitMinor = yuanTextToMinor(String(values.limitYuan)) ?? 0;
    send.mutate(body, {
      onSuccess: () => {
        message.success(p.created[kind]);
        form.resetFields();
      },
    });
  };

  return (
    <Flex vertical gap={10} data-testid="playbook-form">
      <Segmented<AlertActionKind>
        block
        value={kind}
        onChange={(value) => {
          setKind(value);
          send.reset();
        }}
        options={ALERT_ACTION_KINDS.map((k) => ({ value: k, label: p.kindShort[k] }))}
        data-testid="playbook-kind"
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="playbook-kind-hint">
        {p.kindHint[kind]}
      </Typography.Text>
      <Form<PlaybookValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ dueOn: today.add(1, 'day') }}
        onFinish={submit}
        style={{ marginBottom: 0 }}
      >
        {kind === 'contact_task' ? (
          <Form.Item name="dueOn" label={p.dueOn} style={{ marginBottom: 12 }}>
            <DatePicker
              allowClear={false}
              disabledDate={(day) => day.isBefore(today, 'day')}
              style={{ width: '100%' }}
              data-testid="playbook-due"
            />
          </Form.Item>
        ) : null}
        {kind === 'limit_review' ? (
          <Form.Item
            name="limitYuan"
            label={p.proposedLimit}
            rules={[
              {
                validator: (_, value: string | null | undefined) =>
                  value != null && value !== '' && yuanTextToMinor(String(value)) !== null
                    ? Promise.resolve()
                    : Promise.reject(new Error(p.proposedLimitRequired)),
              },
            ]}
            extra={
              limitMinor !== null ? (
                <span data-testid="playbook-limit-preview">
                  {formatMoney({ minor: limitMinor, currency: 'CNY' }, lang)}
                </span>
              ) : undefined
            }
            style={{ marginBottom: 12 }}
          >
            <InputNumber<string>
              stringMode
              min="0"
              precision={2}
              controls={false}
              suffix={p.yuan}
              style={{ width: '100%' }}
              data-testid="playbook-limit"
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="note"
          label={p.note}
          rules={[
            {
              validator: (_, value: string | undefined) =>
                (value ?? '').trim().length >= 2
                  ? Promise.resolve()
                  : Promise.reject(new Error(p.noteRequired)),
            },
          ]}
          style={{ marginBottom: 12 }}
        >
          <Input.TextArea
            rows={2}
            maxLength={1000}
            placeholder={p.notePlaceholder[kind]}
            data-testid="playbook-note"
          />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<SendOutlined />}
          loading={send.isPending}
          data-testid="playbook-submit"
        >
          {p.submit[kind]}
        </Button>
      </Form>
      {send.isError ? <ErrorAlert error={send.error} testId="playbook-error" /> : null}
    </Flex>
  );
}

/** A pending request as a risk officer other than the requester sees it: approve or reject, with a note. */
function DecisionBox({ alert, action }: { alert: Alert; action: AlertAction }) {
  const t = useT();
  const p = t.alerts.playbook;
  const { message } = App.useApp();
  const decide = useAlertActionDecision(alert.id);
  const [note, setNote] = useState('');
  const send = (approve: boolean) =>
    decide.mutate(
      { actionId: action.id, approve, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: () => {
          message.success(approve ? p.approved : p.rejected);
          setNote('');
        },
      },
    );
  const busy = (approve: boolean) => decide.isPending && decide.variables?.approve === approve;
  return (
    <Flex vertical gap={6} style={{ marginTop: 4 }} data-testid="playbook-decision-box">
      <Input.TextArea
        autoSize={{ minRows: 1, maxRows: 4 }}
        maxLength={1000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={p.decisionNotePlaceholder}
        aria-label={p.decisionNote}
        data-testid="playbook-decision-note"
      />
      <Space size={8}>
        <Popconfirm title={p.approveConfirm} onConfirm={() => send(true)}>
          <Button
            size="small"
            type="primary"
            icon={<CheckOutlined />}
            loading={busy(true)}
            disabled={decide.isPending}
            data-testid="playbook-approve"
          >
            {p.approve}
          </Button>
        </Popconfirm>
        <Button
          size="small"
          danger
          icon={<CloseOutlined />}
          loading={busy(false)}
          disabled={decide.isPending}
          onClick={() => send(false)}
          data-testid="playbook-reject"
        >
          {p.reject}
        </Button>
      </Space>
      {decide.isError ? <ErrorAlert error={decide.error} testId="playbook-decision-error" /> : null}
    </Flex>
  );
}

function ActionItem({ alert, action, me }: { alert: Alert; action: AlertAction; me: Me }) {
  const t = useT();
  const { lang } = useLang();
  const p = t.alerts.playbook;
  const canDecide = useCan('alert.decide');
  const statusTag = (
    <Tag
      color={STATUS_COLOR[action.status]}
      style={{ marginInlineEnd: 0 }}
      data-testid="playbook-action-status"
    >
      {p.status[action.status]}
    </Tag>
  );
  const assignee = alert.owner && alert.owner.id !== me.id ? alert.owner.displayName : null;
  return (
    <Flex
      vertical
      gap={4}
      data-testid="playbook-action"
      data-action-kind={action.kind}
      data-action-status={action.status}
    >
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text strong>{p.kind[action.kind]}</Typography.Text>
        {action.kind === 'contact_task' && action.taskId !== null ? (
          <Link to="/tasks" data-testid="playbook-task-link">
            {statusTag}
          </Link>
        ) : (
          statusTag
        )}
      </Flex>
      {action.proposedLimitMinor !== null ? (
        <Typography.Text data-testid="playbook-action-limit">
          {p.proposedLimitValue(formatMoney({ minor: action.proposedLimitMinor, currency: 'CNY' }, lang))}
        </Typography.Text>
      ) : null}
      <Typography.Paragraph
        style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}
        data-testid="playbook-action-note"
      >
        {action.note}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {p.requested(action.requestedBy, formatInstant(action.requestedAt))}
        {action.kind === 'contact_task' && assignee ? ` · ${p.assignedTo(assignee)}` : ''}
      </Typography.Text>
      {action.decidedBy && action.decidedAt ? (
        <Flex
          vertical
          gap={2}
          style={{
            marginTop: 2,
            paddingInlineStart: 8,
            borderInlineStart: `2px solid ${action.status === 'approved' ? '#52c41a' : '#ff4d4f'}`,
          }}
          data-testid="playbook-decision"
        >
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.decided(action.decidedBy, formatInstant(action.decidedAt))}
          </Typography.Text>
          {action.decisionNote ? (
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{action.decisionNote}</Typography.Text>
          ) : null}
        </Flex>
      ) : null}
      {action.status === 'pending' ? (
        canDecide && !isOwnRequest(action, me) ? (
          <DecisionBox alert={alert} action={action} />
        ) : (
          <Typography.Text
            type="secondary"
            style={{ fontSize: 12 }}
            data-testid={canDecide ? 'playbook-own-request' : 'playbook-awaiting'}
          >
            {canDecide ? p.ownRequest : p.awaitingDecision}
          </Typography.Text>
        )
      ) : null}
    </Flex>
  );
}

/**
 * 处置措施: a contact task for the RM, a limit review or a freeze request for a risk officer to
 * decide (never the requester), and the actions taken so far with their outcome.
 */
export function PlaybookCard({ alert }: { alert: Alert }) {
  const t = useT();
  const p = t.alerts.playbook;
  const me = useCurrentUser();
  const canWork = useCan('alert.work');
  const actions = [...alert.actions].reverse();
  const resolved = alert.status === 'resolved';
  return (
    <Card size="small" title={p.title} data-testid="alert-playbook">
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={11}>
          {resolved || !canWork ? (
            <Typography.Text type="secondary" data-testid="playbook-closed">
              {resolved ? p.resolved : p.readOnly}
            </Typography.Text>
          ) : (
            <PlaybookForm alert={alert} />
          )}
        </Col>
        <Col xs={24} lg={13}>
          <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
            {p.list}
          </Typography.Text>
          {actions.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={p.empty} style={{ margin: '8px 0' }} />
          ) : (
            <Flex vertical gap={12} data-testid="playbook-actions">
              {actions.map((action, i) => (
                <div
                  key={action.id}
                  style={i > 0 ? { borderTop: '1px solid #f0f0f0', paddingTop: 12 } : undefined}
                >
                  <ActionItem alert={alert} action={action} me={me} />
                </div>
              ))}
            </Flex>
          )}
        </Col>
      </Row>
    </Card>
  );
}
