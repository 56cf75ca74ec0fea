import { ExperimentOutlined } from '@ant-design/icons';
import type { BacktestResult } from '@dossier/contract';
import { Button, Checkbox, Col, DatePicker, Descriptions, Flex, Row, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { todayInBank } from '../../lib/time.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { type ChartOption, FinanceChart } from '../finance/FinanceChart.tsx';
import { hitsByDay } from './backtestShape.ts';
import { type BacktestInput, useBacktest } from './rules.api.ts';

const BAR = '#1677ff';
const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${((part / whole) * 100).toFixed(1)}%`;

function BacktestView({ result, from, to }: { result: BacktestResult; from: string; to: string }) {
  const t = useT();
  const { lang } = useLang();
  const b = t.rules.backtest;
  // One rule runs at a time here: a stored one or the draft.
  const rule = result.rules[0];
  const series = useMemo(() => hitsByDay(rule?.hitsPerDay ?? [], from, to), [rule, from, to]);
  const option = useMemo<ChartOption>(
    () => ({
      animationDuration: 300,
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', textStyle: { fontSize: 12 } },
      xAxis: {
        type: 'category',
        data: series.days,
        axisLabel: { fontSize: 11, hideOverlap: true, formatter: (day: string) => day.slice(5) },
        axisTick: { alignWithLabel: true },
      },
      yAxis: {
        type: 'value',
        name: b.perDay,
        nameTextStyle: { fontSize: 11, align: 'left' },
        minInterval: 1,
        axisLabel: { fontSize: 11 },
      },
      series: [
        { type: 'bar', name: b.alerts, data: series.alerts, itemStyle: { color: BAR }, barMaxWidth: 14 },
      ],
    }),
    [series, b],
  );
  const o = result.outcomes;
  const known = o.flagged + o.unflagged > 0;
  const sep = lang === 'zh' ? '，' : ', ';
  return (
    <Flex vertical gap={12} data-testid="backtest-result">
      <Row gutter={[12, 12]}>
        <Col span={8}>
          <Statistic title={b.alerts} value={rule?.alerts ?? 0} data-testid="backtest-alerts" />
        </Col>
        <Col span={8}>
          <Statistic title={b.clientsHit} value={rule?.clientsHit ?? 0} data-testid="backtest-clients" />
        </Col>
        <Col span={8}>
          <Statistic title={b.clientsJudged} value={result.clientsJudged} />
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[b.judged(result.transactionsJudged), b.took(result.tookMs)].join(sep)}
      </Typography.Text>
      {rule && rule.alerts > 0 ? (
        <FinanceChart option={option} height={180} testId="backtest-chart" label={b.perDay} />
      ) : (
        <Typography.Text type="secondary" data-testid="backtest-no-hits">
          {b.noHits}
        </Typography.Text>
      )}
      {known ? (
        <Descriptions
          size="small"
          column={1}
          bordered
          title={<span style={{ fontSize: 14 }}>{b.outcomes}</span>}
          data-testid="backtest-outcomes"
          styles={{ label: { width: 150, whiteSpace: 'nowrap' } }}
          items={[
            {
              key: 'flagged',
              label: b.flagged,
              children: b.badRate(o.flaggedBad, o.flagged, percent(o.flaggedBad, o.flagged)),
            },
            {
              key: 'unflagged',
              label: b.unflagged,
              children: b.badRate(o.unflaggedBad, o.unflagged, percent(o.unflaggedBad, o.unflagged)),
            },
          ]}
        />
      ) : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="backtest-no-outcomes">
          {b.noOutcomes}
        </Typography.Text>
      )}
    </Flex>
  );
}

/**
 * Runs one rule over the stored history without creating alerts: the stored rule, or the draft the
 * editor holds (`source` says which when the button is pressed; null: nothing runnable, the caller
 * says why).
 */
export function BacktestPanel({
  source,
}: {
  source: () => Pick<BacktestInput, 'ruleId' | 'definition'> | null;
}) {
  const t = useT();
  const b = t.rules.backtest;
  const today = todayInBank();
  const [range, setRange] = useState<[string, string]>([
    dayjs(today).subtract(90, 'day').format('YYYY-MM-DD'),
    today,
  ]);
  const [beforeLoanStart, setBeforeLoanStart] = useState(false);
  const run = useBacktest();

  const start = () => {
    const what = source();
    if (!what) return;
    run.mutate({ ...what, from: range[0], to: range[1], beforeLoanStart });
  };

  return (
    <Flex vertical gap={12} data-testid="backtest-panel">
      <Flex gap={8} wrap align="center">
        <DatePicker.RangePicker
          value={[dayjs(range[0]), dayjs(range[1])]}
          allowClear={false}
          onChange={(value) => {
            const [from, to] = value ?? [];
            if (from && to) setRange([from.format('YYYY-MM-DD'), to.format('YYYY-MM-DD')]);
          }}
          style={{ width: 250 }}
          data-testid="backtest-range"
        />
        <Button
          icon={<ExperimentOutlined />}
          onClick={start}
          loading={run.isPending}
          data-testid="backtest-run"
        >
          {b.run}
        </Button>
      </Flex>
      <Checkbox
        checked={beforeLoanStart}
        onChange={(e) => setBeforeLoanStart(e.target.checked)}
        data-testid="backtest-before-loan"
      >
        {b.beforeLoanStart}
      </Checkbox>
      {run.isError ? <ErrorAlert error={run.error} testId="backtest-error" /> : null}
      {run.data && run.variables ? (
        <BacktestView result={run.data} from={run.variables.from} to={run.variables.to} />
      ) : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {b.hint}
        </Typography.Text>
      )}
    </Flex>
  );
}
