import { z } from 'zod';
import { LoanClassification } from './accounts.ts';
import { Id, IsoDate, Money } from './common.ts';
import { ClientKind, Tier } from './enums.ts';

/**
 * Kinds of link between two clients, read "from … to": from is the spouse of to; from is a parent
 * of to; from holds shares in to; from is the legal representative / actual controller of to; from
 * is the parent company of to; from guarantees to's obligations. Symmetric kinds read both ways.
 */
export const RELATIONSHIP_KINDS = [
  'spouse',
  'parent',
  'household_member',
  'shareholder',
  'legal_representative',
  'actual_controller',
  'parent_company',
  'related_party',
  'guarantor',
] as const;
export const RelationshipKind = z.enum(RELATIONSHIP_KINDS);
export type RelationshipKind = z.infer<typeof RelationshipKind>;

export const SYMMETRIC_KINDS: readonly RelationshipKind[] = ['spouse', 'household_member', 'related_party'];
export const HOUSEHOLD_KINDS: readonly RelationshipKind[] = ['spouse', 'parent', 'household_member'];
export const GROUP_KINDS: readonly RelationshipKind[] = [
  'parent_company',
  'shareholder',
  'actual_controller',
  'legal_representative',
];

export const RelationshipCreate = z.strictObject({
  toClientId: Id,
  kind: RelationshipKind,
  /** Shareholding in percent with at most two decimals (25.5 = 25.50 %). Shareholders only. */
  sharePct: z.number().gt(0).max(100).multipleOf(0.01).optional(),
  /** Guaranteed amount. Guarantors only. */
  amount: Money.optional(),
  startsOn: IsoDate.optional(),
  endsOn: IsoDate.optional(),
  note: z.string().trim().max(200).optional(),
});
export type RelationshipCreate = z.infer<typeof RelationshipCreate>;

/** A related client as the viewer may see it: in scope in full, otherwise a masked placeholder. */
export const RelatedParty = z.object({
  /** Null when outside the viewer's scope: the placeholder is not clickable. */
  id: Id.nullable(),
  code: z.string().nullable(),
  name: z.string(),
  kind: ClientKind,
  tier: Tier.nullable(),
  visible: z.boolean(),
});
export type RelatedParty = z.infer<typeof RelatedParty>;

export const Relationship = z.object({
  id: Id,
  kind: RelationshipKind,
  from: RelatedParty,
  to: RelatedParty,
  sharePct: z.number().nullable(),
  amount: Money.nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type Relationship = z.infer<typeof Relationship>;

/** The client's direct links, as a graph: nodes (the client first) and edges. */
export const RelationshipGraph = z.object({
  nodes: z.array(RelatedParty.extend({ key: z.string(), center: z.boolean() })),
  edges: z.array(
    z.object({
      id: Id,
      kind: RelationshipKind,
      source: z.string(),
      target: z.string(),
      sharePct: z.number().nullable(),
      amount: Money.nullable(),
    }),
  ),
  relationships: z.array(Relationship),
});
export type RelationshipGraph = z.infer<typeof RelationshipGraph>;

export const HouseholdView = z.object({
  members: z.array(RelatedParty.extend({ roles: z.array(z.string()) })),
  totals: z.object({ members: z.number().int(), visibleMembers: z.number().int() }),
});
export type HouseholdView = z.infer<typeof HouseholdView>;

export const GroupView = z.object({
  /** Top of the group: the company (or person) no one in the group controls. */
  apex: RelatedParty.nullable(),
  members: z.array(RelatedParty.extend({ roles: z.array(z.string()), depth: z.number().int() })),
  totals: z.object({
    companies: z.number().int(),
    registeredCapital: Money.nullable(),
    annualRevenue: Money.nullable(),
    employees: z.number().int(),
  }),
});
export type GroupView = z.infer<typeof GroupView>;

/**
 * Money held, owed and granted in one currency (currencies are never added together), from the
 * accounts' current balances; closed accounts left out. Assets: deposits and investments (AUM).
 * Liabilities: loans and cards owed. Facilities: credit facilities' limits and what is drawn.
 */
export const GroupFinanceFigures = z.object({
  currency: z.string(),
  depositsMinor: z.number().int(),
  investmentsMinor: z.number().int(),
  assetsMinor: z.number().int(),
  loansMinor: z.number().int(),
  cardsMinor: z.number().int(),
  liabilitiesMinor: z.number().int(),
  facilityLimitMinor: z.number().int(),
  facilityUsedMinor: z.number().int(),
  /** Drawn over limit in basis points; null without a limit. */
  utilisationBp: z.number().int().nullable(),
});
export type GroupFinanceFigures = z.infer<typeof GroupFinanceFigures>;

/** Open loans by five-category classification; every class listed, normal first. */
export const LoanClassCounts = z.array(
  z.object({ classification: LoanClassification, count: z.number().int() }),
);
export type LoanClassCounts = z.infer<typeof LoanClassCounts>;

export const GroupFinanceMember = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  /** Open accounts, files merged into the company included. */
  accounts: z.number().int(),
  figures: z.array(GroupFinanceFigures),
  loans: LoanClassCounts,
  /** Open loans classified special mention (关注) or worse. */
  watchLoans: z.number().int(),
});
export type GroupFinanceMember = z.infer<typeof GroupFinanceMember>;

/**
 * The group's money: the companies of the group the viewer may see, each and in total. Companies
 * outside the viewer's scope are only counted (`hiddenCompanies`): their figures are neither shown
 * nor added in, since a total less the visible figures would reveal a lone hidden member's.
 * Individuals in the group (controllers, legal representatives) are not the group's business:
 * their personal accounts are left out.
 */
export const GroupFinance = z.object({
  asOf: z.string(),
  /** Companies in the group, visible or not. */
  companies: z.number().int(),
  /** Companies outside the viewer's scope: not included in the totals. */
  hiddenCompanies: z.number().int(),
  totals: z.array(GroupFinanceFigures),
  loans: LoanClassCounts,
  watchLoans: z.number().int(),
  /** Visible companies, the apex first, then by depth in the group. */
  members: z.array(GroupFinanceMember),
});
export type GroupFinance = z.infer<typeof GroupFinance>;

export const GuaranteeEdge = z.object({
  guarantor: z.string(),
  guaranteed: z.string(),
  amount: Money.nullable(),
});

export const GuaranteeCircleView = z.object({
  /** Members of the cycle this client sits in (empty when it is in none). */
  circle: z.array(z.string()),
  /** Who pays if the client (or its circle) defaults: guarantors, transitively. */
  exposedGuarantors: z.array(z.string()),
  /** Whose default would fall on the client: those it guarantees, transitively. */
  guaranteedChain: z.array(z.string()),
  parties: z.array(RelatedParty.extend({ key: z.string() })),
  edges: z.array(GuaranteeEdge),
  totalGuaranteed: Money.nullable(),
});
export type GuaranteeCircleView = z.infer<typeof GuaranteeCircleView>;

export const GuaranteeCircleList = z.object({
  items: z.array(
    z.object({
      members: z.array(RelatedParty),
      size: z.number().int(),
      totalGuaranteed: Money.nullable(),
    }),
  ),
  total: z.number().int(),
});
export type GuaranteeCircleList = z.infer<typeof GuaranteeCircleList>;
