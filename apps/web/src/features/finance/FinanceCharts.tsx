import type { Account, FinanceSummary } from '@dossier/contract';
import { Card, Empty, Flex, Segmented, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useLang, useT } from '../../i18n/i18n.tsx';
import type { Dictionary } from '../../i18n/zh.ts';
import { formatMoney } from '../../lib/money.ts';
import {
  ALLOCATION_COLOR,
  ASSETS,
  INFLOW,
  INFLOW_SHADES,
  LIABILITIES,
  NET,
  OUTFLOW,
  OUTFLOW_SHADES,
} from './financeColors.ts';
import { type ChartOption, FinanceChart } from './FinanceChart.tsx';
import {
  type AllocationKey,
  allocation,
  aumTrend,
  axisAmount,
  formatSignedMoney,
  lastMonths,
  monthLabel,
  monthlyFlowSeries,
} from './financeShape.ts';

export function allocationLabel(t: Dictionary, key: AllocationKey): string {
  return key === 'demand_deposit' || key === 'time_deposit'
    ? t.finance.kinds[key]
    : t.finance.assetClasses[key];
}

const TOOLTIP = {
  backgroundColor: 'rgba(255,255,255,0.97)',
  borderColor: '#d9d9d9',
  textStyle: { fontSize: 12 },
};

function dot(color: string): string {
  return `<span style="display:inline-block;width:8px;height:8px;border-radius:4px;margin-right:6px;background:${color}"></span>`;
}

/** Daily closing assets (and liabilities, when there are any) over 12 or 24 months. */
export function AumTrendCard({ summary, currency }: { summary: FinanceSummary; currency: string }) {
  const t = useT();
  const { lang } = useLang();
  const f = t.finance.trend;
  const [months, setMonths] = useState<12 | 24>(12);
  const trend = useMemo(() => aumTrend(summary, currency, months), [summary, currency, months]);
  const hasAssets = trend.assets.some((v) => v !== 0);
  const hasLiabilities = trend.liabilities.some((v) => v !== 0);
  const hasHistory = hasAssets || hasLiabilities;

  const option = useMemo<ChartOption>(() => {
    const money = (minor: number) => formatSignedMoney({ minor, currency }, lang);
    const firstLabel = trend.days.find((d) => d.endsWith('-01'));
    const values = hasLiabilities ? [...trend.assets, ...trend.liabilities] : trend.assets;
    const low = Math.min(...values);
    const high = Math.max(...values);
    const floorAtZero = low >= 0 && low - (high - low) * 0.25 < 0;
    return {
      animationDuration: 400,
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: {
        top: 0,
        right: 0,
        itemWidth: 14,
        data: hasLiabilities ? [f.assets, f.liabilities] : [f.assets],
        // Liabilities are usually of another size: shown on request, so the AUM's movement stays
        // legible; for a client who only borrows they are the whole story and shown at once.
        selected: { [f.liabilities]: !hasAssets },
      },
      tooltip: {
        ...TOOLTIP,
        trigger: 'axis',
        formatter: (params: Array<{ axisValue: string; seriesName: string; value: number; color: string }>) =>
          [
            `<b>${params[0]?.axisValue ?? ''}</b>`,
            ...params.map((p) => `${dot(p.color)}${p.seriesName}　<b>${money(p.value)}</b>`),
          ].join('<br/>'),
      },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        data: trend.days,
        axisTick: { show: false },
        axisLabel: {
          color: '#8c8c8c',
          // A label on the first of every month (every second one over two years), the year on the
          // first label and on every January.
          interval: (_: number, day: string) =>
            day.endsWith('-01') && (months === 12 || Number(day.slice(5, 7)) % 2 === 1),
          formatter: (day: string) =>
            monthLabel(day.slice(0, 7), lang, day === firstLabel || day.slice(5, 7) === '01'),
        },
      },
      yAxis: {
        type: 'value',
        scale: true,
        // Money held is never below zero: an axis that starts close to zero starts at zero.
        ...(floorAtZero ? { min: 0 } : {}),
        splitLine: { lineStyle: { color: '#f0f0f0' } },
        axisLabel: { color: '#8c8c8c', formatter: (v: number) => axisAmount(v, currency, lang) },
      },
      series: [
        {
          name: f.assets,
          type: 'line',
          data: trend.assets,
          showSymbol: false,
          lineStyle: { width: 2, color: ASSETS },
          itemStyle: { color: ASSETS },
          areaStyle: {
            color: {
              type: 'linear',
              x: 0,
              y: 0,
              x2: 0,
              y2: 1,
              colorStops: [
                { offset: 0, color: 'rgba(22,119,255,0.28)' },
                { offset: 1, color: 'rgba(22,119,255,0.02)' },
              ],
            },
          },
        },
        ...(hasLiabilities
          ? [
              {
                name: f.liabilities,
                type: 'line',
                data: trend.liabilities,
                showSymbol: false,
                lineStyle: { width: 1.5, color: LIABILITIES, type: 'dashed' },
                itemStyle: { color: LIABILITIES },
              },
            ]
          : []),
      ],
    };
  }, [trend, months, currency, lang, f, hasAssets, hasLiabilities]);

  return (
    <Card
      size="small"
      title={f.title}
      style={{ height: '100%' }}
      extra={
        <Segmented<12 | 24>
          size="small"
          value={months}
          onChange={setMonths}
          options={[
            { value: 12, label: f.months12 },
            { value: 24, label: f.months24 },
          ]}
          data-testid="trend-range"
        />
      }
    >
      {hasHistory ? (
        <FinanceChart option={option} height={280} testId="aum-trend-chart" label={f.title} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={f.empty} style={{ padding: 64 }} />
      )}
    </Card>
  );
}

/** A donut of what the client holds, and the same figures as a list beside it. */
export function AllocationCard({ accounts, currency }: { accounts: readonly Account[]; currency: string }) {
  const t = useT();
  const { lang } = useLang();
  const f = t.finance.allocation;
  const slices = useMemo(() => allocation(accounts, currency), [accounts, currency]);
  const total = slices.reduce((a, s) => a + s.minor, 0);

  const option = useMemo<ChartOption>(
    () => ({
      animationDuration: 400,
      tooltip: {
        ...TOOLTIP,
        trigger: 'item',
        formatter: (p: { name: string; value: number; percent: number; color: string }) =>
          `${dot(p.color)}${p.name}<br/><b>${formatMoney({ minor: p.value, currency }, lang)}</b>　${p.percent.toFixed(1)}%`,
      },
      series: [
        {
          type: 'pie',
          radius: ['58%', '86%'],
          center: ['50%', '50%'],
          avoidLabelOverlap: true,
          label: { show: false },
          itemStyle: { borderColor: '#fff', borderWidth: 2 },
          data: slices.map((s) => ({
            name: allocationLabel(t, s.key),
            value: s.minor,
            itemStyle: { color: ALLOCATION_COLOR[s.key] },
          })),
        },
      ],
    }),
    [slices, currency, lang, t],
  );

  return (
    <Card size="small" title={f.title} style={{ height: '100%' }}>
      {slices.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={f.empty} style={{ padding: 48 }} />
      ) : (
        <Flex vertical gap={8}>
          <div style={{ position: 'relative' }}>
            <FinanceChart option={option} height={170} testId="allocation-chart" label={f.title} />
            <Flex
              vertical
              align="center"
              justify="center"
              style={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}
            >
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {f.total}
              </Typography.Text>
              {/* The exact figure in 万元; in English a short one (¥2.5M), the full one is in the list. */}
              <Typography.Text strong>
                {lang === 'zh'
                  ? formatMoney({ minor: total, currency }, lang)
                  : axisAmount(total, currency, lang)}
              </Typography.Text>
            </Flex>
          </div>
          <Flex vertical gap={4} data-testid="allocation-list">
            {slices.map((s) => (
              <Flex key={s.key} justify="space-between" align="baseline" gap={8}>
                <span>
                  <span
                    style={{
                      display: 'inline-block',
                      width: 8,
                      height: 8,
                      borderRadius: 4,
                      marginRight: 6,
                      background: ALLOCATION_COLOR[s.key],
                    }}
                  />
                  {allocationLabel(t, s.key)}
                  <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                    {((s.minor * 100) / total).toFixed(1)}%
                  </Typography.Text>
                </span>
                <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {formatMoney({ minor: s.minor, currency }, lang)}
                </Typography.Text>
              </Flex>
            ))}
          </Flex>
        </Flex>
      )}
    </Card>
  );
}

/** Twelve months of money in (above the axis) and out (below), stacked by category, with the net. */
export function CashFlowCard({ summary, currency }: { summary: FinanceSummary; currency: string }) {
  const t = useT();
  const { lang } = useLang();
  const f = t.finance.flows;
  const flows = useMemo(
    () => monthlyFlowSeries(summary.monthlyFlows, currency, lastMonths(summary.through, 12)),
    [summary, currency],
  );
  const empty = flows.inflows.length === 0 && flows.outflows.length === 0;

  const option = useMemo<ChartOption>(() => {
    const c = t.finance.categories;
    const money = (minor: number) => formatMoney({ minor: Math.abs(minor), currency }, lang);
    const inName = (category: keyof typeof c) => `${f.inflow}·${c[category]}`;
    const outName = (category: keyof typeof c) => `${f.outflow}·${c[category]}`;
    const net = flows.months.map((_, i) => (flows.totalIn[i] ?? 0) - (flows.totalOut[i] ?? 0));
    return {
      animationDuration: 400,
      grid: { left: 8, right: 16, top: 16, bottom: 48, containLabel: true },
      legend: { type: 'scroll', bottom: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 } },
      tooltip: {
        ...TOOLTIP,
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: Array<{ dataIndex: number; axisValue: string }>) => {
          const i = params[0]?.dataIndex ?? 0;
          const lines = (series: typeof flows.inflows, shades: string[]) =>
            series
              .map((s, k) => ({ s, k, v: s.values[i] ?? 0 }))
              .filter((x) => x.v > 0)
              .map((x) => `　${dot(shades[x.k % shades.length] as string)}${c[x.s.category]}　${money(x.v)}`);
          return [
            `<b>${params[0]?.axisValue ?? ''}</b>`,
            `${dot(INFLOW)}${f.inflow}　<b>${money(flows.totalIn[i] ?? 0)}</b>`,
            ...lines(flows.inflows, INFLOW_SHADES),
            `${dot(OUTFLOW)}${f.outflow}　<b>${money(flows.totalOut[i] ?? 0)}</b>`,
            ...lines(flows.outflows, OUTFLOW_SHADES),
            `${dot(NET)}${f.net}　<b>${formatSignedMoney({ minor: net[i] ?? 0, currency }, lang, true)}</b>`,
          ].join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        data: flows.months,
        axisTick: { show: false },
        axisLabel: {
          color: '#8c8c8c',
          interval: 0,
          formatter: (month: string, i: number) => monthLabel(month, lang, i === 0 || month.endsWith('-01')),
        },
      },
      yAxis: {
        type: 'value',
        splitLine: { lineStyle: { color: '#f0f0f0' } },
        axisLabel: { color: '#8c8c8c', formatter: (v: number) => axisAmount(v, currency, lang) },
      },
      series: [
        ...flows.inflows.map((s, k) => ({
          name: inName(s.category),
          type: 'bar',
          stack: 'flow',
          barMaxWidth: 28,
          data: s.values,
          itemStyle: { color: INFLOW_SHADES[k % INFLOW_SHADES.length] },
        })),
        ...flows.outflows.map((s, k) => ({
          name: outName(s.category),
          type: 'bar',
          stack: 'flow',
          barMaxWidth: 28,
          data: s.values.map((v) => -v),
          itemStyle: { color: OUTFLOW_SHADES[k % OUTFLOW_SHADES.length] },
        })),
        {
          name: f.net,
          type: 'line',
          data: net,
          symbol: 'circle',
          symbolSize: 5,
          lineStyle: { color: NET, width: 1.5 },
          itemStyle: { color: NET },
          z: 5,
        },
      ],
    };
  }, [flows, currency, lang, t, f]);

  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="baseline">
          {f.title}
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {f.hint}
          </Typography.Text>
        </Flex>
      }
      style={{ height: '100%' }}
    >
      {empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={f.empty} style={{ padding: 64 }} />
      ) : (
        <FinanceChart option={option} height={320} testId="cashflow-chart" label={f.title} />
      )}
    </Card>
  );
}
