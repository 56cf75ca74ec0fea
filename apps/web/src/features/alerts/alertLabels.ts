import type {
  AlertActionKind,
  AlertStatus,
  Comparison,
  Condition,
  ConditionTrace,
  Metric,
  RuleStatus,
  Severity,
} from '@dossier/contract';
import { ALERT_ACTION_KINDS, METRICS } from '@dossier/contract';
import type { Lang } from '../../i18n/i18n.tsx';
import type { Dictionary } from '../../i18n/zh.ts';
import { formatMoney } from '../../lib/money.ts';

// Pure wording of alerts and rules: no React, no I/O.

/** Calm to grave; red is kept for what cannot wait. */
export const SEVERITY_COLOR: Record<Severity, string> = {
  low: 'default',
  medium: 'gold',
  high: 'orange',
  critical: 'red',
};

export const SEVERITY_ACCENT: Record<Severity, string> = {
  low: '#8c8c8c',
  medium: '#d48806',
  high: '#d46b08',
  critical: '#cf1322',
};

/** Most severe first, as the counts and filters list them. */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export const ALERT_STATUS_BADGE: Record<AlertStatus, 'error' | 'warning' | 'processing' | 'success'> = {
  open: 'error',
  acknowledged: 'warning',
  in_progress: 'processing',
  resolved: 'success',
};

export const RULE_STATUS_COLOR: Record<RuleStatus, string> = {
  draft: 'default',
  pending_approval: 'gold',
  active: 'green',
  disabled: 'default',
  failed: 'red',
};

export const OP_SIGN: Record<Comparison, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };

type Unit = 'pct' | 'money' | 'count' | 'times' | 'days' | 'steps';

const UNIT: Record<Metric, Unit> = {
  balance_drop_pct: 'pct',
  outflow_sum: 'money',
  outflow_count: 'count',
  outflow_max: 'money',
  inflow_sum: 'money',
  inflow_count: 'count',
  inflow_max: 'money',
  amount_vs_typical: 'times',
  days_without_inflow: 'days',
  days_past_due: 'days',
  limit_utilisation_pct: 'pct',
  classification_downgrade: 'steps',
  new_counterparty_amount: 'money',
  dormant_days: 'days',
  event_amount: 'money',
};

const KNOWN_METRICS: ReadonlySet<string> = new Set(METRICS);

function isMetric(metric: string): metric is Metric {
  return KNOWN_METRICS.has(metric);
}

/** A metric's name in the user's language; one the web does not know yet keeps its code. */
export function metricLabel(t: Dictionary, metric: string): string {
  return isMetric(metric) ? t.alerts.metrics[metric] : metric;
}

function plain(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return rounded.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** A metric's value or threshold with its unit: `60%`, `30.00万元`, `45 天`, `8.5 倍`. Amounts are minor units. */
export function formatMetricValue(
  t: Dictionary,
  lang: Lang,
  metric: string,
  value: number,
  currency = 'CNY',
): string {
  const unit = isMetric(metric) ? UNIT[metric] : null;
  const u = t.alerts.units;
  switch (unit) {
    case 'pct':
      return `${plain(value)}%`;
    case 'money': {
      const text = formatMoney({ minor: Math.round(Math.abs(value)), currency }, lang);
      return value < 0 ? `-${text}` : text;
    }
    case 'count':
      return u.count(plain(value));
    case 'times':
      return u.times(plain(value));
    case 'days':
      return u.days(plain(value));
    case 'steps':
      return u.steps(plain(value));
    default:
      return plain(value);
  }
}

/** One judged condition as a sentence: `余额较基准下降幅度　60% ≥ 60%`, `Balance drop from baseline: 60% ≥ 60%`. */
export function traceText(
  t: Dictionary,
  lang: Lang,
  trace: ConditionTrace,
  currency?: string | null,
): string {
  const threshold = formatMetricValue(t, lang, trace.metric, trace.threshold, currency ?? 'CNY');
  // A full-width space parts the name from the figures in Chinese; English reads a colon.
  const gap = lang === 'zh' ? '　' : ': ';
  const name = metricLabel(t, trace.metric);
  // No value (too little history, or nothing of the kind in this event): said so, with the threshold.
  if (trace.value === null)
    return `${name}${gap}${t.alerts.detail.notJudged(`${OP_SIGN[trace.op]} ${threshold}`)}`;
  const value = formatMetricValue(t, lang, trace.metric, trace.value, currency ?? 'CNY');
  return `${name}${gap}${value} ${OP_SIGN[trace.op]} ${threshold}`;
}

/**
 * A rule's condition as a person reads it: the metric and its comparison, then its parameters in
 * words (window, baseline, categories, overrides by tier or kind). Amounts in yuan (万元 in Chinese).
 */
export function describeCondition(
  t: Dictionary,
  lang: Lang,
  c: Condition,
): { head: string; details: string[] } {
  const r = t.rules.cond;
  const value = (v: number) => formatMetricValue(t, lang, c.metric, v);
  const head = `${metricLabel(t, c.metric)} ${OP_SIGN[c.op]} ${value(c.value)}`;
  const details: string[] = [];
  const categoryList = (list: readonly (keyof Dictionary['finance']['categories'])[]) =>
    list.map((k) => t.finance.categories[k]).join(lang === 'zh' ? '、' : ', ');
  switch (c.metric) {
    case 'balance_drop_pct':
      details.push(r.versus(r.window(c.windowDays), r.baseline[c.baseline]));
      if (c.minBaseMinor > 0)
        details.push(r.minBase(formatMoney({ minor: c.minBaseMinor, currency: 'CNY' }, lang)));
      break;
    case 'outflow_sum':
    case 'outflow_count':
    case 'outflow_max':
    case 'inflow_sum':
    case 'inflow_count':
    case 'inflow_max':
      details.push(r.window(c.windowDays));
      if (c.categories) details.push(r.categories(categoryList(c.categories)));
      break;
    case 'amount_vs_typical':
      details.push(r.window(c.windowDays), r.percentile(c.percentile, c.minSamples));
      break;
    case 'days_without_inflow':
      details.push(r.usualInflow(t.finance.categories[c.category], c.minOccurrences));
      break;
    case 'event_amount':
      if (c.direction) details.push(r.direction[c.direction]);
      if (c.categories) details.push(r.categories(categoryList(c.categories)));
      break;
    default:
      break;
  }
  if (c.overrides && c.overrides.length > 0) {
    const who = (o: NonNullable<typeof c.overrides>[number]) =>
      [o.tier ? t.enums.tier[o.tier] : null, o.clientKind ? t.enums.kind[o.clientKind] : null]
        .filter(Boolean)
        .join('·');
    details.push(
      r.overrides(
        c.overrides
          .map((o) => `${who(o)} ${OP_SIGN[c.op]} ${value(o.value)}`)
          .join(lang === 'zh' ? '；' : '; '),
      ),
    );
  }
  return { head, details };
}

/** An event's detail as the server writes it (`resolved:confirmed_risk`), in words. */
export function statusDetail(t: Dictionary, detail: string | null): string | null {
  if (!detail) return null;
  const [status, resolution] = detail.split(':');
  const s = t.alerts.status[status as AlertStatus] ?? status;
  const r = resolution
    ? (t.alerts.resolution[resolution as keyof Dictionary['alerts']['resolution']] ?? resolution)
    : null;
  return r ? `${s} · ${r}` : s;
}

const ACTION_KINDS: ReadonlySet<string> = new Set(ALERT_ACTION_KINDS);

/**
 * A playbook event's detail as the server writes it (`freeze:requested`, `limit_review:approved`),
 * in words: `提出冻结/止付申请`, `批准额度复核申请`. One the web does not know stays as written.
 */
export function actionDetail(t: Dictionary, detail: string | null): string | null {
  if (!detail) return null;
  const [kind = '', step] = detail.split(':');
  if (!ACTION_KINDS.has(kind)) return detail;
  const p = t.alerts.playbook;
  const label = p.kind[kind as AlertActionKind];
  switch (step) {
    case 'requested':
      return kind === 'contact_task' ? p.event.contactTask : p.event.requested(label);
    case 'approved':
      return p.event.approved(label);
    case 'rejected':
      return p.event.rejected(label);
    default:
      return detail;
  }
}
