import {
  type AccountDetail,
  COLLATERAL_KINDS,
  type CollateralKind,
  type InstalmentStatus,
} from '@dossier/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Select,
  Skeleton,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useMemo, useState } from 'react';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { formatMoney } from '../../lib/money.ts';
import { toIsoDate } from '../../lib/time.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useRelationshipGraph } from '../relationships/relationships.api.ts';
import { addCollateral, financeKeys, linkGuarantee, useAccountDetail } from './finance.api.ts';
import { CLASSIFICATION_COLOR } from './financeColors.ts';
import { formatSignedMoney, majorTextToMinor, percentOfBp } from './financeShape.ts';

const NUM = { fontVariantNumeric: 'tabular-nums' } as const;
const PAGE = 12;

const STATUS_COLOR: Record<InstalmentStatus, string> = { paid: 'default', due: 'blue', overdue: 'volcano' };

/** Loan-to-value: up to 70 % is comfortable, up to 90 % worth watching, beyond that thin cover. */
function ltvColor(bp: number | null): string | undefined {
  if (bp === null) return undefined;
  return bp <= 7000 ? undefined : bp <= 9000 ? '#d48806' : '#cf1322';
}

type Instalment = NonNullable<AccountDetail['schedule']>['instalments'][number];

function ScheduleTable({
  schedule,
  currency,
}: {
  schedule: NonNullable<AccountDetail['schedule']>;
  currency: string;
}) {
  const t = useT();
  const { lang } = useLang();
  const f = t.finance.loan;
  // One unit down the whole column (元, two decimals), so the amounts line up and compare at a glance.
  const money = (minor: number) =>
    (minor / 100).toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
  const unit = currency === 'CNY' && lang === 'zh' ? '元' : currency;
  // Open on the page of the next instalment (or of the first overdue one, if any).
  const firstOverdue = schedule.instalments.findIndex((i) => i.status === 'overdue');
  const focus = firstOverdue >= 0 ? firstOverdue : (schedule.next ?? schedule.instalments.length - 1);
  const [page, setPage] = useState(Math.floor(Math.max(focus, 0) / PAGE) + 1);
  const columns: TableColumnsType<Instalment> = [
    { title: f.columns.n, dataIndex: 'n', width: 56, align: 'right' },
    { title: f.columns.dueOn, dataIndex: 'dueOn', width: 108 },
    {
      title: f.inUnit(f.columns.principal, unit),
      dataIndex: 'principalMinor',
      align: 'right',
      render: (v: number) => <span style={NUM}>{money(v)}</span>,
    },
    {
      title: f.inUnit(f.columns.interest, unit),
      dataIndex: 'interestMinor',
      align: 'right',
      render: (v: number) => <span style={NUM}>{money(v)}</span>,
    },
    {
      title: f.inUnit(f.columns.total, unit),
      dataIndex: 'totalMinor',
      align: 'right',
      render: (v: number) => (
        <Typography.Text strong style={NUM}>
          {money(v)}
        </Typography.Text>
      ),
    },
    {
      title: f.inUnit(f.columns.remaining, unit),
      dataIndex: 'remainingMinor',
      align: 'right',
      render: (v: number) => <span style={NUM}>{money(v)}</span>,
    },
    {
      title: f.columns.status,
      key: 'status',
      width: 96,
      render: (_, i) =>
        schedule.instalments[schedule.next ?? -1] === i ? (
          <Tag color="processing" style={{ marginInlineEnd: 0 }} data-testid="next-instalment">
            {f.next}
          </Tag>
        ) : (
          <Tag color={STATUS_COLOR[i.status]} style={{ marginInlineEnd: 0 }}>
            {f.statuses[i.status]}
          </Tag>
        ),
    },
  ];
  return (
    <Table<Instalment>
      size="small"
      rowKey="n"
      columns={columns}
      dataSource={schedule.instalments}
      data-testid="loan-schedule"
      onRow={(i) => ({
        style:
          schedule.instalments[schedule.next ?? -1] === i
            ? { background: '#e6f4ff', fontWeight: 500 }
            : i.status === 'overdue'
              ? { background: '#fff2e8' }
              : undefined,
      })}
      pagination={
        schedule.instalments.length > PAGE
          ? {
              current: page,
              pageSize: PAGE,
              onChange: setPage,
              size: 'small',
              showSizeChanger: false,
              showTotal: (n) => f.instalments(n),
            }
          : false
      }
    />
  );
}

interface CollateralValues {
  kind: CollateralKind;
  description: string;
  value: string;
  appraisedOn: Dayjs;
}

function CollateralForm({
  accountId,
  clientId,
  onDone,
}: {
  accountId: number;
  clientId: number;
  onDone: () => void;
}) {
  const t = useT();
  const f = t.finance.loan;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CollateralValues>();
  const save = useMutation({
    mutationFn: (v: CollateralValues) =>
      addCollateral(accountId, {
        kind: v.kind,
        description: v.description.trim(),
        appraisedValueMinor: majorTextToMinor(v.value) ?? 0,
        appraisedOn: toIsoDate(v.appraisedOn) ?? '',
      }),
    onSuccess: (detail) => {
      queryClient.setQueryData(financeKeys.account(clientId, accountId), detail);
      message.success(f.collateralAdded);
      onDone();
    },
  });
  return (
    <Form<CollateralValues>
      form={form}
      layout="vertical"
      size="small"
      onFinish={(v) => save.mutate(v)}
      data-testid="collateral-form"
      style={{ padding: 12, background: '#fafafa', borderRadius: 8 }}
    >
      {save.isError ? <ErrorAlert error={save.error} /> : null}
      <Flex gap={8} wrap>
        <Form.Item
          name="kind"
          label={f.form.kind}
          rules={[{ required: true, message: f.form.required }]}
          style={{ width: 150 }}
        >
          <Select
            options={COLLATERAL_KINDS.map((k) => ({ value: k, label: f.collateralKinds[k] }))}
            data-testid="collateral-kind"
          />
        </Form.Item>
        <Form.Item
          name="value"
          label={f.form.value}
          style={{ width: 160 }}
          rules={[
            {
              validator: (_, v: string | undefined) =>
                (majorTextToMinor(v ?? '') ?? 0) > 0
                  ? Promise.resolve()
                  : Promise.reject(new Error(f.form.valueInvalid)),
            },
          ]}
        >
          <Input suffix={f.form.yuan} inputMode="decimal" />
        </Form.Item>
        <Form.Item
          name="appraisedOn"
          label={f.form.appraisedOn}
          rules={[{ required: true, message: f.form.required }]}
        >
          <DatePicker disabledDate={(d) => d.isAfter(new Date(), 'day')} />
        </Form.Item>
      </Flex>
      <Form.Item
        name="description"
        label={f.form.description}
        rules={[{ required: true, whitespace: true, message: f.form.required }]}
      >
        <Input maxLength={300} placeholder={f.form.descriptionPlaceholder} />
      </Form.Item>
      <Flex gap={8} justify="end">
        <Button onClick={onDone}>{f.form.cancel}</Button>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="collateral-submit">
          {f.form.save}
        </Button>
      </Flex>
    </Form>
  );
}

function GuaranteeLinker({
  accountId,
  clientId,
  linked,
}: {
  accountId: number;
  clientId: number;
  linked: Set<number>;
}) {
  const t = useT();
  const { lang } = useLang();
  const f = t.finance.loan;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const graph = useRelationshipGraph(clientId);
  const [choice, setChoice] = useState<number | undefined>();
  const link = useMutation({
    mutationFn: (relationshipId: number) => linkGuarantee(accountId, { relationshipId }),
    onSuccess: (detail) => {
      queryClient.setQueryData(financeKeys.account(clientId, accountId), detail);
      message.success(f.guaranteeLinked);
      setChoice(undefined);
    },
  });
  const options = (graph.data?.relationships ?? [])
    .filter((r) => r.kind === 'guarantor' && r.to.id === clientId && !linked.has(r.id))
    .map((r) => ({
      value: r.id,
      label: `${r.from.name}${r.amount ? ` · ${formatMoney(r.amount, lang)}` : ''}${r.endsOn ? ` · ${f.until(r.endsOn)}` : ''}`,
    }));
  if (graph.isSuccess && options.length === 0)
    return <Typography.Text type="secondary">{f.noGuarantorsToLink}</Typography.Text>;
  return (
    <Flex vertical gap={8}>
      {link.isError ? <ErrorAlert error={link.error} /> : null}
      <Flex gap={8}>
        <Select<number>
          style={{ flex: 1 }}
          size="small"
          placeholder={f.pickGuarantee}
          loading={graph.isPending}
          value={choice}
          onChange={setChoice}
          options={options}
          data-testid="guarantee-select"
        />
        <Button
          size="small"
          type="primary"
          disabled={choice === undefined}
          loading={link.isPending}
          onClick={() => choice !== undefined && link.mutate(choice)}
          data-testid="guarantee-link"
        >
          {f.link}
        </Button>
      </Flex>
    </Flex>
  );
}

function Section({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </Flex>
  );
}

function LoanBody({
  detail,
  clientId,
  canEdit,
}: {
  detail: AccountDetail;
  clientId: number;
  canEdit: boolean;
}) {
  const t = useT();
  const { lang } = useLang();
  const f = t.finance.loan;
  const [adding, setAdding] = useState(false);
  const { account, schedule } = detail;
  const money = (minor: number | null) =>
    minor === null ? '—' : formatMoney({ minor, currency: account.currency }, lang);
  const linked = useMemo(() => new Set(detail.guarantees.map((g) => g.relationshipId)), [detail.guarantees]);
  const nextOne = schedule && schedule.next !== null ? schedule.instalments[schedule.next] : null;

  return (
    <Flex vertical gap={20}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          {
            key: 'out',
            label: f.outstanding,
            children: <strong style={NUM}>{formatSignedMoney(account.balance, lang)}</strong>,
          },
          {
            key: 'principal',
            label: f.principal,
            children: <span style={NUM}>{money(account.principalMinor)}</span>,
          },
          {
            key: 'rate',
            label: f.rate,
            children: account.rateBp === null ? '—' : percentOfBp(account.rateBp),
          },
          {
            key: 'term',
            label: f.term,
            children: account.termMonths === null ? '—' : f.months(account.termMonths),
          },
          {
            key: 'method',
            label: f.method,
            children: account.repaymentMethod ? f.methods[account.repaymentMethod] : '—',
          },
          { key: 'maturity', label: f.maturity, children: account.maturityOn ?? '—' },
          {
            key: 'class',
            label: f.classification,
            children: (
              <Flex gap={4}>
                {account.classification ? (
                  <Tag color={CLASSIFICATION_COLOR[account.classification]} style={{ marginInlineEnd: 0 }}>
                    {t.finance.classifications[account.classification]}
                  </Tag>
                ) : (
                  '—'
                )}
                {account.daysPastDue ? (
                  <Tag color="volcano" style={{ marginInlineEnd: 0 }}>
                    {t.finance.liabilitiesCard.overdue(account.daysPastDue)}
                  </Tag>
                ) : null}
              </Flex>
            ),
          },
          {
            key: 'next',
            label: f.nextDue,
            children: nextOne ? (
              <span style={NUM}>
                {nextOne.dueOn} · {money(nextOne.totalMinor)}
              </span>
            ) : (
              '—'
            ),
          },
        ]}
      />

      <Section
        title={f.collateral}
        extra={
          <Flex gap={12} align="center">
            {detail.ltvBp !== null ? (
              <Typography.Text style={{ color: ltvColor(detail.ltvBp), ...NUM }} data-testid="loan-ltv">
                {f.ltvTotal(percentOfBp(detail.ltvBp, 1))}
              </Typography.Text>
            ) : null}
            {canEdit && !adding ? (
              <Button size="small" onClick={() => setAdding(true)} data-testid="collateral-add">
                {f.addCollateral}
              </Button>
            ) : null}
          </Flex>
        }
      >
        {adding ? (
          <CollateralForm accountId={account.id} clientId={clientId} onDone={() => setAdding(false)} />
        ) : null}
        {detail.collateral.length === 0 ? (
          <Typography.Text type="secondary">{f.noCollateral}</Typography.Text>
        ) : (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={detail.collateral}
            data-testid="loan-collateral"
            columns={[
              {
                title: f.columns.kind,
                dataIndex: 'kind',
                width: 110,
                render: (k: CollateralKind) => (
                  <Tag style={{ marginInlineEnd: 0 }}>{f.collateralKinds[k]}</Tag>
                ),
              },
              { title: f.columns.description, dataIndex: 'description' },
              {
                title: f.columns.appraised,
                key: 'value',
                align: 'right',
                width: 150,
                render: (_, c) => (
                  <Flex vertical align="end">
                    <span style={NUM}>{formatMoney(c.appraisedValue, lang)}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                      {f.appraisedOn(c.appraisedOn)}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                title: f.columns.ltv,
                dataIndex: 'ltvBp',
                align: 'right',
                width: 80,
                render: (bp: number | null) => (
                  <span style={{ ...NUM, color: ltvColor(bp) }}>
                    {bp === null ? '—' : percentOfBp(bp, 1)}
                  </span>
                ),
              },
            ]}
          />
        )}
      </Section>

      <Section title={f.guarantees}>
        {detail.guarantees.length === 0 ? (
          <Typography.Text type="secondary">{f.noGuarantees}</Typography.Text>
        ) : (
          <Table
            size="small"
            rowKey="relationshipId"
            pagination={false}
            dataSource={detail.guarantees}
            data-testid="loan-guarantees"
            columns={[
              {
                title: f.columns.guarantor,
                key: 'guarantor',
                render: (_, g) => (
                  <Flex gap={6} align="center">
                    <span data-testid="guarantor-name">{g.guarantor.name}</span>
                    {g.guarantor.visible ? null : (
                      <Tag style={{ marginInlineEnd: 0 }} title={f.hiddenHint}>
                        {f.hidden}
                      </Tag>
                    )}
                  </Flex>
                ),
              },
              {
                title: f.columns.amount,
                key: 'amount',
                align: 'right',
                render: (_, g) => <span style={NUM}>{g.amount ? formatMoney(g.amount, lang) : '—'}</span>,
              },
              {
                title: f.columns.period,
                key: 'period',
                render: (_, g) =>
                  g.startsOn || g.endsOn ? `${g.startsOn ?? '…'} ~ ${g.endsOn ?? '…'}` : f.openEnded,
              },
            ]}
          />
        )}
        {canEdit ? <GuaranteeLinker accountId={account.id} clientId={clientId} linked={linked} /> : null}
      </Section>
      <Section
        title={f.schedule}
        extra={
          schedule ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {f.totalInterest(money(schedule.totalInterestMinor))}
            </Typography.Text>
          ) : null
        }
      >
        {schedule ? (
          <>
            <ScheduleTable schedule={schedule} currency={account.currency} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {f.statusRule}
            </Typography.Text>
          </>
        ) : (
          <Alert
            type="info"
            showIcon
            title={f.noSchedule}
            description={f.missing(
              detail.scheduleMissing.map((k) => f.terms[k as keyof typeof f.terms] ?? k).join('、'),
            )}
            data-testid="schedule-missing"
          />
        )}
      </Section>
    </Flex>
  );
}

/** A loan's schedule, collateral and guarantees, opened from its row in the liabilities card. */
export function LoanDrawer({
  clientId,
  accountId,
  canEdit,
  onClose,
}: {
  clientId: number;
  accountId: number | null;
  canEdit: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const detail = useAccountDetail(clientId, accountId);
  const account = detail.data?.account;
  return (
    <Drawer
      open={accountId !== null}
      onClose={onClose}
      size={760}
      destroyOnHidden
      title={
        account ? (
          <Flex vertical>
            <span>{account.productName}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
              {t.finance.kinds[account.kind]} · {account.accountNo}
            </Typography.Text>
          </Flex>
        ) : (
          t.finance.loan.title
        )
      }
      data-testid="loan-drawer"
    >
      {detail.isError ? (
        <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />
      ) : detail.data ? (
        <LoanBody detail={detail.data} clientId={clientId} canEdit={canEdit} />
      ) : accountId === null ? (
        <Empty />
      ) : (
        <Skeleton active />
      )}
    </Drawer>
  );
}
