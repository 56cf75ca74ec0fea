import { z } from 'zod';
import { Id, IsoDate, Money, PageQuery, pageOf } from './common.ts';
import {
  ClientKind,
  ClientStatus,
  CreditRating,
  Education,
  FieldSource,
  Gender,
  IdType,
  IncomeBand,
  KycRiskRating,
  ListedStatus,
  MaritalStatus,
  RiskTolerance,
  SensitiveField,
  Tier,
} from './enums.ts';
import { isIndustryCode, isMainlandMobile } from './validators.ts';

const Name = z.string().trim().min(1, 'is required').max(100);
const Text = (max: number) => z.string().trim().max(max);
const Mobile = z
  .string()
  .trim()
  .refine(isMainlandMobile, 'must be an 11-digit mainland mobile number such as 13812345678');
const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be an e-mail address such as name@example.com' }));
const Tags = z.array(z.string().trim().min(1).max(20)).max(20);

/**
 * A contact as written. In an edit, `id` names an existing contact: its phone and e-mail are kept
 * when left out (they are shown masked, so the editor cannot send them back), and cleared by null.
 */
export const ContactInput = z.strictObject({
  id: z.number().int().positive().optional(),
  name: Name,
  role: Text(50).optional(),
  phone: z
    .union(
      [
        Mobile,
        z
          .string()
          .trim()
          .regex(/^0\d{2,3}-?\d{7,8}$/),
      ],
      {
        message: 'must be a mobile number or a landline such as 010-12345678',
      },
    )
    .nullable()
    .optional(),
  email: Email.nullable().optional(),
});
export type ContactInput = z.infer<typeof ContactInput>;

/** Provenance of the facts being written: where they came from and as of which date. */
const ProvenanceInput = {
  source: FieldSource.optional(),
  asOf: IsoDate.optional(),
};

const Servicing = {
  kycRiskRating: KycRiskRating.optional(),
  tier: Tier.optional(),
  status: ClientStatus.optional(),
  tags: Tags.optional(),
  ownerId: Id.optional(),
  coServicingIds: z.array(Id).max(10).optional(),
};

export const IndividualFields = {
  gender: Gender.optional(),
  birthDate: IsoDate.optional(),
  idType: IdType,
  idNumber: z.string().trim().toUpperCase().min(5).max(32),
  mobile: Mobile.optional(),
  email: Email.optional(),
  address: Text(200).optional(),
  occupation: Text(50).optional(),
  employer: Text(100).optional(),
  annualIncomeBand: IncomeBand.optional(),
  maritalStatus: MaritalStatus.optional(),
  education: Education.optional(),
  riskTolerance: RiskTolerance.optional(),
  riskAssessedOn: IsoDate.optional(),
};

export const CorporateFields = {
  creditCode: z.string().trim().toUpperCase(),
  industryCode: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isIndustryCode, 'must be a GB/T 4754 code such as C39 or J6620'),
  registeredCapital: Money.optional(),
  foundedOn: IsoDate.optional(),
  legalRepresentative: Text(50).optional(),
  annualRevenue: Money.optional(),
  employees: z.number().int().min(0).max(10_000_000).optional(),
  listedStatus: ListedStatus.optional(),
  creditRating: CreditRating.optional(),
  contacts: z.array(ContactInput).max(20).optional(),
};

/** The facts only an individual has, and those only a company has (kept in sync with the schemas above). */
export type IndividualField = keyof typeof IndividualFields;
export type CorporateField = keyof typeof CorporateFields;
export const INDIVIDUAL_FIELDS = Object.keys(IndividualFields) as readonly IndividualField[];
export const CORPORATE_FIELDS = Object.keys(CorporateFields) as readonly CorporateField[];

export const IndividualCreate = z.strictObject({
  kind: z.literal('individual'),
  name: Name,
  ...IndividualFields,
  ...Servicing,
  ...ProvenanceInput,
});
export const CorporateCreate = z.strictObject({
  kind: z.literal('corporate'),
  name: Name,
  ...CorporateFields,
  ...Servicing,
  ...ProvenanceInput,
});
export const ClientCreate = z.discriminatedUnion('kind', [IndividualCreate, CorporateCreate]);
export type ClientCreate = z.infer<typeof ClientCreate>;
export type IndividualCreate = z.infer<typeof IndividualCreate>;
export type CorporateCreate = z.infer<typeof CorporateCreate>;

/** A partial edit. Fields of the other kind are refused by the service (`client.kind_mismatch`). */
export const ClientPatch = z.strictObject({
  name: Name.optional(),
  ...Object.fromEntries(Object.entries(IndividualFields).map(([k, v]) => [k, v.optional().nullable()])),
  ...Object.fromEntries(Object.entries(CorporateFields).map(([k, v]) => [k, v.optional().nullable()])),
  kycRiskRating: KycRiskRating.optional(),
  tier: Tier.optional(),
  status: ClientStatus.optional(),
  tags: Tags.optional(),
  coServicingIds: z.array(Id).max(10).optional(),
  ...ProvenanceInput,
}) as unknown as z.ZodType<ClientPatch>;
export type ClientPatch = {
  name?: string;
  kycRiskRating?: KycRiskRating;
  gender?: z.infer<typeof Gender> | null;
  birthDate?: string | null;
  idType?: z.infer<typeof IdType> | null;
  idNumber?: string | null;
  mobile?: string | null;
  email?: string | null;
  address?: string | null;
  occupation?: string | null;
  employer?: string | null;
  annualIncomeBand?: z.infer<typeof IncomeBand> | null;
  maritalStatus?: z.infer<typeof MaritalStatus> | null;
  education?: z.infer<typeof Education> | null;
  riskTolerance?: z.infer<typeof RiskTolerance> | null;
  riskAssessedOn?: string | null;
  creditCode?: string | null;
  industryCode?: string | null;
  registeredCapital?: Money | null;
  foundedOn?: string | null;
  legalRepresentative?: string | null;
  annualRevenue?: Money | null;
  employees?: number | null;
  listedStatus?: z.infer<typeof ListedStatus> | null;
  creditRating?: z.infer<typeof CreditRating> | null;
  contacts?: ContactInput[] | null;
  tier?: z.infer<typeof Tier>;
  status?: z.infer<typeof ClientStatus>;
  tags?: string[];
  coServicingIds?: number[];
  source?: z.infer<typeof FieldSource>;
  asOf?: string;
};

export const ClientListQuery = z.strictObject({
  q: z.string().trim().max(64).optional(),
  kind: ClientKind.optional(),
  tier: Tier.optional(),
  status: ClientStatus.optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  ...PageQuery,
});
export type ClientListQuery = z.infer<typeof ClientListQuery>;

export const UserRef = z.object({ id: Id, displayName: z.string() });

export const ClientSummary = z.object({
  id: Id,
  code: z.string(),
  kind: ClientKind,
  name: z.string(),
  tier: Tier,
  status: ClientStatus,
  tags: z.array(z.string()),
  owner: UserRef,
  branch: z.object({ id: Id, name: z.string() }),
  /** Masked: `110***********1234` or the credit code (not personal data). */
  identifier: z.string().nullable(),
  mobile: z.string().nullable(),
  updatedAt: z.string(),
});
export type ClientSummary = z.infer<typeof ClientSummary>;
export const ClientPage = pageOf(ClientSummary);
export type ClientPage = z.infer<typeof ClientPage>;

export const Provenance = z.object({ source: FieldSource, asOf: IsoDate });
export type Provenance = z.infer<typeof Provenance>;

export const Contact = z.object({
  id: Id,
  name: z.string(),
  role: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

export const ClientDetail = ClientSummary.extend({
  gender: Gender.nullable(),
  birthDate: z.string().nullable(),
  idType: IdType.nullable(),
  idNumber: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  occupation: z.string().nullable(),
  employer: z.string().nullable(),
  annualIncomeBand: z.string().nullable(),
  maritalStatus: MaritalStatus.nullable(),
  education: Education.nullable(),
  riskTolerance: RiskTolerance.nullable(),
  riskAssessedOn: z.string().nullable(),
  creditCode: z.string().nullable(),
  industryCode: z.string().nullable(),
  registeredCapital: Money.nullable(),
  foundedOn: z.string().nullable(),
  legalRepresentative: z.string().nullable(),
  annualRevenue: Money.nullable(),
  employees: z.number().nullable(),
  listedStatus: ListedStatus.nullable(),
  creditRating: CreditRating.nullable(),
  /** Anti-money-laundering risk rating, which sets the periodic KYC review cycle. */
  kycRiskRating: KycRiskRating.nullable(),
  kycReviewedOn: z.string().nullable(),
  /** When the next periodic review is due (null without a rating). */
  kycReviewDueOn: z.string().nullable(),
  contacts: z.array(Contact),
  team: z.object({ id: Id, name: z.string() }),
  coServicing: z.array(UserRef),
  /** Source and as-of date of each profile field that has a value. */
  provenance: z.record(z.string(), Provenance),
  /** Sensitive fields that hold a value and are shown masked. */
  maskedFields: z.array(SensitiveField),
  canReveal: z.boolean(),
  canEdit: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type ClientDetail = z.infer<typeof ClientDetail>;

export const RevealRequest = z.strictObject({
  field: z.enum([...SensitiveField.options, 'contactPhone', 'contactEmail']),
  contactId: Id.optional(),
  purpose: z.string().trim().min(4, 'state why you need the clear value (at least 4 characters)').max(200),
});
export type RevealRequest = z.infer<typeof RevealRequest>;
export const RevealResponse = z.object({ field: z.string(), value: z.string().nullable() });

export const TransferRequest = z.strictObject({
  toOwnerId: Id,
  reason: z.string().trim().min(4, 'give the reason for the transfer').max(200),
});
export type TransferRequest = z.infer<typeof TransferRequest>;

export const SuggestQuery = z.strictObject({
  q: z.string().trim().min(1).max(64),
  limit: z.coerce.number().int().min(1).max(20).default(10),
});
export const Suggestion = z.object({
  id: Id,
  code: z.string(),
  kind: ClientKind,
  name: z.string(),
  tier: Tier,
  /** Why it matched: name, pinyin, initials, code, id_number, mobile, credit_code. */
  matchedOn: z.string(),
});
export const SuggestResponse = z.object({ items: z.array(Suggestion) });
export type Suggestion = z.infer<typeof Suggestion>;

/** How complete and how current a profile is, and what to fix. */
export const ProfileQuality = z.object({
  completeness: z.number().int().min(0).max(100),
  freshness: z.number().int().min(0).max(100),
  issues: z.array(
    z.object({
      field: z.string(),
      problem: z.enum(['missing', 'stale']),
      /** For stale facts: as of when, and the age limit in months. */
      asOf: z.string().nullable(),
      maxAgeMonths: z.number().int().nullable(),
    }),
  ),
  /** The first day a fact now current goes stale (null when none will). */
  nextDueOn: z.string().nullable(),
});
export type ProfileQuality = z.infer<typeof ProfileQuality>;

export const ProfilesNeedingUpdate = z.object({
  items: z.array(
    z.object({
      id: Id,
      code: z.string(),
      name: z.string(),
      kind: ClientKind,
      tier: Tier,
      owner: UserRef,
      quality: ProfileQuality,
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ProfilesNeedingUpdate = z.infer<typeof ProfilesNeedingUpdate>;

/** One field's change, as the audit trail recorded it (sensitive values masked). */
export const FieldChange = z.object({
  at: z.string(),
  actor: z.object({ id: Id, displayName: z.string() }).nullable(),
  action: z.string(),
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  /** manual, import, kyc, core_banking… */
  source: z.string().nullable(),
});
export const FieldHistory = z.object({ items: z.array(FieldChange), total: z.number().int() });
export type FieldHistory = z.infer<typeof FieldHistory>;

/** A periodic KYC review: the facts confirmed as still true, and the risk rating it settles on. */
export const KycReviewRequest = z.strictObject({
  riskRating: KycRiskRating,
  confirmedFields: z.array(z.string().max(40)).max(40),
  note: z.string().trim().max(500).optional(),
});
export type KycReviewRequest = z.infer<typeof KycReviewRequest>;
