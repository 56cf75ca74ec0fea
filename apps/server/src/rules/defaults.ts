import type { RuleDefinitionInput } from '@dossier/contract';

const YUAN = 100;

/**
 * The rules a bank starts with, shipped enabled. Each says in Chinese and English what it
 * catches and why a risk officer wants it. Thresholds are a starting point for the bank to tune
 * with the backtest, not a standard.
 */
export const DEFAULT_RULES: RuleDefinitionInput[] = [
  {
    code: 'balance_drain',
    name: { zh: '存款余额骤降', en: 'Sudden balance drain' },
    description: {
      zh: '客户在该币种的存款与投资合计较前 2 日峰值下降 60% 以上（峰值不低于 5 万元）。',
      en: "The client's deposits and investments in a currency fell 60% or more below their peak of the last 2 days (peak at least ¥50,000).",
    },
    rationale: {
      zh: '资金短期内大额转出常先于经营恶化、债务违约或资金挪用出现，是最早可见的违约信号之一。',
      en: 'Money leaving fast often comes before business distress, default or diversion of funds: one of the earliest visible signs.',
    },
    severity: 'high',
    cooldownHours: 72,
    conditions: [
      {
        metric: 'balance_drop_pct',
        windowDays: 2,
        baseline: 'peak',
        minBaseMinor: 50_000 * YUAN,
        op: '>=',
        value: 60,
      },
    ],
  },
  {
    code: 'large_outflow_week',
    name: { zh: '一周内大额流出', en: 'Large outflows within a week' },
    description: {
      zh: '7 日内转出、取现等流出本行的资金合计达到 100 万元（对公 2 亿元，私行客户 500 万元）。',
      en: 'Money leaving the bank over 7 days (transfers out, cash, other) reaches ¥1,000,000 (corporate ¥200,000,000; private-banking clients ¥5,000,000).',
    },
    rationale: {
      zh: '集中大额流出可能是资金外逃、还他行债务或欺诈转账，需客户经理及时了解用途。购买本行理财等客户本人账户间的划转不计入：资金仍在本行。对公门槛按大客户的正常经营规模设定。',
      en: "Concentrated outflows can be flight of funds, repaying another bank first, or fraud: the RM should learn the purpose. Moves between the client's own accounts (buying the bank's investments) do not count: the money stays. The corporate threshold sits above a key account's ordinary weekly payments.",
    },
    severity: 'medium',
    cooldownHours: 168,
    conditions: [
      {
        metric: 'outflow_sum',
        windowDays: 7,
        categories: ['transfer_out', 'cash_withdrawal', 'other'],
        op: '>=',
        value: 1_000_000 * YUAN,
        overrides: [
          { clientKind: 'corporate', value: 200_000_000 * YUAN },
          { tier: 'private', value: 5_000_000 * YUAN },
        ],
      },
    ],
  },
  {
    code: 'unusual_amount',
    name: { zh: '异常大额支出', en: 'Unusually large payment' },
    description: {
      zh: '单笔转出、取现或消费超过该客户近 90 日支出 95 分位数的 8 倍，且不少于 5 万元（至少 10 笔历史支出）。',
      en: "A single transfer out, cash withdrawal or purchase above 8 × the client's own 95th percentile of the last 90 days, and at least ¥50,000 (10 earlier payments needed).",
    },
    rationale: {
      zh: '以客户自身习惯为基准，比统一金额阈值更少误报，也能发现小客户的异常。理财申购赎回、还款等本行内部划转不在此列。',
      en: "Measured against the client's own habits: fewer false alarms than one fixed amount, and small clients' anomalies still show. Investment purchases and redemptions and loan repayments stay within the bank and are left out.",
    },
    severity: 'medium',
    cooldownHours: 72,
    conditions: [
      { metric: 'amount_vs_typical', windowDays: 90, percentile: 95, minSamples: 10, op: '>=', value: 8 },
      {
        metric: 'event_amount',
        direction: 'debit',
        categories: ['transfer_out', 'cash_withdrawal', 'consumption', 'other'],
        op: '>=',
        value: 50_000 * YUAN,
      },
    ],
  },
  {
    code: 'salary_stopped',
    name: { zh: '代发工资中断', en: 'Salary stopped' },
    description: {
      zh: '近半年至少收到 3 次工资的个人客户，已 40 日没有工资入账。',
      en: 'An individual who received salary at least 3 times in the last 180 days has had none for 40 days.',
    },
    rationale: {
      zh: '工资中断往往意味着失业或换工作，还款能力可能下降，也是客户流失的前兆。',
      en: 'A stopped salary often means a lost or changed job: repayment capacity may fall, and the client may be leaving.',
    },
    severity: 'medium',
    cooldownHours: 720,
    appliesTo: { clientKinds: ['individual'] },
    conditions: [
      { metric: 'days_without_inflow', category: 'salary', minOccurrences: 3, op: '>=', value: 40 },
    ],
  },
  {
    code: 'loan_overdue_30',
    name: { zh: '贷款逾期 30 天以上', en: 'Loan 30+ days past due' },
    description: {
      zh: '任一贷款逾期天数达到 30 天。',
      en: 'A loan is 30 days or more past due.',
    },
    rationale: {
      zh: '逾期 30 天是监管关注类的常见触发点，越早介入回收率越高。',
      en: '30 days past due is where loans commonly move to special mention; the earlier the contact, the more is recovered.',
    },
    severity: 'high',
    cooldownHours: 720,
    conditions: [{ metric: 'days_past_due', op: '>=', value: 30 }],
  },
  {
    code: 'loan_overdue_90',
    name: { zh: '贷款逾期 90 天以上', en: 'Loan 90+ days past due' },
    description: {
      zh: '任一贷款逾期天数达到 90 天。',
      en: 'A loan is 90 days or more past due.',
    },
    rationale: {
      zh: '逾期 90 天通常须划入不良（次级及以下），需要风险部门直接介入和保全措施。',
      en: 'At 90 days past due a loan is normally non-performing (substandard or worse): risk must step in and secure what it can.',
    },
    severity: 'critical',
    cooldownHours: 720,
    conditions: [{ metric: 'days_past_due', op: '>=', value: 90 }],
  },
  {
    code: 'credit_line_maxed',
    name: { zh: '授信额度用尽', en: 'Credit line drawn to the limit' },
    description: {
      zh: '授信额度或信用卡使用率达到 95%。',
      en: 'A credit facility or card is drawn to 95% or more of its limit.',
    },
    rationale: {
      zh: '额度被迅速用满常说明流动性紧张，可能正在多头借贷。',
      en: 'A line drawn to the limit usually means a liquidity squeeze, possibly borrowing from several banks.',
    },
    severity: 'medium',
    cooldownHours: 720,
    conditions: [{ metric: 'limit_utilisation_pct', op: '>=', value: 95 }],
  },
  {
    code: 'classification_downgrade',
    name: { zh: '五级分类下调', en: 'Loan classification downgraded' },
    description: {
      zh: '贷款五级分类（正常、关注、次级、可疑、损失）下调一级或以上。',
      en: 'A loan moved down one or more of the five categories (normal, special mention, substandard, doubtful, loss).',
    },
    rationale: {
      zh: '分类下调是信贷资产质量恶化的正式认定，客户的其他授信和担保关系都需要复核。',
      en: "A downgrade formally recognises worse credit quality: the client's other lines and guarantees need review.",
    },
    severity: 'high',
    cooldownHours: 0,
    conditions: [{ metric: 'classification_downgrade', op: '>=', value: 1 }],
  },
  {
    code: 'new_payee_large',
    name: { zh: '向新收款方大额转账', en: 'Large first payment to a new payee' },
    description: {
      zh: '首次向某收款账户转出即达到 20 万元（对公 200 万元）。',
      en: 'A first payment to a new counterparty account of ¥200,000 or more (corporate ¥2,000,000).',
    },
    rationale: {
      zh: '电信诈骗和资金挪用的典型特征是向从未往来的账户大额转账。',
      en: 'Large transfers to an account never paid before are typical of fraud and diversion of funds.',
    },
    severity: 'medium',
    cooldownHours: 24,
    conditions: [
      {
        metric: 'new_counterparty_amount',
        op: '>=',
        value: 200_000 * YUAN,
        overrides: [{ clientKind: 'corporate', value: 2_000_000 * YUAN }],
      },
    ],
  },
  {
    code: 'cash_withdrawal_cumulative',
    name: { zh: '累计大额取现', en: 'Cumulative cash withdrawals' },
    description: {
      zh: '7 日内累计取现达到 20 万元。',
      en: 'Cash withdrawals over 7 days reach ¥200,000.',
    },
    rationale: {
      zh: '大额现金使资金去向不可追踪，是反洗钱监测的重点，也可能是资金紧张的信号。',
      en: 'Cash breaks the trail of the money: a classic anti-money-laundering signal, and sometimes of a cash squeeze.',
    },
    severity: 'medium',
    cooldownHours: 168,
    conditions: [
      {
        metric: 'outflow_sum',
        windowDays: 7,
        categories: ['cash_withdrawal'],
        op: '>=',
        value: 200_000 * YUAN,
      },
    ],
  },
  {
    code: 'dormant_reactivated',
    name: { zh: '久悬账户突然活跃', en: 'Dormant account suddenly active' },
    description: {
      zh: '账户 180 日无交易后，出现 5 万元以上的转账或现金交易。',
      en: 'An account with no transactions for 180 days moves ¥50,000 or more by transfer or in cash.',
    },
    rationale: {
      zh: '沉睡账户被突然启用常见于账户出租出借、被盗用或洗钱通道。定期理财到期赎回等本行内部划转不在此列。',
      en: 'Dormant accounts that wake up are a known pattern of rented, stolen or mule accounts. A maturing investment redeemed within the bank is not one.',
    },
    severity: 'medium',
    cooldownHours: 720,
    conditions: [
      { metric: 'dormant_days', op: '>=', value: 180 },
      {
        metric: 'event_amount',
        categories: ['transfer_in', 'transfer_out', 'cash_deposit', 'cash_withdrawal', 'other'],
        op: '>=',
        value: 50_000 * YUAN,
      },
    ],
  },
];
