import type { Generated } from 'kysely';

/** Row types of every table, as Kysely sees them. Instants are ISO-8601 UTC strings on both dialects. */
export interface BranchTable {
  id: Generated<number>;
  code: string;
  name: string;
  created_at: string;
}
export interface TeamTable {
  id: Generated<number>;
  branch_id: number;
  name: string;
  created_at: string;
}
export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: string;
  branch_id: number | null;
  team_id: number | null;
  password_hash: string;
  /** 1 active, 0 disabled (an integer on both dialects keeps writes portable). */
  active: number;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}
export interface SessionTable {
  /** SHA-256 of the cookie token: a stolen database does not yield live sessions. */
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}
export interface LoginAttemptTable {
  id: Generated<number>;
  username: string;
  ip: string | null;
  at: string;
  succeeded: number;
}
export interface ClientTable {
  id: Generated<number>;
  kind: string;
  name: string;
  name_pinyin: string;
  name_initials: string;
  tier: string;
  status: string;
  tags: string;
  owner_id: number;
  team_id: number;
  branch_id: number;
  gender: string | null;
  birth_date: string | null;
  id_type: string | null;
  id_number_enc: string | null;
  id_number_hash: string | null;
  mobile_enc: string | null;
  mobile_hash: string | null;
  email_enc: string | null;
  email_hash: string | null;
  address_enc: string | null;
  income_band_enc: string | null;
  occupation: string | null;
  employer: string | null;
  marital_status: string | null;
  education: string | null;
  risk_tolerance: string | null;
  risk_assessed_on: string | null;
  credit_code: string | null;
  industry_code: string | null;
  registered_capital_minor: number | null;
  registered_capital_ccy: string | null;
  founded_on: string | null;
  legal_representative: string | null;
  annual_revenue_minor: number | null;
  annual_revenue_ccy: string | null;
  employees: number | null;
  listed_status: string | null;
  credit_rating: string | null;
  /** JSON: field name → { source, asOf }. */
  provenance: string;
  version: number;
  /** Set when this file was merged into another: it stays only as history. */
  merged_into: number | null;
  kyc_risk_rating: string | null;
  kyc_reviewed_on: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}
export interface ClientCoServicerTable {
  client_id: number;
  user_id: number;
}
export interface ClientContactTable {
  id: Generated<number>;
  client_id: number;
  position: number;
  name: string;
  role: string | null;
  phone_enc: string | null;
  phone_hash: string | null;
  email_enc: string | null;
}
export interface ClientRelationshipTable {
  id: Generated<number>;
  from_client_id: number;
  to_client_id: number;
  kind: string;
  share_bp: number | null;
  amount_minor: number | null;
  amount_ccy: string | null;
  starts_on: string | null;
  ends_on: string | null;
  note: string | null;
  created_by: number | null;
  created_at: string;
}
export interface ClientConsentTable {
  id: Generated<number>;
  client_id: number;
  purpose: string;
  status: string;
  channel: string;
  evidence: string;
  recorded_by: number;
  recorded_at: string;
}
export interface TaskTable {
  id: Generated<number>;
  client_id: number | null;
  assignee_id: number;
  title: string;
  detail: string | null;
  due_on: string;
  priority: string;
  status: string;
  source: string;
  source_key: string | null;
  created_by: number | null;
  created_at: string;
  completed_at: string | null;
  completed_by: number | null;
}
export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  title: string;
  body: string | null;
  link: string | null;
  task_id: number | null;
  created_at: string;
  read_at: string | null;
}
export interface ImportMappingTable {
  source: string;
  columns: string;
  updated_by: number;
  updated_at: string;
}
export interface DocumentTable {
  id: Generated<number>;
  client_id: number;
  kind: string;
  created_by: number;
  created_at: string;
}
export interface DocumentVersionTable {
  id: Generated<number>;
  document_id: number;
  client_id: number;
  version: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  /** SHA-256 of the clear content, hex. */
  sha256: string;
  storage_key: string;
  number_enc: string | null;
  issuer: string | null;
  issued_on: string | null;
  expires_on: string | null;
  status: string;
  uploaded_by: number;
  uploaded_at: string;
  reviewed_by: number | null;
  reviewed_at: string | null;
  review_reason: string | null;
}
export interface SettingTable {
  key: string;
  /** JSON. */
  value: string;
  updated_by: number;
  updated_at: string;
}
export interface KycReviewTable {
  id: Generated<number>;
  client_id: number;
  risk_rating: string;
  confirmed_fields: string;
  note: string | null;
  reviewed_by: number;
  reviewed_at: string;
}
export interface AccountTable {
  id: Generated<number>;
  client_id: number;
  kind: string;
  product_name: string;
  account_no_enc: string;
  account_no_hash: string;
  currency: string;
  status: string;
  opened_on: string;
  closed_on: string | null;
  /** Deposits and investments: held by the client; loans and cards: owed by the client. */
  balance_minor: number;
  /** Booking time of the newest transaction in the balance. */
  balance_as_of: string | null;
  /** Booking time of the newest balance the ledger stated (a transaction's balance after, or the opening). */
  balance_anchor_at: string | null;
  rate_bp: number | null;
  maturity_on: string | null;
  principal_minor: number | null;
  term_months: number | null;
  days_past_due: number | null;
  classification: string | null;
  /** Loans: equal_instalment, equal_principal or bullet, and the first instalment's date. */
  repayment_method: string | null;
  first_due_on: string | null;
  limit_minor: number | null;
  used_minor: number | null;
  units: string | null;
  cost_minor: number | null;
  market_value_minor: number | null;
  risk_level: string | null;
  asset_class: string | null;
  source: string;
  external_id: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}
export interface LoanCollateralTable {
  id: Generated<number>;
  account_id: number;
  kind: string;
  description: string;
  appraised_value_minor: number;
  currency: string;
  appraised_on: string;
  created_by: number | null;
  created_at: string;
}
export interface LoanGuaranteeTable {
  account_id: number;
  relationship_id: number;
  created_by: number | null;
  created_at: string;
}
export interface TransactionTable {
  id: Generated<number>;
  account_id: number;
  client_id: number;
  source: string;
  external_id: string;
  content_hash: string;
  booked_at: string;
  amount_minor: number;
  direction: string;
  currency: string;
  channel: string;
  category: string;
  merchant_category: string | null;
  counterparty_name_enc: string | null;
  counterparty_account_enc: string | null;
  counterparty_hash: string | null;
  balance_after_minor: number | null;
  /** 1 when balance_after_minor reset the account's running balance. */
  sets_balance: number;
  description: string | null;
  ingested_at: string;
}
/** Closing balance of a day = the sum of change_minor up to it. */
export interface AccountDailyBalanceTable {
  account_id: number;
  day: string;
  client_id: number;
  change_minor: number;
}
export interface ClientDailyPositionTable {
  client_id: number;
  day: string;
  currency: string;
  assets_change_minor: number;
  liabilities_change_minor: number;
}
export interface ClientMonthlyFlowTable {
  client_id: number;
  month: string;
  currency: string;
  category: string;
  direction: string;
  amount_minor: number;
  count: number;
}
export interface ClientCounterpartyFlowTable {
  client_id: number;
  month: string;
  counterparty_hash: string;
  currency: string;
  direction: string;
  amount_minor: number;
  count: number;
  name_enc: string | null;
  account_enc: string;
}
export interface AuditLogTable {
  /** Assigned by the writer under the chain lock: the chain's order. */
  id: number;
  at: string;
  actor_id: number | null;
  attempted_username: string | null;
  action: string;
  client_id: number | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  before: string | null;
  after: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

export interface WarningRuleTable {
  id: Generated<number>;
  code: string;
  version: number;
  status: string;
  enabled: number;
  definition: string;
  failure: string | null;
  created_at: string;
  updated_at: string;
}
export interface WarningRuleVersionTable {
  id: Generated<number>;
  rule_id: number;
  version: number;
  definition: string;
  enable: number;
  state: string;
  proposed_by: number | null;
  proposed_at: string;
  decided_by: number | null;
  decided_at: string | null;
  note: string | null;
}
export interface WarningStateTable {
  client_id: number;
  state: string;
  updated_at: string;
  /** A token unique to the save that wrote the row (see `WarningStateCache`). */
  revision: string;
}
export interface AlertTable {
  id: Generated<number>;
  rule_id: number;
  rule_version: number;
  client_id: number;
  account_id: number | null;
  severity: string;
  status: string;
  resolution: string | null;
  raised_at: string;
  last_hit_at: string;
  hits: number;
  owner_id: number | null;
  due_at: string;
  escalated_at: string | null;
  evidence: string;
  updated_at: string;
}
export interface AlertEventTable {
  id: Generated<number>;
  alert_id: number;
  at: string;
  actor_id: number | null;
  kind: string;
  detail: string | null;
}

export interface AlertActionTable {
  id: Generated<number>;
  alert_id: number;
  kind: string;
  status: string;
  note: string;
  proposed_limit_minor: number | null;
  task_id: number | null;
  requested_by: number;
  requested_at: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_note: string | null;
}
export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  payload: string;
  created_at: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  delivered_at: string | null;
  last_error: string | null;
}

export interface Database {
  branches: BranchTable;
  teams: TeamTable;
  users: UserTable;
  sessions: SessionTable;
  login_attempts: LoginAttemptTable;
  clients: ClientTable;
  client_co_servicers: ClientCoServicerTable;
  client_contacts: ClientContactTable;
  client_relationships: ClientRelationshipTable;
  client_consents: ClientConsentTable;
  tasks: TaskTable;
  notifications: NotificationTable;
  import_mappings: ImportMappingTable;
  kyc_reviews: KycReviewTable;
  documents: DocumentTable;
  document_versions: DocumentVersionTable;
  settings: SettingTable;
  accounts: AccountTable;
  loan_collateral: LoanCollateralTable;
  loan_guarantees: LoanGuaranteeTable;
  transactions: TransactionTable;
  account_daily_balances: AccountDailyBalanceTable;
  client_daily_positions: ClientDailyPositionTable;
  client_monthly_flows: ClientMonthlyFlowTable;
  client_counterparty_flows: ClientCounterpartyFlowTable;
  audit_log: AuditLogTable;
  warning_rules: WarningRuleTable;
  warning_rule_versions: WarningRuleVersionTable;
  warning_states: WarningStateTable;
  alerts: AlertTable;
  alert_events: AlertEventTable;
  alert_actions: AlertActionTable;
  outbox: OutboxTable;
}
