import { z } from 'zod';
import { TransactionCategory } from './accounts.ts';
import { Id, Instant, PageQuery, pageOf } from './common.ts';
import { ClientKind, Tier } from './enums.ts';

/**
 * Early-warning rules are data: a rule combines conditions over metrics of the transaction, the
 * account and the client, each over its own window. The engine (`apps/server/src/rules/`) computes
 * the metrics from a client's warning state and the event; this file is what a rule may say.
 */

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const COMPARISONS = ['>=', '>', '<=', '<', '='] as const;
export const Comparison = z.enum(COMPARISONS);
export type Comparison = z.infer<typeof Comparison>;

const Text = z.strictObject({
  zh: z.string().trim().min(1, 'is required').max(500),
  en: z.string().trim().min(1, 'is required').max(500),
});

const windowDays = z.number().int().min(1, 'must be at least 1 day').max(90, 'must be at most 90 days');
const categories = z.array(TransactionCategory).min(1).max(13).optional();

/** A different threshold for a tier or a kind of client; the first override that fits wins. */
export const ThresholdOverride = z
  .strictObject({
    tier: Tier.optional(),
    clientKind: ClientKind.optional(),
    value: z.number().finite(),
  })
  .refine((o) => o.tier !== undefined || o.clientKind !== undefined, {
    message: 'names a tier or a clientKind',
  });

const threshold = {
  op: Comparison,
  value: z.number().finite(),
  overrides: z.array(ThresholdOverride).max(20).optional(),
};

/** Each metric with the parameters it takes. Amounts are in minor units of the event's currency. */
export const Condition = z.discriminatedUnion('metric', [
  /** How far (%) the client's balance in the currency fell below its peak or average of the last N days. */
  z.strictObject({
    metric: z.literal('balance_drop_pct'),
    windowDays,
    baseline: z.enum(['peak', 'average']),
    /** Balances below this at the baseline are too small to judge. */
    minBaseMinor: z.number().int().min(0).default(0),
    ...threshold,
  }),
  /** Sum, count or largest of the client's outflows / inflows in the last N days (the event's day included). */
  ...(
    ['outflow_sum', 'outflow_count', 'outflow_max', 'inflow_sum', 'inflow_count', 'inflow_max'] as const
  ).map((metric) => z.strictObject({ metric: z.literal(metric), windowDays, categories, ...threshold })),
  /** An outflow's amount over the client's own typical outflow: amount ÷ the p-th percentile of the last N days. */
  z.strictObject({
    metric: z.literal('amount_vs_typical'),
    windowDays,
    percentile: z.number().int().min(50).max(99).default(95),
    /** Fewer earlier outflows than this: no judgement. */
    minSamples: z.number().int().min(1).max(128).default(10),
    ...threshold,
  }),
  /** Days since the last inflow of a category the client usually receives (at least minOccurrences in 180 days). */
  z.strictObject({
    metric: z.literal('days_without_inflow'),
    category: TransactionCategory,
    minOccurrences: z.number().int().min(1).max(24).default(3),
    ...threshold,
  }),
  /** Days past due of the loan the event is about. */
  z.strictObject({ metric: z.literal('days_past_due'), ...threshold }),
  /** Drawn ÷ limit (%) of the card or facility the event is about. */
  z.strictObject({ metric: z.literal('limit_utilisation_pct'), ...threshold }),
  /** Steps down the five categories (正常→关注→次级→可疑→损失) since the account's previous classification. */
  z.strictObject({ metric: z.literal('classification_downgrade'), ...threshold }),
  /** An outflow's amount when its counterparty is new to the client (0 when known). */
  z.strictObject({ metric: z.literal('new_counterparty_amount'), ...threshold }),
  /** Days since the account's previous transaction. */
  z.strictObject({ metric: z.literal('dormant_days'), ...threshold }),
  /** The event's amount, when its direction and category fit. */
  z.strictObject({
    metric: z.literal('event_amount'),
    direction: z.enum(['credit', 'debit']).optional(),
    categories,
    ...threshold,
  }),
]);
export type Condition = z.infer<typeof Condition>;
export type Metric = Condition['metric'];
export const METRICS = Condition.options.map((o) => o.shape.metric.value) as Metric[];

export const RULE_CODE = /^[a-z][a-z0-9_]{2,47}$/;

export const RuleDefinition = z.strictObject({
  code: z.string().regex(RULE_CODE, 'must be 3–48 lower-case letters, digits or _ starting with a letter'),
  name: Text,
  description: Text,
  rationale: Text,
  severity: Severity,
  /** After a hit, no new alert for this rule and client for this long (hits still add evidence to an open one). */
  cooldownHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 90),
  /** `all`: every condition holds; `any`: one does. */
  when: z.enum(['all', 'any']).default('all'),
  conditions: z.array(Condition).min(1, 'needs at least one condition').max(8),
  appliesTo: z
    .strictObject({
      clientKinds: z.array(ClientKind).min(1).optional(),
      tiers: z.array(Tier).min(1).optional(),
    })
    .optional(),
});
export type RuleDefinition = z.infer<typeof RuleDefinition>;
export type RuleDefinitionInput = z.input<typeof RuleDefinition>;

/** One condition as the engine judged it: the "why" of a hit. */
export const ConditionTrace = z.object({
  metric: z.string(),
  /** null when the metric could not be judged (too little history, another kind of event). */
  value: z.number().nullable(),
  op: Comparison,
  threshold: z.number(),
  holds: z.boolean(),
});
export type ConditionTrace = z.infer<typeof ConditionTrace>;

export const RULE_STATUSES = ['draft', 'pending_approval', 'active', 'disabled', 'failed'] as const;
export const RuleStatus = z.enum(RULE_STATUSES);
export type RuleStatus = z.infer<typeof RuleStatus>;

export const Rule = z.object({
  id: Id,
  code: z.string(),
  version: z.number().int(),
  status: RuleStatus,
  enabled: z.boolean(),
  definition: RuleDefinition,
  /** A proposed change waiting for a second person, if any. */
  pending: z
    .object({
      version: z.number().int(),
      definition: RuleDefinition,
      enable: z.boolean(),
      proposedBy: z.string(),
      /** The proposer (null: the system): they cannot approve it. */
      proposedById: Id.nullable(),
      proposedAt: Instant,
    })
    .nullable(),
  failure: z.string().nullable(),
  updatedAt: Instant,
  /** How the rule does: the bank learns which warnings are worth having. */
  stats: z.object({
    /** Alerts raised in the last 30 days, and per day over them. */
    alerts30d: z.number().int(),
    alertsPerDay: z.number(),
    resolved: z.number().int(),
    confirmedRisk: z.number().int(),
    /** confirmed_risk ÷ resolved; null before any is resolved. */
    precision: z.number().nullable(),
    /** Median minutes from an alert being raised to the first thing a person did on it (90 days). */
    medianMinutesToAct: z.number().nullable(),
  }),
});
export type Rule = z.infer<typeof Rule>;

export const ALERT_STATUSES = ['open', 'acknowledged', 'in_progress', 'resolved'] as const;
export const AlertStatus = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatus>;

export const ALERT_RESOLUTIONS = ['confirmed_risk', 'false_positive', 'no_action_needed'] as const;
export const AlertResolution = z.enum(ALERT_RESOLUTIONS);
export type AlertResolution = z.infer<typeof AlertResolution>;

export const AlertEvidence = z.object({
  at: Instant,
  transactionId: Id.nullable(),
  accountId: Id.nullable(),
  amountMinor: z.number().int().nullable(),
  direction: z.enum(['credit', 'debit']).nullable(),
  currency: z.string().nullable(),
  trace: z.array(ConditionTrace),
});
export type AlertEvidence = z.infer<typeof AlertEvidence>;

export const AlertSummary = z.object({
  id: Id,
  rule: z.object({ id: Id, code: z.string(), version: z.number().int(), name: Text }),
  client: z.object({ id: Id, code: z.string(), name: z.string() }),
  accountId: Id.nullable(),
  severity: Severity,
  status: AlertStatus,
  resolution: AlertResolution.nullable(),
  raisedAt: Instant,
  lastHitAt: Instant,
  hits: z.number().int(),
  owner: z.object({ id: Id, displayName: z.string() }).nullable(),
  dueAt: Instant,
  overdue: z.boolean(),
});
export type AlertSummary = z.infer<typeof AlertSummary>;

export const AlertEventEntry = z.object({
  at: Instant,
  actor: z.string().nullable(),
  kind: z.enum(['raised', 'hit', 'status', 'comment', 'action', 'escalated']),
  detail: z.string().nullable(),
});

/**
 * Playbook actions from an alert: a contact task for the RM (done at once, through the task
 * system), or a request that a risk officer other than the requester approves or rejects: a limit
 * review or a freeze. Nothing is frozen or changed by Dossier itself: an approved request goes to
 * core banking through the outbound webhook.
 */
export const ALERT_ACTION_KINDS = ['contact_task', 'limit_review', 'freeze'] as const;
export const AlertActionKind = z.enum(ALERT_ACTION_KINDS);
export type AlertActionKind = z.infer<typeof AlertActionKind>;

export const ALERT_ACTION_STATUSES = ['done', 'pending', 'approved', 'rejected'] as const;
export const AlertActionStatus = z.enum(ALERT_ACTION_STATUSES);
export type AlertActionStatus = z.infer<typeof AlertActionStatus>;

export const AlertActionRequest = z
  .strictObject({
    kind: AlertActionKind,
    /** Why, in a sentence: what the RM or the risk officer should know. */
    note: z.string().trim().min(2, 'is required').max(1000),
    /** A contact task's due date (default: tomorrow). */
    dueOn: z.iso.date({ message: 'must be a date written YYYY-MM-DD' }).optional(),
    /** A limit review's proposed new limit, in minor units. */
    proposedLimitMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .refine((r) => r.kind !== 'limit_review' || r.proposedLimitMinor !== undefined, {
    message: 'is required for a limit review',
    path: ['proposedLimitMinor'],
  });
export type AlertActionRequest = z.infer<typeof AlertActionRequest>;

export const AlertActionDecision = z.strictObject({
  approve: z.boolean(),
  note: z.string().trim().max(1000).optional(),
});
export type AlertActionDecision = z.infer<typeof AlertActionDecision>;

export const AlertAction = z.object({
  id: Id,
  kind: AlertActionKind,
  status: AlertActionStatus,
  note: z.string(),
  proposedLimitMinor: z.number().int().nullable(),
  taskId: Id.nullable(),
  requestedBy: z.string(),
  /** The requester: they cannot decide their own request. */
  requestedById: Id,
  requestedAt: Instant,
  decidedBy: z.string().nullable(),
  decidedById: Id.nullable(),
  decidedAt: Instant.nullable(),
  decisionNote: z.string().nullable(),
});
export type AlertAction = z.infer<typeof AlertAction>;

export const Alert = AlertSummary.extend({
  evidence: z.array(AlertEvidence),
  events: z.array(AlertEventEntry),
  actions: z.array(AlertAction),
});
export type Alert = z.infer<typeof Alert>;

export const AlertListQuery = z.strictObject({
  status: AlertStatus.optional(),
  severity: Severity.optional(),
  clientId: z.coerce.number().int().positive().optional(),
  ruleCode: z.string().max(48).optional(),
  ...PageQuery,
});
export type AlertListQuery = z.infer<typeof AlertListQuery>;
export const AlertPage = pageOf(AlertSummary).extend({
  /** Open (not resolved) alerts in the caller's scope by severity, whatever the filters. */
  openBySeverity: z.record(Severity, z.number().int()),
});
export type AlertPage = z.infer<typeof AlertPage>;

export const AlertStatusChange = z
  .strictObject({
    status: AlertStatus,
    resolution: AlertResolution.optional(),
    comment: z.string().trim().max(1000).optional(),
  })
  .refine((c) => (c.status === 'resolved') === (c.resolution !== undefined), {
    message: 'a resolution is given exactly when the status is resolved',
    path: ['resolution'],
  });
export type AlertStatusChange = z.infer<typeof AlertStatusChange>;

export const AlertComment = z.strictObject({ comment: z.string().trim().min(1, 'is required').max(1000) });

/** What the server pushes on GET /api/alerts/stream. */
export const AlertStreamEvent = z.object({
  type: z.enum(['alert.raised', 'alert.updated']),
  alert: AlertSummary,
});
export type AlertStreamEvent = z.infer<typeof AlertStreamEvent>;

/** A new rule or a new version of one; it takes effect when a second person approves it. */
export const RuleProposal = z.strictObject({
  definition: RuleDefinition,
  /** Whether the rule is on once approved (false: proposing to switch it off). */
  enable: z.boolean().default(true),
});
export type RuleProposal = z.infer<typeof RuleProposal>;

export const RuleDecision = z.strictObject({
  approve: z.boolean(),
  note: z.string().trim().max(500).optional(),
});
export type RuleDecision = z.infer<typeof RuleDecision>;

export const RuleList = z.object({ items: z.array(Rule) });
export type RuleList = z.infer<typeof RuleList>;

/**
 * A backtest: rules (stored ones by id, or a draft definition) run over the stored history
 * without creating alerts. `beforeLoanStart`: judge only each borrower's transactions before
 * their first loan was granted, and count the borrowers whose loans went bad (substandard or
 * worse) among those flagged and not.
 */
export const BacktestRequest = z
  .strictObject({
    ruleIds: z.array(Id).min(1).max(50).optional(),
    definition: RuleDefinition.optional(),
    from: z.iso.date({ message: 'must be a date written YYYY-MM-DD' }).optional(),
    to: z.iso.date({ message: 'must be a date written YYYY-MM-DD' }).optional(),
    beforeLoanStart: z.boolean().default(false),
  })
  .refine((b) => b.ruleIds !== undefined || b.definition !== undefined, {
    message: 'names stored rules (ruleIds) or a draft (definition)',
    path: ['ruleIds'],
  });
export type BacktestRequest = z.infer<typeof BacktestRequest>;

export const BacktestResult = z.object({
  transactionsJudged: z.number().int(),
  clientsJudged: z.number().int(),
  rules: z.array(
    z.object({
      code: z.string(),
      alerts: z.number().int(),
      clientsHit: z.number().int(),
      hitsPerDay: z.array(z.object({ day: z.string(), alerts: z.number().int() })),
    }),
  ),
  /** Clients with a known outcome (a loan): went bad = classified substandard, doubtful or loss. */
  outcomes: z.object({
    flagged: z.number().int(),
    flaggedBad: z.number().int(),
    unflagged: z.number().int(),
    unflaggedBad: z.number().int(),
  }),
  tookMs: z.number(),
});
export type BacktestResult = z.infer<typeof BacktestResult>;
