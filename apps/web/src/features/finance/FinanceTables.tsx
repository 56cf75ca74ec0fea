import type { Account, AccountKind, FinanceSummary, RiskTolerance } from '@dossier/contract';
import { Card, Empty, Flex, Progress, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { KeyboardEvent, ReactNode } from 'react';
import { useMemo, useState } from 'react';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { formatMoney } from '../../lib/money.ts';
import { CLASSIFICATION_COLOR, INFLOW, OUTFLOW, UTILISATION_COLOR } from './financeColors.ts';
import { LoanDrawer } from './LoanDrawer.tsx';
import {
  aboveTolerance,
  formatSignedMoney,
  maturingWithin,
  percentOfBp,
  utilisationLevel,
} from './financeShape.ts';

const NUM = { fontVariantNumeric: 'tabular-nums' } as const;

function CardTitle({ title, hint }: { title: string; hint?: string }) {
  return (
    <Flex gap={8} align="baseline" wrap>
      {title}
      {hint ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
          {hint}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

function Muted({ children }: { children: ReactNode }) {
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {children}
    </Typography.Text>
  );
}

/**
 * Loans and cards owed, with their classification, and how much of each credit line is drawn. A
 * loan opens its drawer: repayment schedule, collateral and guarantees.
 */
export function LiabilitiesCard({
  summary,
  clientId,
  canEdit = false,
}: {
  summary: FinanceSummary;
  clientId: number;
  canEdit?: boolean;
}) {
  const t = useT();
  const { lang } = useLang();
  const f = t.finance.liabilitiesCard;
  const { loans, creditLines } = summary;
  const [openLoan, setOpenLoan] = useState<number | null>(null);
  return (
    <Card size="small" title={f.title} style={{ height: '100%' }} data-testid="liabilities-card">
      {loans.length === 0 && creditLines.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={f.empty} style={{ padding: 48 }} />
      ) : (
        <Flex vertical gap={16}>
          {loans.length > 0 ? (
            <Flex vertical gap={10}>
              <Typography.Text type="secondary">{f.loans}</Typography.Text>
              {loans.map((loan) => {
                const opens = loan.kind === 'loan';
                return (
                  <Flex
                    key={loan.accountId}
                    justify="space-between"
                    gap={8}
                    data-testid="liability-row"
                    className={opens ? 'liability-row-link' : undefined}
                    {...(opens
                      ? {
                          role: 'button',
                          tabIndex: 0,
                          title: t.finance.loan.open,
                          onClick: () => setOpenLoan(loan.accountId),
                          onKeyDown: (e: KeyboardEvent) => {
                            if (e.key === 'Enter' || e.key === ' ') {
                              e.preventDefault();
                              setOpenLoan(loan.accountId);
                            }
                          },
                          style: {
                            cursor: 'pointer',
                            margin: '-4px -8px',
                            padding: '4px 8px',
                            borderRadius: 6,
                          },
                        }
                      : {})}
                  >
                    <Flex vertical style={{ minWidth: 0 }}>
                      <Typography.Text ellipsis style={opens ? { color: '#1677ff' } : undefined}>
                        {loan.productName}
                      </Typography.Text>
                      <Muted>
                        {t.finance.kinds[loan.kind]} · {loan.accountNo}
                        {loan.maturityOn ? ` · ${f.maturity(loan.maturityOn)}` : ''}
                      </Muted>
                    </Flex>
                    <Flex vertical align="end" style={{ flexShrink: 0 }}>
                      <Typography.Text strong style={NUM}>
                        {formatSignedMoney(loan.outstanding, lang)}
                      </Typography.Text>
                      <Flex gap={4}>
                        {loan.classification ? (
                          <Tag
                            color={CLASSIFICATION_COLOR[loan.classification]}
                            style={{ marginInlineEnd: 0 }}
                          >
                            {t.finance.classifications[loan.classification]}
                          </Tag>
                        ) : null}
                        {loan.daysPastDue ? (
                          <Tag color="volcano" style={{ marginInlineEnd: 0 }}>
                            {f.overdue(loan.daysPastDue)}
                          </Tag>
                        ) : null}
                      </Flex>
                    </Flex>
                  </Flex>
                );
              })}
            </Flex>
          ) : null}
          {creditLines.length > 0 ? (
            <Flex vertical gap={10}>
              <Typography.Text type="secondary">{f.creditLines}</Typography.Text>
              {creditLines.map((line) => {
                const level = utilisationLevel(line.utilisationBp);
                return (
                  <Flex key={line.accountId} vertical gap={2} data-testid="credit-line">
                    <Flex justify="space-between" gap={8}>
                      <Typography.Text ellipsis>
                        {line.productName}
                        <Muted> · {t.finance.kinds[line.kind]}</Muted>
                      </Typography.Text>
                      <Typography.Text
                        style={{ ...NUM, color: UTILISATION_COLOR[level], flexShrink: 0 }}
                        strong
                      >
                        {line.utilisationBp === null ? '—' : percentOfBp(line.utilisationBp, 1)}
                      </Typography.Text>
                    </Flex>
                    <Progress
                      percent={Math.min((line.utilisationBp ?? 0) / 100, 100)}
                      showInfo={false}
                      size="small"
                      strokeColor={UTILISATION_COLOR[level]}
                    />
                    <Muted>
                      {f.usedOfLimit(
                        formatMoney({ minor: line.usedMinor, currency: line.currency }, lang),
                        formatMoney({ minor: line.limitMinor, currency: line.currency }, lang),
                      )}
                    </Muted>
                  </Flex>
                );
              })}
            </Flex>
          ) : null}
        </Flex>
      )}
      <LoanDrawer
        clientId={clientId}
        accountId={openLoan}
        canEdit={canEdit}
        onClose={() => setOpenLoan(null)}
      />
    </Card>
  );
}

type Counterparty = FinanceSummary['topCounterparties'][number];

/** The ten counterparties the most money went to or came from, masked by the server. */
export function CounterpartiesCard({ summary }: { summary: FinanceSummary }) {
  const t = useT();
  const { lang } = useLang();
  const f = t.finance.counterparties;
  const columns: TableColumnsType<Counterparty> = [
    {
      title: f.name,
      key: 'name',
      render: (_, c) => (
        <Flex vertical>
          <span data-testid="counterparty-name">{c.name ?? f.unnamed}</span>
          <Muted>{c.accountNo}</Muted>
        </Flex>
      ),
    },
    {
      title: f.inflow,
      dataIndex: 'inflowMinor',
      align: 'right',
      render: (minor: number, c) =>
        minor > 0 ? (
          <span style={{ ...NUM, color: INFLOW }}>{formatMoney({ minor, currency: c.currency }, lang)}</span>
        ) : (
          '—'
        ),
    },
    {
      title: f.outflow,
      dataIndex: 'outflowMinor',
      align: 'right',
      render: (minor: number, c) =>
        minor > 0 ? (
          <span style={{ ...NUM, color: OUTFLOW }}>{formatMoney({ minor, currency: c.currency }, lang)}</span>
        ) : (
          '—'
        ),
    },
    { title: f.count, dataIndex: 'count', align: 'right', width: 64 },
  ];
  return (
    <Card size="small" title={<CardTitle title={f.title} hint={f.hint} />} style={{ height: '100%' }}>
      <Table<Counterparty>
        size="small"
        rowKey="key"
        columns={columns}
        dataSource={summary.topCounterparties}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={f.empty} /> }}
        data-testid="counterparties-table"
      />
    </Card>
  );
}

/** What an account is worth to the client, as one line: held, owed, or drawn of a limit. */
function AccountAmount({ account }: { account: Account }) {
  const t = useT();
  const { lang } = useLang();
  const h = t.finance.holdings;
  const money = (minor: number) => formatMoney({ minor, currency: account.currency }, lang);
  const balance = formatSignedMoney(account.balance, lang);
  switch (account.kind) {
    case 'investment':
      return (
        <Flex vertical align="end">
          <span style={NUM}>{balance}</span>
          {account.marketValueMinor !== null ? (
            <Muted>{h.marketValue(money(account.marketValueMinor))}</Muted>
          ) : null}
        </Flex>
      );
    case 'loan':
      return (
        <Flex vertical align="end">
          <span style={{ ...NUM, color: OUTFLOW }}>{balance}</span>
          <Muted>{h.owed}</Muted>
        </Flex>
      );
    case 'credit_card':
      return (
        <Flex vertical align="end">
          <span style={{ ...NUM, color: OUTFLOW }}>{balance}</span>
          {account.limitMinor !== null ? <Muted>{h.limit(money(account.limitMinor))}</Muted> : null}
        </Flex>
      );
    case 'credit_facility':
      return (
        <Flex vertical align="end">
          <span style={NUM}>{account.usedMinor !== null ? money(account.usedMinor) : '—'}</span>
          {account.limitMinor !== null ? <Muted>{h.limit(money(account.limitMinor))}</Muted> : null}
        </Flex>
      );
    default:
      return <span style={NUM}>{balance}</span>;
  }
}

/** Deposits, then investments, then what is owed: the order a relationship manager reads a file in. */
const KIND_ORDER: Record<AccountKind, number> = {
  demand_deposit: 0,
  time_deposit: 1,
  investment: 2,
  loan: 3,
  credit_card: 4,
  credit_facility: 5,
};

/** Every account of the client with its terms: the product holding. */
export function HoldingsCard({
  accounts,
  riskTolerance,
}: {
  accounts: readonly Account[];
  riskTolerance: RiskTolerance | null;
}) {
  const t = useT();
  const h = t.finance.holdings;
  const rows = useMemo(
    () =>
      [...accounts].sort(
        (a, b) =>
          Number(a.status === 'closed') - Number(b.status === 'closed') ||
          KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
          b.balance.minor - a.balance.minor,
      ),
    [accounts],
  );
  const columns: TableColumnsType<Account> = [
    {
      title: h.columns.kind,
      dataIndex: 'kind',
      width: 130,
      render: (kind: AccountKind, a) => (
        <Flex vertical align="start" gap={2}>
          <Tag style={{ marginInlineEnd: 0 }}>{t.finance.kinds[kind]}</Tag>
          {a.assetClass ? <Muted>{t.finance.assetClasses[a.assetClass]}</Muted> : null}
        </Flex>
      ),
    },
    {
      title: h.columns.product,
      dataIndex: 'productName',
      render: (name: string, a) => (
        <Flex vertical>
          <Typography.Text>{name}</Typography.Text>
          {a.status !== 'active' ? <Muted>{t.finance.statuses[a.status]}</Muted> : null}
        </Flex>
      ),
    },
    {
      title: h.columns.accountNo,
      dataIndex: 'accountNo',
      width: 200,
      render: (no: string) => <span style={NUM}>{no}</span>,
    },
    {
      title: h.columns.amount,
      key: 'amount',
      align: 'right',
      width: 170,
      render: (_, a) => <AccountAmount account={a} />,
    },
    {
      title: h.columns.rate,
      dataIndex: 'rateBp',
      align: 'right',
      width: 80,
      render: (bp: number | null) => (bp === null ? '—' : percentOfBp(bp)),
    },
    {
      title: h.columns.maturity,
      dataIndex: 'maturityOn',
      width: 110,
      render: (d: string | null) => d ?? '—',
    },
    {
      title: h.columns.risk,
      dataIndex: 'riskLevel',
      width: 190,
      render: (level: Account['riskLevel']) =>
        level ? (
          <Flex vertical align="start" gap={2}>
            {t.finance.riskLevels[level]}
            {aboveTolerance(level, riskTolerance) && riskTolerance ? (
              <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid="above-tolerance">
                {h.aboveTolerance(riskTolerance)}
              </Tag>
            ) : null}
          </Flex>
        ) : (
          '—'
        ),
    },
    {
      title: h.columns.classification,
      key: 'classification',
      width: 130,
      render: (_, a) =>
        a.classification ? (
          <Flex gap={4} wrap>
            <Tag color={CLASSIFICATION_COLOR[a.classification]} style={{ marginInlineEnd: 0 }}>
              {t.finance.classifications[a.classification]}
            </Tag>
            {a.daysPastDue ? <Muted>{h.overdue(a.daysPastDue)}</Muted> : null}
          </Flex>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <Card size="small" title={h.title}>
      <Table<Account>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1080 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={h.empty} /> }}
        data-testid="holdings-table"
      />
    </Card>
  );
}

/** Deposits, products and loans that mature in the next 90 days: a reason to call the client. */
export function MaturityCard({ accounts, today }: { accounts: readonly Account[]; today: string }) {
  const t = useT();
  const { lang } = useLang();
  const f = t.finance.maturity;
  const due = useMemo(() => maturingWithin(accounts, today, 90), [accounts, today]);
  return (
    <Card size="small" title={<CardTitle title={f.title} hint={f.hint} />} style={{ height: '100%' }}>
      {due.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={f.empty} style={{ padding: 32 }} />
      ) : (
        <Flex vertical gap={10} data-testid="maturity-list">
          {due.map(({ account, daysLeft }) => (
            <Flex key={account.id} gap={12} align="center" data-testid="maturity-row">
              <Flex vertical align="center" style={{ width: 76, flexShrink: 0 }}>
                <Typography.Text strong style={NUM}>
                  {account.maturityOn}
                </Typography.Text>
                <Tag
                  color={daysLeft <= 7 ? 'orange' : daysLeft <= 30 ? 'gold' : 'default'}
                  style={{ marginInlineEnd: 0 }}
                >
                  {daysLeft === 0 ? f.today : f.inDays(daysLeft)}
                </Tag>
              </Flex>
              <Flex vertical style={{ minWidth: 0, flex: 1 }}>
                <Typography.Text ellipsis>{account.productName}</Typography.Text>
                <Muted>
                  {t.finance.kinds[account.kind]} · {account.accountNo}
                  {account.rateBp !== null ? ` · ${percentOfBp(account.rateBp)}` : ''}
                </Muted>
              </Flex>
              <Typography.Text
                strong
                style={{ ...NUM, flexShrink: 0, color: account.kind === 'loan' ? OUTFLOW : undefined }}
              >
                {/* A credit line holds nothing: what matures is its limit. */}
                {account.kind === 'credit_facility' && account.limitMinor !== null
                  ? t.finance.holdings.limit(
                      formatMoney({ minor: account.limitMinor, currency: account.currency }, lang),
                    )
                  : formatSignedMoney(account.balance, lang)}
              </Typography.Text>
            </Flex>
          ))}
        </Flex>
      )}
    </Card>
  );
}
