import type { GroupFinanceFigures, LoanClassCounts } from '@dossier/contract';
import { Alert, Card, Col, Empty, Flex, Row, Skeleton, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { formatMoney } from '../../lib/money.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { CLASSIFICATION_COLOR, UTILISATION_COLOR } from '../finance/financeColors.ts';
import { formatSignedMoney, percentOfBp, utilisationLevel } from '../finance/financeShape.ts';
import { useGroup, useGroupFinance } from './relationships.api.ts';
import { Figure } from '../finance/Figure.tsx';

type Lang = 'zh' | 'en';
type Amount = 'assetsMinor' | 'liabilitiesMinor';

/** One amount per currency that has it, each on its own line: currencies are never added together. */
function Amounts({ figures, field, lang }: { figures: GroupFinanceFigures[]; field: Amount; lang: Lang }) {
  const shown = figures.filter((f) => f[field] !== 0);
  if (shown.length === 0) return <>—</>;
  return (
    <Flex vertical>
      {shown.map((f) => (
        <span key={f.currency}>{formatSignedMoney({ minor: f[field], currency: f.currency }, lang)}</span>
      ))}
    </Flex>
  );
}

/** Limits per currency with what is drawn and the utilisation, coloured as on the finance tab. */
function Facilities({
  figures,
  lang,
  compact,
}: {
  figures: GroupFinanceFigures[];
  lang: Lang;
  compact?: boolean;
}) {
  const t = useT();
  const f = t.relationships.group.finance;
  const shown = figures.filter((x) => x.facilityLimitMinor > 0);
  if (shown.length === 0) return <>{compact ? '—' : f.noFacility}</>;
  return (
    <Flex vertical>
      {shown.map((x) => {
        const pct = x.utilisationBp === null ? '—' : percentOfBp(x.utilisationBp, 1);
        const color = UTILISATION_COLOR[utilisationLevel(x.utilisationBp)];
        const limit = formatMoney({ minor: x.facilityLimitMinor, currency: x.currency }, lang);
        const used = formatMoney({ minor: x.facilityUsedMinor, currency: x.currency }, lang) || '0';
        return compact ? (
          <span key={x.currency}>
            {used} / {limit} <span style={{ color }}>({pct})</span>
          </span>
        ) : (
          <Flex key={x.currency} vertical>
            <span>{limit}</span>
            <span style={{ fontSize: 13, fontWeight: 400, color }}>{f.facilityUse(used, pct)}</span>
          </Flex>
        );
      })}
    </Flex>
  );
}

/** Tags for the loan classes that hold any loan, the graver ones first. */
function LoanClasses({ loans }: { loans: LoanClassCounts }) {
  const t = useT();
  const held = loans.filter((l) => l.count > 0).reverse();
  if (held.length === 0) return <>—</>;
  return (
    <Flex gap={4} wrap>
      {held.map((l) => (
        <Tag
          key={l.classification}
          color={CLASSIFICATION_COLOR[l.classification]}
          style={{ marginInlineEnd: 0 }}
        >
          {t.finance.classifications[l.classification]} {l.count}
        </Tag>
      ))}
    </Flex>
  );
}

/**
 * The group's money on the client's 关系 tab: deposits and loans of the companies the viewer may
 * see, in total and per company, and how many are left out. Shown when the group has two companies or more.
 */
export function GroupFinancePanel({ clientId }: { clientId: number }) {
  const t = useT();
  const { lang } = useLang();
  const f = t.relationships.group.finance;
  const group = useGroup(clientId, true);
  // With one company the group's money is the client's own, already on the finance tab.
  const inGroup = group.isSuccess && group.data.totals.companies > 1;
  const finance = useGroupFinance(clientId, inGroup);
  if (!inGroup) return null;

  let body: ReactNode;
  if (finance.isPending) body = <Skeleton active paragraph={{ rows: 4 }} />;
  else if (finance.isError)
    body = <ErrorAlert error={finance.error} onRetry={() => void finance.refetch()} />;
  else {
    const g = finance.data;
    const hidden =
      g.hiddenCompanies > 0 ? (
        <Alert type="info" showIcon title={f.hidden(g.hiddenCompanies)} data-testid="group-finance-hidden" />
      ) : null;
    if (g.members.every((m) => m.accounts === 0))
      body = (
        <Flex vertical gap={12}>
          {hidden}
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={f.empty} />
        </Flex>
      );
    else
      body = (
        <Flex vertical gap={12}>
          {hidden}
          <Row gutter={[12, 12]}>
            <Col xs={24} sm={12} xl={6}>
              <Figure
                compact
                title={f.assets}
                value={<Amounts figures={g.totals} field="assetsMinor" lang={lang} />}
                note={f.assetsHint}
                testId="group-finance-assets"
              />
            </Col>
            <Col xs={24} sm={12} xl={6}>
              <Figure
                compact
                title={f.liabilities}
                value={<Amounts figures={g.totals} field="liabilitiesMinor" lang={lang} />}
                note={f.liabilitiesHint}
                testId="group-finance-liabilities"
              />
            </Col>
            <Col xs={24} sm={12} xl={6}>
              <Figure
                compact
                title={f.facilities}
                value={<Facilities figures={g.totals} lang={lang} />}
                note={null}
                testId="group-finance-facilities"
              />
            </Col>
            <Col xs={24} sm={12} xl={6}>
              <Figure
                compact
                title={f.watchLoans}
                value={g.watchLoans}
                color={g.watchLoans > 0 ? '#d4380d' : undefined}
                note={g.watchLoans > 0 ? <LoanClasses loans={g.loans.slice(1)} /> : f.watchLoansHint}
                testId="group-finance-watch-loans"
              />
            </Col>
          </Row>
          <Table
            size="small"
            pagination={false}
            rowKey="id"
            scroll={{ x: 'max-content' }}
            dataSource={g.members}
            data-testid="group-finance-members"
            columns={[
              {
                title: f.columns.member,
                key: 'name',
                render: (_, m) => <Link to={`/clients/${m.id}`}>{m.name}</Link>,
              },
              { title: f.columns.accounts, key: 'accounts', align: 'right', render: (_, m) => m.accounts },
              {
                title: f.columns.assets,
                key: 'assets',
                align: 'right',
                render: (_, m) => <Amounts figures={m.figures} field="assetsMinor" lang={lang} />,
              },
              {
                title: f.columns.liabilities,
                key: 'liabilities',
                align: 'right',
                render: (_, m) => <Amounts figures={m.figures} field="liabilitiesMinor" lang={lang} />,
              },
              {
                title: f.columns.facility,
                key: 'facility',
                align: 'right',
                render: (_, m) => <Facilities figures={m.figures} lang={lang} compact />,
              },
              {
                title: f.columns.loans,
                key: 'loans',
                render: (_, m) => <LoanClasses loans={m.loans} />,
              },
            ]}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {f.basis}
          </Typography.Text>
        </Flex>
      );
  }
  return (
    <Card size="small" title={f.title} data-testid="group-finance">
      {body}
    </Card>
  );
}
