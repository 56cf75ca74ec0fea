import type { Account, ClientDetail, FinanceSummary, RiskTolerance } from '@dossier/contract';
import { Card, Col, Empty, Flex, Row, Segmented, Skeleton, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { formatMoney } from '../../lib/money.ts';
import { formatInstant } from '../../lib/time.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { AllocationCard, AumTrendCard, CashFlowCard } from './FinanceCharts.tsx';
import { CounterpartiesCard, HoldingsCard, LiabilitiesCard, MaturityCard } from './FinanceTables.tsx';
import { INFLOW, OUTFLOW, UTILISATION_COLOR } from './financeColors.ts';
import { useClientAccounts, useFinanceSummary } from './finance.api.ts';
import {
  amountIn,
  aumChange,
  bankDayOf,
  creditUse,
  currenciesOf,
  formatSignedMoney,
  newestBalanceAt,
  percentOfBp,
  utilisationLevel,
} from './financeShape.ts';
import { TransactionsCard } from './TransactionsCard.tsx';
import { Figure } from './Figure.tsx';

function FinanceSkeleton() {
  return (
    <Flex vertical gap={16} data-testid="finance-loading">
      <Row gutter={[16, 16]}>
        {[0, 1, 2, 3].map((k) => (
          <Col key={k} xs={24} sm={12} xl={6}>
            <Card size="small">
              <Skeleton active title={false} paragraph={{ rows: 2 }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small">
            <Skeleton active paragraph={{ rows: 9 }} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small">
            <Skeleton active paragraph={{ rows: 6 }} />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

/** Amounts in the other currencies, one line: never added to the headline's currency. */
function OtherCurrencies({ list, currency }: { list: FinanceSummary['aum']; currency: string }) {
  const t = useT();
  const { lang } = useLang();
  const others = list.filter((m) => m.currency !== currency && m.minor !== 0);
  if (others.length === 0) return null;
  return (
    <>
      {t.finance.headline.otherCurrencies(
        others.map((m) => formatSignedMoney(m, lang)).join(lang === 'zh' ? '，' : ', '),
      )}
    </>
  );
}

/** The four figures a relationship manager reads first. */
function Headline({ summary, currency }: { summary: FinanceSummary; currency: string }) {
  const t = useT();
  const { lang } = useLang();
  const h = t.finance.headline;
  const money = (minor: number) => formatSignedMoney({ minor, currency }, lang);
  // A client who has never held anything here has no AUM change to speak of, not a change of zero.
  const measured = aumChange(summary, currency, 12);
  const change = measured && (measured.before !== 0 || measured.now !== 0) ? measured : null;
  const credit = creditUse(summary.creditLines, currency);
  const liabilities = amountIn(summary.liabilities, currency);
  const others = (list: FinanceSummary['aum']) => <OtherCurrencies list={list} currency={currency} />;
  const hasOther = (list: FinanceSummary['aum']) =>
    list.some((m) => m.currency !== currency && m.minor !== 0);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} sm={12} xl={6}>
        <Figure
          title={h.aum}
          value={money(amountIn(summary.aum, currency))}
          note={hasOther(summary.aum) ? others(summary.aum) : h.aumHint}
          testId="finance-aum"
        />
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <Figure
          title={h.liabilities}
          value={liabilities === 0 && !hasOther(summary.liabilities) ? h.noLiabilities : money(liabilities)}
          note={hasOther(summary.liabilities) ? others(summary.liabilities) : h.liabilitiesHint}
          testId="finance-liabilities"
        />
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <Figure
          title={h.utilisation}
          value={credit?.utilisationBp == null ? '—' : percentOfBp(credit.utilisationBp, 1)}
          color={credit ? UTILISATION_COLOR[utilisationLevel(credit.utilisationBp)] : undefined}
          note={
            credit
              ? h.utilisationOf(
                  formatMoney({ minor: credit.usedMinor, currency }, lang),
                  formatMoney({ minor: credit.limitMinor, currency }, lang),
                )
              : h.noCredit
          }
          testId="finance-utilisation"
        />
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <Figure
          title={h.change}
          value={
            change ? (
              <>
                {formatSignedMoney({ minor: change.change, currency }, lang, true)}
                {change.changeBp !== null ? (
                  <span style={{ fontSize: 14, marginLeft: 8 }}>
                    {change.changeBp > 0 ? '+' : ''}
                    {percentOfBp(change.changeBp, 1)}
                  </span>
                ) : null}
              </>
            ) : (
              '—'
            )
          }
          color={change && change.change !== 0 ? (change.change > 0 ? INFLOW : OUTFLOW) : undefined}
          note={
            change ? h.changeSince(change.since, money(change.before)) : measured ? h.noAssets : h.noHistory
          }
          testId="finance-aum-change"
        />
      </Col>
    </Row>
  );
}

/** The client's money at a glance: what they hold and owe, how it moved, and every transaction. */
export function FinanceTab({ detail }: { detail: ClientDetail }) {
  const t = useT();
  const summary = useFinanceSummary(detail.id);
  const accounts = useClientAccounts(detail.id);

  if (summary.isError || accounts.isError) {
    const failed = summary.isError ? summary : accounts;
    return (
      <ErrorAlert
        error={failed.error}
        onRetry={() => {
          if (summary.isError) void summary.refetch();
          if (accounts.isError) void accounts.refetch();
        }}
        testId="finance-error"
      />
    );
  }
  if (summary.isPending || accounts.isPending) return <FinanceSkeleton />;
  if (accounts.data.items.length === 0) {
    return (
      <Card data-testid="finance-empty">
        <Empty
          description={
            <Flex vertical gap={4} align="center">
              <Typography.Text strong>{t.finance.emptyTitle}</Typography.Text>
              <Typography.Text type="secondary" style={{ maxWidth: 520 }}>
                {t.finance.emptyHint}
              </Typography.Text>
            </Flex>
          }
        />
      </Card>
    );
  }
  return (
    <FinancePicture
      clientId={detail.id}
      canEdit={detail.canEdit}
      riskTolerance={detail.riskTolerance}
      summary={summary.data}
      accounts={accounts.data.items}
    />
  );
}

function FinancePicture({
  clientId,
  canEdit,
  riskTolerance,
  summary,
  accounts,
}: {
  clientId: number;
  canEdit: boolean;
  riskTolerance: RiskTolerance | null;
  summary: FinanceSummary;
  accounts: Account[];
}) {
  const t = useT();
  const currencies = useMemo(() => currenciesOf(summary, accounts), [summary, accounts]);
  const [chosen, setChosen] = useState<string | undefined>();
  const currency = chosen && currencies.includes(chosen) ? chosen : (currencies[0] ?? 'CNY');
  const today = bankDayOf(summary.asOf);
  // The answer's own time is when it was read; how fresh the figures are is the newest balance.
  const freshest = useMemo(() => newestBalanceAt(accounts), [accounts]);

  return (
    <Flex vertical gap={16} data-testid="finance-tab">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary" data-testid="finance-as-of">
          {freshest ? t.finance.asOf(formatInstant(freshest)) : t.finance.noBalances}
        </Typography.Text>
        {summary.through < today ? (
          <Tag color="gold" data-testid="finance-dormant">
            {t.finance.dormant(summary.through)}
          </Tag>
        ) : null}
        {currencies.length > 1 ? (
          <Flex gap={8} align="center">
            <Typography.Text type="secondary">{t.finance.currency}</Typography.Text>
            <Segmented<string>
              value={currency}
              onChange={setChosen}
              options={currencies}
              data-testid="currency-switch"
            />
          </Flex>
        ) : null}
      </Flex>
      <Headline summary={summary} currency={currency} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <AumTrendCard summary={summary} currency={currency} />
        </Col>
        <Col xs={24} xl={8}>
          <AllocationCard accounts={accounts} currency={currency} />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <CashFlowCard summary={summary} currency={currency} />
        </Col>
        <Col xs={24} xl={8}>
          <LiabilitiesCard summary={summary} clientId={clientId} canEdit={canEdit} />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <CounterpartiesCard summary={summary} />
        </Col>
        <Col xs={24} xl={10}>
          <MaturityCard accounts={accounts} today={today} />
        </Col>
      </Row>
      <HoldingsCard accounts={accounts} riskTolerance={riskTolerance} />
      <TransactionsCard clientId={clientId} accounts={accounts} />
    </Flex>
  );
}
