import type {
  ClientDetail,
  ClientKind,
  ClientStatus,
  ClientSummary,
  CreditRating,
  Education,
  Gender,
  IdType,
  KycRiskRating,
  ListedStatus,
  MaritalStatus,
  Provenance,
  RiskTolerance,
  SensitiveField,
  Tier,
} from '@dossier/contract';
import type { Vault } from '../../core/crypto.ts';
import { MASKED, maskAddress, maskEmail, maskIdNumber, maskPhone } from '../../core/masking.ts';
import type { ClientDetailRow, ClientSummaryRow } from './clients.repo.ts';
import { kycReviewDueOn } from './clients.review-cycle.ts';

/** `C00001234`: the client number people read out on the phone. */
export function formatClientCode(id: number): string {
  return `C${String(id).padStart(8, '0')}`;
}

/** The id behind a client number (`C00001234`, `c1234`), or null. */
export function parseClientCode(code: string): number | null {
  const m = /^[Cc](\d{1,12})$/.exec(code);
  if (!m) return null;
  const n = Number(m[1]);
  return n > 0 ? n : null;
}

const open = (vault: Vault, sealed: string | null) => (sealed === null ? null : vault.decrypt(sealed));

/** How each sensitive field is shown masked. */
export const MASKERS: Record<SensitiveField, (v: string) => string> = {
  idNumber: maskIdNumber,
  mobile: maskPhone,
  email: maskEmail,
  address: maskAddress,
  annualIncomeBand: () => MASKED,
};

export function presentSummary(r: ClientSummaryRow, vault: Vault): ClientSummary {
  const idNumber = open(vault, r.id_number_enc);
  const mobile = open(vault, r.mobile_enc);
  return {
    id: Number(r.id),
    code: formatClientCode(Number(r.id)),
    kind: r.kind as ClientKind,
    name: r.name,
    tier: r.tier as Tier,
    status: r.status as ClientStatus,
    tags: JSON.parse(r.tags) as string[],
    owner: { id: Number(r.owner_id), displayName: r.owner_name },
    branch: { id: Number(r.branch_id), name: r.branch_name },
    identifier: idNumber ? maskIdNumber(idNumber) : r.credit_code,
    mobile: mobile ? maskPhone(mobile) : null,
    updatedAt: r.updated_at,
  };
}

const money = (minor: number | null, ccy: string | null) =>
  minor === null || ccy === null ? null : { minor: Number(minor), currency: ccy };

export function presentDetail(
  r: ClientDetailRow,
  extra: {
    contacts: {
      id: number;
      name: string;
      role: string | null;
      phone_enc: string | null;
      email_enc: string | null;
    }[];
    coServicing: { id: number; display_name: string }[];
    canReveal: boolean;
    canEdit: boolean;
  },
  vault: Vault,
): ClientDetail {
  const clear: Record<SensitiveField, string | null> = {
    idNumber: open(vault, r.id_number_enc),
    mobile: open(vault, r.mobile_enc),
    email: open(vault, r.email_enc),
    address: open(vault, r.address_enc),
    annualIncomeBand: open(vault, r.income_band_enc),
  };
  const masked = (f: SensitiveField) => (clear[f] === null ? null : MASKERS[f](clear[f]));
  return {
    id: Number(r.id),
    code: formatClientCode(Number(r.id)),
    kind: r.kind as ClientKind,
    name: r.name,
    tier: r.tier as Tier,
    status: r.status as ClientStatus,
    tags: JSON.parse(r.tags) as string[],
    owner: { id: Number(r.owner_id), displayName: r.owner_name },
    branch: { id: Number(r.branch_id), name: r.branch_name },
    team: { id: Number(r.team_id), name: r.team_name },
    identifier: clear.idNumber ? maskIdNumber(clear.idNumber) : r.credit_code,
    mobile: masked('mobile'),
    updatedAt: r.updated_at,
    gender: r.gender as Gender | null,
    birthDate: r.birth_date,
    idType: r.id_type as IdType | null,
    idNumber: masked('idNumber'),
    email: masked('email'),
    address: masked('address'),
    occupation: r.occupation,
    employer: r.employer,
    annualIncomeBand: masked('annualIncomeBand'),
    maritalStatus: r.marital_status as MaritalStatus | null,
    education: r.education as Education | null,
    riskTolerance: r.risk_tolerance as RiskTolerance | null,
    riskAssessedOn: r.risk_assessed_on,
    creditCode: r.credit_code,
    industryCode: r.industry_code,
    registeredCapital: money(r.registered_capital_minor, r.registered_capital_ccy),
    foundedOn: r.founded_on,
    legalRepresentative: r.legal_representative,
    annualRevenue: money(r.annual_revenue_minor, r.annual_revenue_ccy),
    employees: r.employees === null ? null : Number(r.employees),
    listedStatus: r.listed_status as ListedStatus | null,
    creditRating: r.credit_rating as CreditRating | null,
    kycRiskRating: r.kyc_risk_rating as KycRiskRating | null,
    kycReviewedOn: r.kyc_reviewed_on,
    kycReviewDueOn: kycReviewDueOn(r),
    contacts: extra.contacts.map((c) => {
      const phone = open(vault, c.phone_enc);
      const email = open(vault, c.email_enc);
      return {
        id: Number(c.id),
        name: c.name,
        role: c.role,
        phone: phone && maskPhone(phone),
        email: email && maskEmail(email),
      };
    }),
    coServicing: extra.coServicing.map((u) => ({ id: Number(u.id), displayName: u.display_name })),
    provenance: JSON.parse(r.provenance) as Record<string, Provenance>,
    maskedFields: (Object.keys(clear) as SensitiveField[]).filter((f) => clear[f] !== null),
    canReveal: extra.canReveal,
    canEdit: extra.canEdit,
    version: Number(r.version),
    createdAt: r.created_at,
  };
}
