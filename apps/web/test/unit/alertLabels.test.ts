import { type Condition, METRICS } from '@dossier/contract';
import { describe, expect, it } from 'vitest';
import {
  actionDetail,
  describeCondition,
  formatMetricValue,
  metricLabel,
  statusDetail,
  traceText,
} from '../../src/features/alerts/alertLabels.ts';
import { en } from '../../src/i18n/en.ts';
import { zh } from '../../src/i18n/zh.ts';

describe('alert wording', () => {
  it('names every metric in both languages, and keeps an unknown one as written', () => {
    for (const metric of METRICS) {
      expect(metricLabel(zh, metric)).not.toBe(metric);
      expect(metricLabel(en, metric)).not.toBe(metric);
    }
    expect(metricLabel(zh, 'brand_new_metric')).toBe('brand_new_metric');
  });

  it('shows values with their unit; amounts are minor units, in 万元 or yuan', () => {
    expect(formatMetricValue(zh, 'zh', 'balance_drop_pct', 60)).toBe('60%');
    expect(formatMetricValue(zh, 'zh', 'outflow_sum', 100_000_000)).toBe('100.00万元');
    expect(formatMetricValue(en, 'en', 'outflow_sum', 100_000_000)).toBe('¥1,000,000.00');
    expect(formatMetricValue(zh, 'zh', 'days_past_due', 31)).toBe('31 天');
    expect(formatMetricValue(zh, 'zh', 'amount_vs_typical', 8.456)).toBe('8.46 倍');
  });

  it('says why a condition held, or that it had no value and what it asked for', () => {
    const trace = { metric: 'balance_drop_pct', value: 60, op: '>=' as const, threshold: 60, holds: true };
    expect(traceText(zh, 'zh', trace)).toBe('余额较基准下降幅度　60% ≥ 60%');
    expect(traceText(en, 'en', trace)).toBe('Balance drop from baseline: 60% ≥ 60%');
    expect(traceText(en, 'en', { ...trace, value: null, holds: false })).toBe(
      'Balance drop from baseline: no value (too little history, or not this kind of event); the condition is ≥ 60%',
    );
    expect(traceText(zh, 'zh', { ...trace, value: null, holds: false })).toBe(
      '余额较基准下降幅度　无可用数值（历史数据不足或本笔不适用），条件为 ≥ 60%',
    );
  });

  it('describes a condition with its window, baseline, minimum and overrides', () => {
    const drain: Condition = {
      metric: 'balance_drop_pct',
      windowDays: 2,
      baseline: 'peak',
      minBaseMinor: 5_000_000,
      op: '>=',
      value: 60,
    };
    expect(describeCondition(zh, 'zh', drain)).toEqual({
      head: '余额较基准下降幅度 ≥ 60%',
      details: ['较近 2 日峰值', '基准不低于 5.00万元'],
    });
    const outflows: Condition = {
      metric: 'outflow_sum',
      windowDays: 7,
      categories: ['transfer_out', 'cash_withdrawal'],
      op: '>=',
      value: 100_000_000,
      overrides: [{ clientKind: 'corporate', value: 1_000_000_000 }],
    };
    expect(describeCondition(zh, 'zh', outflows)).toEqual({
      head: '流出合计 ≥ 100.00万元',
      details: ['近 7 日', '类别：转出、现金支取', '差异化阈值：对公客户 ≥ 1,000.00万元'],
    });
  });

  it('reads a status event as the server writes it', () => {
    expect(statusDetail(zh, 'resolved:confirmed_risk')).toBe('已办结 · 确认风险');
    expect(statusDetail(en, 'acknowledged')).toBe('Acknowledged');
    expect(statusDetail(zh, null)).toBeNull();
  });

  it('says what a playbook event did, and keeps an unknown one as written', () => {
    expect(actionDetail(zh, 'contact_task:requested')).toBe('创建联系客户任务');
    expect(actionDetail(zh, 'freeze:requested')).toBe('提出冻结/止付申请');
    expect(actionDetail(zh, 'freeze:approved')).toBe('批准冻结/止付申请');
    expect(actionDetail(zh, 'limit_review:rejected')).toBe('驳回额度复核申请');
    expect(actionDetail(en, 'freeze:approved')).toBe('Approved: Freeze / stop-payment request');
    expect(actionDetail(en, 'contact_task:requested')).toBe('Created a contact task');
    expect(actionDetail(zh, 'escrow:requested')).toBe('escrow:requested');
    expect(actionDetail(zh, null)).toBeNull();
  });
});
