import type { Alert } from '@dossier/contract';
import { Card, Empty, Typography } from 'antd';
import { useMemo } from 'react';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { formatInstant } from '../../lib/time.ts';
import { useFinanceSummary } from '../finance/finance.api.ts';
import { ASSETS } from '../finance/financeColors.ts';
import { type ChartOption, FinanceChart } from '../finance/FinanceChart.tsx';
import { aumTrend, axisAmount, bankDayOf, daysBetween, formatSignedMoney } from '../finance/financeShape.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';

const TRIGGER = '#cf1322';

/**
 * The client's daily closing deposits and investments (the finance tab's series) around the alert,
 * with a red line on every bank day the rule fired: up to the last three months (back to the first
 * hit when it is older), without the empty days before the client's money arrived.
 */
export function AlertBalanceChart({ alert }: { alert: Alert }) {
  const t = useT();
  const { lang } = useLang();
  const d = t.alerts.detail;
  const summary = useFinanceSummary(alert.client.id);
  const currency = alert.evidence.find((e) => e.currency)?.currency ?? 'CNY';

  const shaped = useMemo(() => {
    if (!summary.data) return null;
    const hitDays = [...new Set(alert.evidence.map((e) => bankDayOf(e.at)))].sort();
    const last = summary.data.daily.find((s) => s.currency === currency)?.points.at(-1)?.day;
    const first = hitDays[0];
    const months =
      first && last ? Math.min(24, Math.max(3, Math.ceil(daysBetween(first, last) / 30) + 1)) : 3;
    const full = aumTrend(summary.data, currency, months);
    // A new client's months of nothing say nothing: start a week before the money arrived, but
    // never later than two weeks before the first hit.
    const firstMoney = full.assets.findIndex((v, i) => v !== 0 || (full.liabilities[i] ?? 0) !== 0);
    const firstHit = first ? full.days.findIndex((day) => day >= first) : -1;
    const from = Math.max(
      0,
      Math.min(firstMoney < 0 ? 0 : firstMoney - 7, firstHit < 0 ? full.days.length : firstHit - 14),
    );
    const trend = {
      days: full.days.slice(from),
      assets: full.assets.slice(from),
      liabilities: full.liabilities.slice(from),
    };
    const index = new Map(trend.days.map((day, i) => [day, i]));
    const marks = hitDays.filter((day) => index.has(day));
    return { trend, marks, index };
  }, [summary.data, alert.evidence, currency]);

  const option = useMemo<ChartOption | null>(() => {
    if (!shaped) return null;
    const { trend, marks, index } = shaped;
    const money = (minor: number) => formatSignedMoney({ minor, currency }, lang);
    const hitsOn = (day: string) =>
      alert.evidence.filter((e) => bankDayOf(e.at) === day).map((e) => formatInstant(e.at).slice(11));
    return {
      animationDuration: 300,
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        backgroundColor: 'rgba(255,255,255,0.97)',
        borderColor: '#d9d9d9',
        textStyle: { fontSize: 12 },
        formatter: (params: Array<{ axisValue: string; value: number }>) => {
          const day = params[0]?.axisValue ?? '';
          const times = hitsOn(day);
          return [
            `<b>${day}</b>`,
            `${d.balance}　<b>${money(params[0]?.value ?? 0)}</b>`,
            ...(times.length > 0
              ? [`<span style="color:${TRIGGER}">${d.trigger} ${times.join(', ')}</span>`]
              : []),
          ].join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        data: trend.days,
        axisTick: { show: false },
        axisLabel: { color: '#8c8c8c', formatter: (day: string) => day.slice(5) },
      },
      yAxis: {
        type: 'value',
        scale: true,
        min: 0,
        splitLine: { lineStyle: { color: '#f0f0f0' } },
        axisLabel: { color: '#8c8c8c', formatter: (v: number) => axisAmount(v, currency, lang) },
      },
      series: [
        {
          name: d.balance,
          type: 'line',
          data: trend.assets,
          showSymbol: false,
          lineStyle: { width: 2, color: ASSETS },
          itemStyle: { color: ASSETS },
          areaStyle: { color: 'rgba(22,119,255,0.08)' },
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: TRIGGER, type: 'dashed', width: 1.5 },
            label: { formatter: d.trigger, color: TRIGGER, position: 'end' },
            // One word over the latest line only: over every line of a rule that fired on many days
            // the words run together. The card's hint says what the red lines are.
            data: marks.map((day, i) => ({ xAxis: day, label: { show: i === marks.length - 1 } })),
          },
          markPoint: {
            symbol: 'circle',
            symbolSize: 10,
            itemStyle: { color: TRIGGER, borderColor: '#fff', borderWidth: 2 },
            label: { show: false },
            data: marks.map((day) => ({ coord: [day, trend.assets[index.get(day) ?? 0] ?? 0] })),
          },
        },
      ],
    };
  }, [shaped, alert.evidence, currency, lang, d]);

  return (
    <Card
      size="small"
      title={
        <span>
          {d.chartTitle}
          <Typography.Text
            type="secondary"
            style={{ fontSize: 12, fontWeight: 'normal', marginInlineStart: 8 }}
          >
            {d.chartHint}
          </Typography.Text>
        </span>
      }
    >
      {summary.isError ? <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} /> : null}
      {option && shaped && shaped.trend.days.length > 0 ? (
        <FinanceChart option={option} height={260} testId="alert-balance-chart" label={d.chartTitle} />
      ) : summary.isPending ? (
        <div style={{ height: 260 }} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={d.noChart} style={{ padding: 48 }} />
      )}
    </Card>
  );
}
