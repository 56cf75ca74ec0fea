import {
  CheckOutlined,
  CloseOutlined,
  EditOutlined,
  ExperimentOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import type { Rule, RuleDefinition } from '@dossier/contract';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Input,
  Modal,
  Popconfirm,
  Row,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { formatInstant } from '../../lib/time.ts';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useCan, useCurrentUser } from '../auth/permissions.ts';
import { useRuleDecision, useRules } from './alerts.api.ts';
import { describeCondition, RULE_STATUS_COLOR } from './alertLabels.ts';
import { BacktestPanel } from './BacktestPanel.tsx';
import { RuleEditor } from './RuleEditor.tsx';
import { type ImportReport, RuleImportButton, RuleImportReport } from './RuleImport.tsx';
import { SeverityTag } from './SeverityTag.tsx';

/** A rule's definition as a person reads it: what, why, the conditions in words, cool-down, scope. */
function Definition({ definition, title }: { definition: RuleDefinition; title: string }) {
  const t = useT();
  const { lang } = useLang();
  const d = t.rules.definition;
  const scope = [
    ...(definition.appliesTo?.clientKinds ?? []).map((k) => t.enums.kind[k]),
    ...(definition.appliesTo?.tiers ?? []).map((tier) => t.enums.tier[tier]),
  ];
  return (
    <Card size="small" title={title} style={{ height: '100%' }} data-testid="rule-definition">
      <Descriptions
        column={1}
        size="small"
        // Wide enough for the longest label on one line: 规则说明 in Chinese, “What it catches” in English.
        styles={{ label: { width: lang === 'zh' ? 88 : 132, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'description', label: d.description, children: definition.description[lang] },
          { key: 'rationale', label: d.rationale, children: definition.rationale[lang] },
          {
            key: 'conditions',
            label: d.conditions,
            children: (
              <Flex vertical gap={6}>
                <Typography.Text type="secondary">
                  {definition.when === 'any' ? d.any : d.all}
                </Typography.Text>
                {definition.conditions.map((condition, i) => {
                  const { head, details } = describeCondition(t, lang, condition);
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a rule's conditions have no identity but their place
                    <Flex key={`${condition.metric}-${i}`} vertical data-testid="rule-condition">
                      <Typography.Text strong>
                        {i + 1}. {head}
                      </Typography.Text>
                      {details.length > 0 ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12, paddingInlineStart: 16 }}>
                          {details.join(lang === 'zh' ? '；' : '; ')}
                        </Typography.Text>
                      ) : null}
                    </Flex>
                  );
                })}
              </Flex>
            ),
          },
          { key: 'cooldown', label: d.cooldown, children: d.cooldownText(definition.cooldownHours) },
          {
            key: 'appliesTo',
            label: d.appliesTo,
            children: scope.length > 0 ? scope.join(lang === 'zh' ? '、' : ', ') : d.everyone,
          },
        ]}
      />
    </Card>
  );
}

function RuleDetail({ rule }: { rule: Rule }) {
  const t = useT();
  const d = t.rules.definition;
  const inEffect = rule.version > 0 || !rule.pending;
  return (
    <Flex vertical gap={12} style={{ padding: '4px 0' }}>
      {rule.failure ? (
        <Typography.Text type="danger">{`${d.failure}: ${rule.failure}`}</Typography.Text>
      ) : null}
      <Row gutter={[12, 12]}>
        {/* A rule whose first version still waits has no version in effect (0): only the waiting one shows. */}
        {inEffect ? (
          <Col xs={24} xl={rule.pending ? 12 : 24}>
            <Definition definition={rule.definition} title={d.current(rule.version)} />
          </Col>
        ) : null}
        {rule.pending ? (
          <Col xs={24} xl={inEffect ? 12 : 24}>
            <Definition definition={rule.pending.definition} title={d.pending(rule.pending.version)} />
          </Col>
        ) : null}
      </Row>
    </Flex>
  );
}

export function RulesPage() {
  const t = useT();
  const { lang } = useLang();
  const r = t.rules;
  const { message } = App.useApp();
  useDocumentTitle(r.title);
  const list = useRules();
  const me = useCurrentUser();
  const canApprove = useCan('rule.approve');
  const canEdit = useCan('rule.edit');
  const decision = useRuleDecision();
  // The editor: a rule to change, null for a new one, undefined when closed.
  const [editing, setEditing] = useState<Rule | null | undefined>(undefined);
  const [backtesting, setBacktesting] = useState<Rule | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [failed, setFailed] = useState<{ rule: Rule; error: unknown } | null>(null);
  // The optional note of the one decision being confirmed (one popconfirm is open at a time).
  const [note, setNote] = useState('');

  const decide = (rule: Rule, approve: boolean) => {
    setFailed(null);
    const said = note.trim();
    decision.mutate(
      { id: rule.id, approve, ...(said ? { note: said } : {}) },
      {
        onSuccess: () => {
          message.success(approve ? r.approved : r.rejected);
          setNote('');
        },
        onError: (error) => setFailed({ rule, error }),
      },
    );
  };

  /** The confirmation of a decision, with a box for an optional note. */
  const confirmWithNote = (title: string) => (
    <Flex vertical gap={8} style={{ width: 280 }}>
      <span>{title}</span>
      <Input.TextArea
        autoSize={{ minRows: 2, maxRows: 4 }}
        maxLength={500}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={r.decisionNotePlaceholder}
        data-testid="rule-decision-note"
      />
    </Flex>
  );

  const c = r.columns;
  const columns: TableColumnsType<Rule> = [
    {
      title: c.code,
      dataIndex: 'code',
      width: 220,
      render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
    },
    {
      title: c.name,
      key: 'name',
      minWidth: 160,
      render: (_, rule) => (
        <Typography.Text strong data-testid="rule-name">
          {rule.definition.name[lang]}
        </Typography.Text>
      ),
    },
    {
      title: c.severity,
      key: 'severity',
      width: 80,
      render: (_, rule) => <SeverityTag severity={rule.definition.severity} />,
    },
    {
      title: c.status,
      key: 'status',
      width: 130,
      render: (_, rule) => (
        <Space size={4} wrap>
          <Tag color={RULE_STATUS_COLOR[rule.status]} style={{ marginInlineEnd: 0 }}>
            {r.status[rule.status]}
          </Tag>
          {rule.status === 'active' && !rule.enabled ? (
            <Tag style={{ marginInlineEnd: 0 }}>{r.switchedOff}</Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: c.version,
      dataIndex: 'version',
      width: 70,
      // A rule never approved has no version in effect yet (0): its first one is waiting.
      render: (v: number) => <span data-testid="rule-version">{v > 0 ? r.version(v) : t.common.empty}</span>,
    },
    {
      title: c.pending,
      key: 'pending',
      width: 260,
      render: (_, rule) =>
        rule.pending ? (
          <Flex vertical gap={6} data-testid="rule-pending">
            <Typography.Text style={{ whiteSpace: 'pre-line' }}>
              {r.pendingBy(
                rule.pending.version,
                rule.pending.proposedBy,
                // Date and time stay together when the line wraps.
                formatInstant(rule.pending.proposedAt).replace(' ', '\u00a0'),
              )}
            </Typography.Text>
            {rule.pending.enable ? null : (
              <Tag color="warning" style={{ alignSelf: 'flex-start' }}>
                {r.pendingDisable}
              </Tag>
            )}
            {canApprove ? (
              rule.pending.proposedById === me.id ? (
                // Maker-checker: the proposer's own change waits for someone else.
                <Tooltip title={r.ownProposal}>
                  {/* A disabled button takes no pointer events: the wrapper does, so the tooltip shows. */}
                  <span
                    style={{ display: 'inline-flex', gap: 6, cursor: 'not-allowed' }}
                    data-testid="rule-own-proposal"
                  >
                    <Button
                      size="small"
                      icon={<CheckOutlined />}
                      disabled
                      style={{ pointerEvents: 'none' }}
                      data-testid="rule-approve"
                    >
                      {r.approve}
                    </Button>
                    <Button
                      size="small"
                      icon={<CloseOutlined />}
                      disabled
                      style={{ pointerEvents: 'none' }}
                      data-testid="rule-reject"
                    >
                      {r.reject}
                    </Button>
                  </span>
                </Tooltip>
              ) : (
                <Space size={6}>
                  <Popconfirm
                    title={confirmWithNote(r.approveConfirm)}
                    onOpenChange={(open) => open && setNote('')}
                    onConfirm={() => decide(rule, true)}
                  >
                    <Button
                      size="small"
                      type="primary"
                      icon={<CheckOutlined />}
                      loading={
                        decision.isPending && decision.variables?.id === rule.id && decision.variables.approve
                      }
                      data-testid="rule-approve"
                    >
                      {r.approve}
                    </Button>
                  </Popconfirm>
                  <Popconfirm
                    title={confirmWithNote(r.rejectConfirm)}
                    onOpenChange={(open) => open && setNote('')}
                    onConfirm={() => decide(rule, false)}
                  >
                    <Button
                      size="small"
                      danger
                      icon={<CloseOutlined />}
                      loading={
                        decision.isPending &&
                        decision.variables?.id === rule.id &&
                        !decision.variables.approve
                      }
                      data-testid="rule-reject"
                    >
                      {r.reject}
                    </Button>
                  </Popconfirm>
                </Space>
              )
            ) : null}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t.common.empty}</Typography.Text>
        ),
    },
    ...(canEdit
      ? [
          {
            title: c.actions,
            key: 'actions',
            width: 180,
            fixed: 'right' as const,
            render: (_: unknown, rule: Rule) => (
              <Space size={6}>
                {rule.pending ? (
                  <Tooltip title={r.editor.pendingExists(rule.pending.version)}>
                    <span style={{ cursor: 'not-allowed' }}>
                      <Button
                        size="small"
                        icon={<EditOutlined />}
                        disabled
                        style={{ pointerEvents: 'none' }}
                        data-testid="rule-edit"
                      >
                        {r.edit}
                      </Button>
                    </span>
                  </Tooltip>
                ) : (
                  <Button
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setEditing(rule)}
                    data-testid="rule-edit"
                  >
                    {r.edit}
                  </Button>
                )}
                <Button
                  size="small"
                  icon={<ExperimentOutlined />}
                  onClick={() => setBacktesting(rule)}
                  data-testid="rule-backtest"
                >
                  {r.backtest.action}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={r.title}
        subtitle={r.subtitle}
        extra={
          canEdit ? (
            <>
              <RuleImportButton onReport={setReport} />
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing(null)}
                data-testid="rule-new"
              >
                {r.newRule}
              </Button>
            </>
          ) : null
        }
      />
      {editing !== undefined ? (
        <RuleEditor
          key={editing ? `${editing.id}-${editing.version}` : 'new'}
          rule={editing}
          open
          onClose={() => setEditing(undefined)}
        />
      ) : null}
      <Modal
        open={backtesting !== null}
        onCancel={() => setBacktesting(null)}
        footer={null}
        width={640}
        destroyOnHidden
        title={
          backtesting ? r.backtest.modalTitle(backtesting.definition.name[lang], backtesting.version) : ''
        }
        data-testid="rule-backtest-modal"
      >
        {backtesting ? <BacktestPanel source={() => ({ ruleId: backtesting.id })} /> : null}
      </Modal>
      <Card styles={{ body: { padding: 16 } }}>
        <Flex vertical gap={12}>
          {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
          {report ? <RuleImportReport report={report} onClose={() => setReport(null)} /> : null}
          {failed ? (
            <ErrorAlert
              error={failed.error}
              testId="rule-decision-error"
              extra={
                <Typography.Text type="secondary">
                  {r.decisionFailed(failed.rule.definition.name[lang])}
                </Typography.Text>
              }
            />
          ) : null}
          <Table<Rule>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            // The columns' widths: the whole table fits a 1440-pixel screen beside the menu.
            scroll={{ x: canEdit ? 1150 : 1040 }}
            expandable={{
              expandedRowRender: (rule) => <RuleDetail rule={rule} />,
              expandRowByClick: false,
            }}
            onRow={(rule) =>
              ({ 'data-testid': 'rule-row', 'data-rule-code': rule.code }) as HTMLAttributes<HTMLElement>
            }
            locale={{ emptyText: list.isPending ? ' ' : <Empty description={r.empty} /> }}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (total) => r.total(total) }}
          />
        </Flex>
      </Card>
    </>
  );
}
