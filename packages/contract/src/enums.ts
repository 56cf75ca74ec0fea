import { z } from 'zod';

export const ROLES = [
  'admin',
  'branch_manager',
  'team_lead',
  'rm',
  'risk_officer',
  'compliance',
  'analyst',
  /** A system user the core banking system signs in as to send transactions; it reads nothing. */
  'integration',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const CLIENT_KINDS = ['individual', 'corporate'] as const;
export const ClientKind = z.enum(CLIENT_KINDS);
export type ClientKind = z.infer<typeof ClientKind>;

/** Service tiers, highest first. */
export const TIERS = ['private', 'diamond', 'platinum', 'gold', 'standard'] as const;
export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;

export const CLIENT_STATUSES = ['prospect', 'active', 'dormant', 'closed'] as const;
export const ClientStatus = z.enum(CLIENT_STATUSES);
export type ClientStatus = z.infer<typeof ClientStatus>;

export const Gender = z.enum(['male', 'female']);
export type Gender = z.infer<typeof Gender>;

export const ID_TYPES = [
  'resident_id',
  'passport',
  'hk_macao_permit',
  'taiwan_permit',
  'foreign_permanent_resident',
] as const;
export const IdType = z.enum(ID_TYPES);
export type IdType = z.infer<typeof IdType>;

export const INCOME_BANDS = ['lt_100k', '100k_300k', '300k_1m', '1m_5m', 'gt_5m'] as const;
export const IncomeBand = z.enum(INCOME_BANDS);
export type IncomeBand = z.infer<typeof IncomeBand>;

export const MaritalStatus = z.enum(['single', 'married', 'divorced', 'widowed']);
export type MaritalStatus = z.infer<typeof MaritalStatus>;

export const Education = z.enum([
  'below_high_school',
  'high_school',
  'associate',
  'bachelor',
  'master',
  'doctorate',
]);
export type Education = z.infer<typeof Education>;

export const RISK_TOLERANCES = ['C1', 'C2', 'C3', 'C4', 'C5'] as const;
export const RiskTolerance = z.enum(RISK_TOLERANCES);
export type RiskTolerance = z.infer<typeof RiskTolerance>;

export const ListedStatus = z.enum(['unlisted', 'listed_a', 'listed_hk', 'listed_overseas', 'neeq']);
export type ListedStatus = z.infer<typeof ListedStatus>;

export const CREDIT_RATINGS = ['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC', 'CC', 'C', 'D'] as const;
export const CreditRating = z.enum(CREDIT_RATINGS);
export type CreditRating = z.infer<typeof CreditRating>;

/** Where a profile fact came from. */
export const FIELD_SOURCES = ['manual', 'import', 'core_banking', 'kyc', 'client_self'] as const;
export const FieldSource = z.enum(FIELD_SOURCES);
export type FieldSource = z.infer<typeof FieldSource>;

/** Fields whose clear value is class C2 personal financial information (JR/T 0171-2020). */
export const SENSITIVE_FIELDS = ['idNumber', 'mobile', 'email', 'address', 'annualIncomeBand'] as const;
export const SensitiveField = z.enum(SENSITIVE_FIELDS);
export type SensitiveField = z.infer<typeof SensitiveField>;

/** Anti-money-laundering (KYC) risk rating: it sets how often the file is reviewed. */
export const KYC_RISK_RATINGS = ['low', 'medium', 'high'] as const;
export const KycRiskRating = z.enum(KYC_RISK_RATINGS);
export type KycRiskRating = z.infer<typeof KycRiskRating>;
