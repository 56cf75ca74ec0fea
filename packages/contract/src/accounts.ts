import { z } from 'zod';
import { Id, IsoDate, PageQuery, pageOf } from './common.ts';
import { ClientKind } from './enums.ts';

/** Deposits (current and time), loans, investments (wealth products, funds, insurance, bonds), cards, credit lines. */
export const ACCOUNT_KINDS = [
  'demand_deposit',
  'time_deposit',
  'loan',
  'investment',
  'credit_card',
  'credit_facility',
] as const;
export const AccountKind = z.enum(ACCOUNT_KINDS);
export type AccountKind = z.infer<typeof AccountKind>;

export const ACCOUNT_STATUSES = ['active', 'dormant', 'closed'] as const;
export const AccountStatus = z.enum(ACCOUNT_STATUSES);
export type AccountStatus = z.infer<typeof AccountStatus>;

/** Five-category loan classification (贷款五级分类): 正常 / 关注 / 次级 / 可疑 / 损失. */
export const LOAN_CLASSIFICATIONS = ['normal', 'special_mention', 'substandard', 'doubtful', 'loss'] as const;
export const LoanClassification = z.enum(LOAN_CLASSIFICATIONS);
export type LoanClassification = z.infer<typeof LoanClassification>;

/** A product's risk level (R1 lowest … R5 highest), matched against the client's C1–C5 tolerance. */
export const PRODUCT_RISK_LEVELS = ['R1', 'R2', 'R3', 'R4', 'R5'] as const;
export const ProductRiskLevel = z.enum(PRODUCT_RISK_LEVELS);
export type ProductRiskLevel = z.infer<typeof ProductRiskLevel>;

/** How a loan is repaid: 等额本息 equal instalments, 等额本金 equal principal, 到期一次还本 bullet (interest monthly). */
export const REPAYMENT_METHODS = ['equal_instalment', 'equal_principal', 'bullet'] as const;
export const RepaymentMethod = z.enum(REPAYMENT_METHODS);
export type RepaymentMethod = z.infer<typeof RepaymentMethod>;

/** What secures a loan (抵质押物): 房产, 土地使用权, 车辆, 存单质押, 股权质押, 应收账款, other. */
export const COLLATERAL_KINDS = [
  'real_estate',
  'land_use_right',
  'vehicle',
  'deposit_pledge',
  'equity_pledge',
  'receivables',
  'other',
] as const;
export const CollateralKind = z.enum(COLLATERAL_KINDS);
export type CollateralKind = z.infer<typeof CollateralKind>;

export const ASSET_CLASSES = ['wealth_management', 'fund', 'insurance', 'bond'] as const;
export const AssetClass = z.enum(ASSET_CLASSES);
export type AssetClass = z.infer<typeof AssetClass>;

export const TRANSACTION_DIRECTIONS = ['credit', 'debit'] as const;
export const TransactionDirection = z.enum(TRANSACTION_DIRECTIONS);
export type TransactionDirection = z.infer<typeof TransactionDirection>;

export const TRANSACTION_CHANNELS = ['counter', 'atm', 'online', 'mobile', 'pos', 'transfer'] as const;
export const TransactionChannel = z.enum(TRANSACTION_CHANNELS);
export type TransactionChannel = z.infer<typeof TransactionChannel>;

export const TRANSACTION_CATEGORIES = [
  'salary',
  'transfer_in',
  'transfer_out',
  'consumption',
  'loan_disbursement',
  'loan_repayment',
  'investment_purchase',
  'investment_redemption',
  'cash_deposit',
  'cash_withdrawal',
  'interest',
  'fee',
  'other',
] as const;
export const TransactionCategory = z.enum(TRANSACTION_CATEGORIES);
export type TransactionCategory = z.infer<typeof TransactionCategory>;

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, such as CNY');

/** A whole number of minor units that may be negative (an overdrawn balance). */
const SignedMinor = z
  .number()
  .int('must be a whole number of minor units (fen): 12345 for ¥123.45')
  .min(Number.MIN_SAFE_INTEGER)
  .max(Number.MAX_SAFE_INTEGER);
const PositiveMinor = z
  .number()
  .int('must be a whole number of minor units (fen): 12345 for ¥123.45')
  .positive('must be more than zero; the direction (credit/debit) says which way the money moved')
  .max(Number.MAX_SAFE_INTEGER);
const NonNegativeMinor = z
  .number()
  .int('must be a whole number of minor units (fen): 12345 for ¥123.45')
  .min(0, 'must not be negative')
  .max(Number.MAX_SAFE_INTEGER);

/** An amount that may be negative, with its currency. */
export const SignedMoney = z.object({ minor: z.number().int(), currency: z.string() });
export type SignedMoney = z.infer<typeof SignedMoney>;

/**
 * An account number as the core system writes it: digits and capital letters, optionally grouped
 * with spaces or hyphens (6222 0212 3456 7890 123, or an IBAN). Stored without the grouping.
 */
export const AccountNo = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s-]/g, '').toUpperCase())
  .pipe(
    z
      .string()
      .regex(/^[0-9A-Z]{6,34}$/, 'must be 6 to 34 digits or letters (spaces and hyphens are ignored)'),
  );

/** Fund or product units: a decimal written with a point, up to six decimals. Never a float. */
export const Units = z.string().regex(/^\d{1,15}(\.\d{1,6})?$/, 'must be a decimal such as 12500.25');

/** An instant with its zone: 2026-11-29T09:30:00+08:00 or 2026-11-29T01:30:00Z. */
export const BookedAt = z.iso.datetime({
  offset: true,
  message: 'must be a real date and time with Z or an offset, such as 2026-11-29T09:30:00+08:00',
});

const ExternalId = z
  .string()
  .trim()
  .min(1, 'is required: the identifier the source system gives this record')
  .max(100)
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

/**
 * A new account. Kind-specific terms only apply to their kinds (a rate to deposits and loans, a
 * limit to cards and credit lines, units and cost to investments…); the server says which.
 */
export const AccountCreate = z.strictObject({
  kind: AccountKind,
  productName: z.string().trim().min(1, 'is required').max(100),
  accountNo: AccountNo,
  currency: Currency,
  status: AccountStatus.default('active'),
  openedOn: IsoDate,
  closedOn: IsoDate.optional(),
  /**
   * The balance as the core system states it at `balanceAsOf` (default: now). Deposits and
   * investments: what the client holds. Loans and cards: what the client owes. Leave it out for an
   * account whose history will arrive as transactions.
   */
  balanceMinor: SignedMinor.optional(),
  balanceAsOf: BookedAt.optional(),
  /** Interest rate in basis points (3.85 % = 385). */
  rateBp: z.number().int().min(-10_000).max(100_000).optional(),
  maturityOn: IsoDate.optional(),
  principalMinor: NonNegativeMinor.optional(),
  termMonths: z.number().int().min(1).max(600).optional(),
  daysPastDue: z.number().int().min(0).max(36_500).optional(),
  classification: LoanClassification.optional(),
  /** Loans: how they are repaid and the first instalment's date; with the term, they make the schedule. */
  repaymentMethod: RepaymentMethod.optional(),
  firstDueOn: IsoDate.optional(),
  limitMinor: NonNegativeMinor.optional(),
  usedMinor: NonNegativeMinor.optional(),
  units: Units.optional(),
  costMinor: NonNegativeMinor.optional(),
  marketValueMinor: NonNegativeMinor.optional(),
  riskLevel: ProductRiskLevel.optional(),
  assetClass: AssetClass.optional(),
  /** Where the account comes from (core_banking, wealth, cards…) and its id there. */
  source: z.string().trim().min(1).max(64).default('manual'),
  externalId: ExternalId.optional(),
});
export type AccountCreate = z.infer<typeof AccountCreate>;

/** Accounts from a source system, each for a client by id; at most 1,000 at a time. */
export const AccountBatch = z.strictObject({
  source: z.string().trim().min(1).max(64),
  accounts: z
    .array(AccountCreate.omit({ source: true }).extend({ clientId: Id, externalId: ExternalId }))
    .min(1, 'send at least one account')
    .max(1000, 'send at most 1,000 accounts per batch; split larger feeds'),
});
export type AccountBatch = z.infer<typeof AccountBatch>;

export const AccountBatchResult = z.object({
  received: z.number().int(),
  created: z.number().int(),
  /** Accounts already registered from this source (same number and client), their terms as before. */
  existing: z.number().int(),
  /**
   * Accounts already registered whose risk terms the source restated differently (days past due,
   * classification, limit, amount drawn): updated, and judged by the warning rules.
   */
  updated: z.number().int(),
});
export type AccountBatchResult = z.infer<typeof AccountBatchResult>;

/** An account as shown: the number masked, terms by kind (null where they do not apply). */
export const Account = z.object({
  id: Id,
  clientId: Id,
  kind: AccountKind,
  productName: z.string(),
  accountNo: z.string(),
  currency: z.string(),
  status: AccountStatus,
  openedOn: z.string(),
  closedOn: z.string().nullable(),
  balance: SignedMoney,
  /** The booking time of the newest transaction in the balance, if any. */
  balanceAsOf: z.string().nullable(),
  rateBp: z.number().int().nullable(),
  maturityOn: z.string().nullable(),
  principalMinor: z.number().int().nullable(),
  termMonths: z.number().int().nullable(),
  daysPastDue: z.number().int().nullable(),
  classification: LoanClassification.nullable(),
  repaymentMethod: RepaymentMethod.nullable(),
  firstDueOn: z.string().nullable(),
  limitMinor: z.number().int().nullable(),
  usedMinor: z.number().int().nullable(),
  units: z.string().nullable(),
  costMinor: z.number().int().nullable(),
  marketValueMinor: z.number().int().nullable(),
  riskLevel: ProductRiskLevel.nullable(),
  assetClass: AssetClass.nullable(),
  source: z.string(),
  updatedAt: z.string(),
});
export type Account = z.infer<typeof Account>;

export const AccountList = z.object({ items: z.array(Account) });
export type AccountList = z.infer<typeof AccountList>;

/** A collateral item pledged for a loan, as given by the user. */
export const CollateralCreate = z.strictObject({
  kind: CollateralKind,
  description: z
    .string()
    .trim()
    .min(1, 'is required: what it is and where, such as 上海市浦东新区…房产')
    .max(300),
  /** The appraised value in the loan's currency, in minor units. */
  appraisedValueMinor: z
    .number()
    .int('must be a whole number of minor units (fen): 12345 for ¥123.45')
    .positive('must be more than zero')
    .max(Number.MAX_SAFE_INTEGER),
  appraisedOn: IsoDate,
});
export type CollateralCreate = z.infer<typeof CollateralCreate>;

export const Collateral = z.object({
  id: Id,
  kind: CollateralKind,
  description: z.string(),
  appraisedValue: SignedMoney,
  appraisedOn: z.string(),
  /** The loan's outstanding over this item's value, in basis points (6000 = 60 %). */
  ltvBp: z.number().int().nullable(),
  createdAt: z.string(),
});
export type Collateral = z.infer<typeof Collateral>;

/** Links a guarantor relationship of the loan's client (kind guarantor, the client guaranteed) to the loan. */
export const LoanGuaranteeCreate = z.strictObject({ relationshipId: Id });
export type LoanGuaranteeCreate = z.infer<typeof LoanGuaranteeCreate>;

export const LoanGuarantee = z.object({
  relationshipId: Id,
  /** The guarantor: masked (no id) when outside the viewer's scope. */
  guarantor: z.object({
    id: Id.nullable(),
    name: z.string(),
    kind: ClientKind,
    visible: z.boolean(),
  }),
  amount: SignedMoney.nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  linkedAt: z.string(),
});
export type LoanGuarantee = z.infer<typeof LoanGuarantee>;

export const INSTALMENT_STATUSES = ['paid', 'due', 'overdue'] as const;
export const InstalmentStatus = z.enum(INSTALMENT_STATUSES);
export type InstalmentStatus = z.infer<typeof InstalmentStatus>;

export const Instalment = z.object({
  n: z.number().int(),
  dueOn: z.string(),
  principalMinor: z.number().int(),
  interestMinor: z.number().int(),
  totalMinor: z.number().int(),
  remainingMinor: z.number().int(),
  status: InstalmentStatus,
});
export type Instalment = z.infer<typeof Instalment>;

/**
 * An account with what secures it: for a loan with method, term, rate, principal and first due
 * date, its repayment schedule (each instalment's status from the outstanding and days past due);
 * its collateral, each with loan-to-value; the guarantees linked to it.
 */
export const AccountDetail = z.object({
  account: Account,
  schedule: z
    .object({
      method: RepaymentMethod,
      instalments: z.array(Instalment),
      /** Index of the next instalment not yet owed; null when none is left. */
      next: z.number().int().nullable(),
      totalInterestMinor: z.number().int(),
    })
    .nullable(),
  /** Why there is no schedule (the terms missing), when the account is a loan without one. */
  scheduleMissing: z.array(z.string()),
  collateral: z.array(Collateral),
  /** The outstanding over all collateral's value, in basis points; null without collateral. */
  ltvBp: z.number().int().nullable(),
  guarantees: z.array(LoanGuarantee),
});
export type AccountDetail = z.infer<typeof AccountDetail>;

export const TransactionItem = z.strictObject({
  externalId: ExternalId,
  /** Resolved to a registered account by its blind index. */
  accountNo: AccountNo,
  bookedAt: BookedAt,
  amountMinor: PositiveMinor,
  direction: TransactionDirection,
  currency: Currency,
  channel: TransactionChannel,
  category: TransactionCategory,
  /** ISO 18245 merchant category code (MCC), four digits. */
  merchantCategory: z
    .string()
    .regex(/^\d{4}$/, 'must be a four-digit merchant category code')
    .optional(),
  counterpartyName: z.string().trim().min(1).max(200).optional(),
  counterpartyAccount: AccountNo.optional(),
  /** The account's balance after this transaction, as the ledger states it: authoritative when newest. */
  balanceAfterMinor: SignedMinor.optional(),
  description: z.string().trim().max(500).optional(),
});
export type TransactionItem = z.infer<typeof TransactionItem>;

export const MAX_TRANSACTION_BATCH = 10_000;

export const TransactionBatch = z.strictObject({
  /** The sending system (core_banking, cards…): with each item's externalId, the idempotency key. */
  source: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9_.-]+$/, 'must be a short lower-case name such as core_banking'),
  transactions: z
    .array(TransactionItem)
    .min(1, 'send at least one transaction')
    .max(MAX_TRANSACTION_BATCH, 'send at most 10,000 transactions per batch; split larger feeds'),
});
export type TransactionBatch = z.infer<typeof TransactionBatch>;

export const TransactionBatchResult = z.object({
  received: z.number().int(),
  inserted: z.number().int(),
  /** Items stored before with the same content: a replay, recognised and skipped. */
  duplicates: z.number().int(),
  /** How many accounts the inserted transactions moved. */
  accounts: z.number().int(),
});
export type TransactionBatchResult = z.infer<typeof TransactionBatchResult>;

export const TransactionListQuery = z.strictObject({
  /** Bank-calendar days (Asia/Shanghai), inclusive. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  minAmountMinor: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  maxAmountMinor: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  category: TransactionCategory.optional(),
  channel: TransactionChannel.optional(),
  direction: TransactionDirection.optional(),
  accountId: z.coerce.number().int().positive().optional(),
  ...PageQuery,
});
export type TransactionListQuery = z.infer<typeof TransactionListQuery>;

export const Transaction = z.object({
  id: Id,
  accountId: Id,
  accountNo: z.string(),
  bookedAt: z.string(),
  amount: SignedMoney,
  direction: TransactionDirection,
  channel: TransactionChannel,
  category: TransactionCategory,
  merchantCategory: z.string().nullable(),
  /** Masked: enough to recognise, not to identify. */
  counterparty: z.object({ name: z.string().nullable(), accountNo: z.string().nullable() }).nullable(),
  balanceAfter: SignedMoney.nullable(),
  description: z.string().nullable(),
});
export type Transaction = z.infer<typeof Transaction>;
export const TransactionPage = pageOf(Transaction);
export type TransactionPage = z.infer<typeof TransactionPage>;

/** A client's finances, read from the rollups kept at ingest (never a scan of transactions). */
export const FinanceSummary = z.object({
  asOf: z.string(),
  /**
   * The last bank day the series and flows run through: today, or the client's last activity
   * when the file has been dormant for more than a year (its story is shown where it happened).
   */
  through: IsoDate,
  /** Assets held now (deposits and investments), per currency. */
  aum: z.array(SignedMoney),
  /** Owed now (loans and cards), per currency. */
  liabilities: z.array(SignedMoney),
  /** Closing assets and liabilities for every bank day of the last 24 months, per currency. */
  daily: z.array(
    z.object({
      currency: z.string(),
      points: z.array(
        z.object({ day: z.string(), assetsMinor: z.number().int(), liabilitiesMinor: z.number().int() }),
      ),
    }),
  ),
  /** In- and outflows by month (the last 12, this one included), category and direction. */
  monthlyFlows: z.array(
    z.object({
      month: z.string(),
      currency: z.string(),
      category: TransactionCategory,
      direction: TransactionDirection,
      amountMinor: z.number().int(),
      count: z.number().int(),
    }),
  ),
  /** Loans and cards owed, with the five-category classification and days past due. */
  loans: z.array(
    z.object({
      accountId: Id,
      kind: AccountKind,
      productName: z.string(),
      accountNo: z.string(),
      outstanding: SignedMoney,
      classification: LoanClassification.nullable(),
      daysPastDue: z.number().int().nullable(),
      maturityOn: z.string().nullable(),
    }),
  ),
  /** Cards and credit facilities: limit, drawn, and utilisation in basis points of the limit. */
  creditLines: z.array(
    z.object({
      accountId: Id,
      kind: AccountKind,
      productName: z.string(),
      accountNo: z.string(),
      currency: z.string(),
      limitMinor: z.number().int(),
      usedMinor: z.number().int(),
      utilisationBp: z.number().int().nullable(),
    }),
  ),
  holdings: z.array(
    z.object({
      assetClass: AssetClass,
      currency: z.string(),
      accounts: z.number().int(),
      balanceMinor: z.number().int(),
      costMinor: z.number().int().nullable(),
      marketValueMinor: z.number().int().nullable(),
    }),
  ),
  /** The largest counterparties of the last 12 months by amount, masked; `key` is only for this answer. */
  topCounterparties: z.array(
    z.object({
      key: z.string(),
      name: z.string().nullable(),
      accountNo: z.string(),
      currency: z.string(),
      inflowMinor: z.number().int(),
      outflowMinor: z.number().int(),
      count: z.number().int(),
    }),
  ),
});
export type FinanceSummary = z.infer<typeof FinanceSummary>;
