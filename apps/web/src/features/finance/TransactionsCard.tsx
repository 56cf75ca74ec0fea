import {
  type Account,
  TRANSACTION_CATEGORIES,
  TRANSACTION_CHANNELS,
  type Transaction,
  type TransactionCategory,
  type TransactionChannel,
  type TransactionDirection,
} from '@dossier/contract';
import {
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  InputNumber,
  Select,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { formatMoney } from '../../lib/money.ts';
import { formatInstant } from '../../lib/time.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { INFLOW, OUTFLOW } from './financeColors.ts';
import { type TransactionFilters, useClientTransactions } from './finance.api.ts';
import { formatSignedMoney, majorTextToMinor } from './financeShape.ts';

const NUM = { fontVariantNumeric: 'tabular-nums' } as const;

interface Filters {
  from?: string | undefined;
  to?: string | undefined;
  minAmount?: string | undefined;
  maxAmount?: string | undefined;
  category?: TransactionCategory | undefined;
  channel?: TransactionChannel | undefined;
  direction?: TransactionDirection | undefined;
  accountId?: number | undefined;
}

/** A value that follows `value` once it has stood still for `ms`: typing an amount asks the server once. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The client's transactions, newest first, filtered and paged by the server. */
export function TransactionsCard({ clientId, accounts }: { clientId: number; accounts: readonly Account[] }) {
  const t = useT();
  const { lang } = useLang();
  const f = t.finance.transactions;
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const minAmount = useSettled(filters.minAmount, 400);
  const maxAmount = useSettled(filters.maxAmount, 400);

  const query = useMemo<TransactionFilters>(() => {
    const minor = (text: string | undefined) => (text ? (majorTextToMinor(text) ?? undefined) : undefined);
    return {
      from: filters.from,
      to: filters.to,
      minAmountMinor: minor(minAmount),
      maxAmountMinor: minor(maxAmount),
      category: filters.category,
      channel: filters.channel,
      direction: filters.direction,
      accountId: filters.accountId,
      page,
      pageSize,
    };
  }, [filters, minAmount, maxAmount, page, pageSize]);
  const list = useClientTransactions(clientId, query);

  const change = (next: Partial<Filters>) => {
    setFilters((current) => ({ ...current, ...next }));
    setPage(1);
  };
  const filtered = Object.values(filters).some((v) => v !== undefined && v !== '');
  const accountById = useMemo(() => new Map(accounts.map((a) => [a.id, a])), [accounts]);

  const columns: TableColumnsType<Transaction> = [
    {
      title: f.columns.bookedAt,
      dataIndex: 'bookedAt',
      width: 140,
      render: (at: string) => <span style={NUM}>{formatInstant(at)}</span>,
    },
    {
      title: f.columns.account,
      dataIndex: 'accountId',
      width: 190,
      render: (id: number, tx) => {
        const account = accountById.get(id);
        return (
          <Flex vertical>
            <Typography.Text ellipsis style={{ maxWidth: 180 }}>
              {account?.productName ?? tx.accountNo}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12, ...NUM }}>
              {tx.accountNo}
            </Typography.Text>
          </Flex>
        );
      },
    },
    {
      title: f.columns.amount,
      key: 'amount',
      align: 'right',
      width: 150,
      render: (_, tx) => {
        const credit = tx.direction === 'credit';
        return (
          <span style={{ ...NUM, color: credit ? INFLOW : OUTFLOW, fontWeight: 600 }} data-testid="tx-amount">
            {credit ? '+' : '-'}
            {formatMoney(tx.amount, lang)}
          </span>
        );
      },
    },
    {
      title: f.columns.category,
      dataIndex: 'category',
      width: 140,
      render: (c: TransactionCategory) => <span data-testid="tx-category">{t.finance.categories[c]}</span>,
    },
    {
      title: f.columns.channel,
      dataIndex: 'channel',
      width: 130,
      render: (c: TransactionChannel) => t.finance.channels[c],
    },
    {
      title: f.columns.counterparty,
      dataIndex: 'counterparty',
      render: (c: Transaction['counterparty']) =>
        c ? (
          <Flex vertical>
            <span>{c.name ?? t.finance.counterparties.unnamed}</span>
            {c.accountNo ? (
              <Typography.Text type="secondary" style={{ fontSize: 12, ...NUM }}>
                {c.accountNo}
              </Typography.Text>
            ) : null}
          </Flex>
        ) : (
          '—'
        ),
    },
    {
      title: f.columns.balanceAfter,
      key: 'balanceAfter',
      dataIndex: 'balanceAfter',
      align: 'right',
      width: 140,
      render: (b: Transaction['balanceAfter']) =>
        b ? <span style={NUM}>{formatSignedMoney(b, lang)}</span> : '—',
    },
    {
      title: f.columns.description,
      dataIndex: 'description',
      ellipsis: true,
      render: (d: string | null) => d ?? '',
    },
  ];

  const data = list.data;
  // Not every source states the balance after each transaction: a column of dashes says nothing.
  const withBalance = data?.items.some((tx) => tx.balanceAfter !== null) ?? false;
  const shownColumns = withBalance ? columns : columns.filter((c) => c.key !== 'balanceAfter');
  return (
    <Card
      size="small"
      data-testid="transactions-card"
      extra={
        filtered ? (
          <Button
            type="link"
            size="small"
            onClick={() => {
              setFilters({});
              setPage(1);
            }}
            data-testid="tx-filter-clear"
          >
            {t.common.clearFilters}
          </Button>
        ) : null
      }
      title={
        <Flex gap={8} align="baseline">
          {f.title}
          {data ? (
            <Typography.Text
              type="secondary"
              style={{ fontSize: 12, fontWeight: 'normal' }}
              data-testid="tx-total"
            >
              {f.total(data.total)}
            </Typography.Text>
          ) : null}
        </Flex>
      }
    >
      <Flex wrap gap={8} style={{ marginBottom: 12 }} data-testid="tx-filters">
        <DatePicker.RangePicker
          value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
          onChange={(range) =>
            change({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
          }
          allowEmpty={[true, true]}
          placeholder={[f.filters.from, f.filters.to]}
          style={{ width: 240 }}
          data-testid="tx-filter-dates"
        />
        <Flex gap={4} align="center">
          <InputNumber<string>
            stringMode
            min="0"
            precision={2}
            controls={false}
            placeholder={f.filters.minAmount}
            suffix={f.filters.amountUnit}
            value={filters.minAmount ?? null}
            onChange={(v) => change({ minAmount: v ?? undefined })}
            style={{ width: 120 }}
            data-testid="tx-filter-min"
          />
          <Typography.Text type="secondary">–</Typography.Text>
          <InputNumber<string>
            stringMode
            min="0"
            precision={2}
            controls={false}
            placeholder={f.filters.maxAmount}
            suffix={f.filters.amountUnit}
            value={filters.maxAmount ?? null}
            onChange={(v) => change({ maxAmount: v ?? undefined })}
            style={{ width: 120 }}
            data-testid="tx-filter-max"
          />
        </Flex>
        <Select<TransactionDirection>
          allowClear
          placeholder={f.filters.direction}
          value={filters.direction}
          onChange={(direction) => change({ direction })}
          options={(['credit', 'debit'] as const).map((d) => ({ value: d, label: t.finance.directions[d] }))}
          style={{ width: 110 }}
          data-testid="tx-filter-direction"
        />
        <Select<TransactionCategory>
          allowClear
          placeholder={f.filters.category}
          value={filters.category}
          onChange={(category) => change({ category })}
          options={TRANSACTION_CATEGORIES.map((c) => ({ value: c, label: t.finance.categories[c] }))}
          style={{ width: 150 }}
          data-testid="tx-filter-category"
        />
        <Select<TransactionChannel>
          allowClear
          placeholder={f.filters.channel}
          value={filters.channel}
          onChange={(channel) => change({ channel })}
          options={TRANSACTION_CHANNELS.map((c) => ({ value: c, label: t.finance.channels[c] }))}
          style={{ width: 140 }}
          data-testid="tx-filter-channel"
        />
        {accounts.length > 1 ? (
          <Select<number>
            allowClear
            placeholder={f.filters.account}
            value={filters.accountId}
            onChange={(accountId) => change({ accountId })}
            options={accounts.map((a) => ({
              value: a.id,
              label: `${a.productName} ${a.accountNo.slice(-4)}`,
            }))}
            popupMatchSelectWidth={false}
            style={{ width: 180 }}
            data-testid="tx-filter-account"
          />
        ) : null}
      </Flex>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} testId="tx-error" />
      ) : (
        <Table<Transaction>
          size="small"
          rowKey="id"
          loading={list.isFetching}
          columns={shownColumns}
          dataSource={data?.items ?? []}
          scroll={{ x: 1200 }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => f.total(total),
            onChange: (nextPage, nextSize) => {
              if (nextSize !== pageSize) {
                setPageSize(nextSize);
                setPage(1);
              } else setPage(nextPage);
            },
          }}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? f.empty : f.none} />
            ),
          }}
          data-testid="transactions-table"
        />
      )}
    </Card>
  );
}
