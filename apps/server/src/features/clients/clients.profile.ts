import {
  CORPORATE_FIELDS,
  type ClientKind,
  INDIVIDUAL_FIELDS,
  type ContactInput,
  type FieldSource,
  type Money,
  type Provenance,
  type SensitiveField,
  isMainlandMobile,
  residentIdFacts,
  residentIdProblem,
  usccProblem,
} from '@dossier/contract';
import type { Vault } from '../../core/crypto.ts';
import type { FieldIssue } from '../../core/errors.ts';
import type { ClientTable } from '../../db/schema.ts';
import type { ClientRow, ClientUpdate } from './clients.repo.ts';
import { MASKERS } from './clients.present.ts';
import { nameSearchKeys } from './search-keys.ts';
import { bankToday } from '../../finance/ledger.ts';

/**
 * A client profile as the service reasons about it: clear values, camelCase, one key per field.
 * This module maps it to and from table columns (encrypting and indexing the sensitive ones) and
 * validates it as a bank would. It does no I/O.
 */
export type Profile = Partial<{
  name: string;
  gender: string | null;
  birthDate: string | null;
  idType: string | null;
  idNumber: string | null;
  mobile: string | null;
  email: string | null;
  address: string | null;
  occupation: string | null;
  employer: string | null;
  annualIncomeBand: string | null;
  maritalStatus: string | null;
  education: string | null;
  riskTolerance: string | null;
  riskAssessedOn: string | null;
  creditCode: string | null;
  industryCode: string | null;
  registeredCapital: Money | null;
  foundedOn: string | null;
  legalRepresentative: string | null;
  annualRevenue: Money | null;
  employees: number | null;
  listedStatus: string | null;
  creditRating: string | null;
  kycRiskRating: string | null;
  tier: string;
  status: string;
  tags: string[];
}>;
export type ProfileField = keyof Profile;

const PLAIN = {
  name: 'name',
  gender: 'gender',
  birthDate: 'birth_date',
  idType: 'id_type',
  occupation: 'occupation',
  employer: 'employer',
  maritalStatus: 'marital_status',
  education: 'education',
  riskTolerance: 'risk_tolerance',
  riskAssessedOn: 'risk_assessed_on',
  creditCode: 'credit_code',
  industryCode: 'industry_code',
  foundedOn: 'founded_on',
  legalRepresentative: 'legal_representative',
  employees: 'employees',
  listedStatus: 'listed_status',
  creditRating: 'credit_rating',
  kycRiskRating: 'kyc_risk_rating',
  tier: 'tier',
  status: 'status',
} as const satisfies Partial<Record<ProfileField, keyof ClientTable>>;

/** Sensitive fields: encrypted column and, for those looked up by exact value, a blind index. */
const SEALED: Record<SensitiveField, { enc: keyof ClientTable; hash: keyof ClientTable | null }> = {
  idNumber: { enc: 'id_number_enc', hash: 'id_number_hash' },
  mobile: { enc: 'mobile_enc', hash: 'mobile_hash' },
  email: { enc: 'email_enc', hash: 'email_hash' },
  address: { enc: 'address_enc', hash: null },
  annualIncomeBand: { enc: 'income_band_enc', hash: null },
};

const MONEY = {
  registeredCapital: ['registered_capital_minor', 'registered_capital_ccy'],
  annualRevenue: ['annual_revenue_minor', 'annual_revenue_ccy'],
} as const;

export const INDIVIDUAL_ONLY: ReadonlySet<string> = new Set(INDIVIDUAL_FIELDS);
export const CORPORATE_ONLY: ReadonlySet<string> = new Set(CORPORATE_FIELDS);
const REQUIRED: Record<ClientKind, string[]> = {
  individual: ['name', 'idType', 'idNumber'],
  corporate: ['name', 'creditCode', 'industryCode'],
};

/** Normalised lookup keys, so `Name@Example.com` and `name@example.com` meet. */
export function blindKey(field: 'idNumber' | 'mobile' | 'email', value: string): [string, string] {
  const kind = field === 'idNumber' ? 'id_number' : field;
  return [kind, field === 'email' ? value.trim().toLowerCase() : value.trim().toUpperCase()];
}

export function isSensitive(f: string): f is SensitiveField {
  return f in SEALED;
}

/** Column values for the given profile fields (only those present in `p`). */
export function profileColumns(p: Profile, vault: Vault): ClientUpdate {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(p) as [ProfileField, unknown][]) {
    if (value === undefined) continue;
    if (field in PLAIN) out[PLAIN[field as keyof typeof PLAIN]] = value;
    else if (isSensitive(field)) {
      const s = SEALED[field];
      out[s.enc] = value === null ? null : vault.encrypt(String(value));
      if (s.hash)
        out[s.hash] =
          value === null ? null : vault.blindIndex(...blindKey(field as 'idNumber', String(value)));
    } else if (field in MONEY) {
      const [minor, ccy] = MONEY[field as keyof typeof MONEY];
      const m = value as Money | null;
      out[minor] = m?.minor ?? null;
      out[ccy] = m?.currency ?? null;
    } else if (field === 'tags') out.tags = JSON.stringify(value);
  }
  if (typeof p.name === 'string') {
    const keys = nameSearchKeys(p.name);
    out.name_pinyin = keys.pinyin;
    out.name_initials = keys.initials;
  }
  return out as ClientUpdate;
}

/** The clear profile of a stored row (decrypts the sensitive fields). */
export function profileOfRow(r: ClientRow, vault: Vault): Profile {
  const open = (v: string | null) => (v === null ? null : vault.decrypt(v));
  const money = (minor: number | null, ccy: string | null) =>
    minor === null || ccy === null ? null : { minor: Number(minor), currency: ccy };
  return {
    name: r.name,
    gender: r.gender,
    birthDate: r.birth_date,
    idType: r.id_type,
    idNumber: open(r.id_number_enc),
    mobile: open(r.mobile_enc),
    email: open(r.email_enc),
    address: open(r.address_enc),
    occupation: r.occupation,
    employer: r.employer,
    annualIncomeBand: open(r.income_band_enc),
    maritalStatus: r.marital_status,
    education: r.education,
    riskTolerance: r.risk_tolerance,
    riskAssessedOn: r.risk_assessed_on,
    creditCode: r.credit_code,
    industryCode: r.industry_code,
    registeredCapital: money(r.registered_capital_minor, r.registered_capital_ccy),
    foundedOn: r.founded_on,
    legalRepresentative: r.legal_representative,
    annualRevenue: money(r.annual_revenue_minor, r.annual_revenue_ccy),
    employees: r.employees === null ? null : Number(r.employees),
    listedStatus: r.listed_status,
    creditRating: r.credit_rating,
    kycRiskRating: r.kyc_risk_rating,
    tier: r.tier,
    status: r.status,
    tags: JSON.parse(r.tags) as string[],
  };
}

/**
 * Fills what a resident ID number states (birth date, gender) when not given.
 * Returns the fields it derived.
 */
export function deriveFromIdNumber(p: Profile, touched: Set<string>): void {
  if (p.idType !== 'resident_id' || !p.idNumber || residentIdProblem(p.idNumber) !== null) return;
  if (!touched.has('idNumber')) return;
  const facts = residentIdFacts(p.idNumber);
  if (!touched.has('birthDate')) {
    p.birthDate = facts.birthDate;
    touched.add('birthDate');
  }
  if (!touched.has('gender')) {
    p.gender = facts.gender;
    touched.add('gender');
  }
}

/** What is wrong with a complete profile, field by field. `today` is YYYY-MM-DD. */
export function profileIssues(
  kind: ClientKind,
  p: Profile,
  contacts: ContactInput[] | null,
  now: Date,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const today = bankToday(now);
  const add = (field: string, message: string) => issues.push({ field, message });
  for (const f of REQUIRED[kind]) {
    const v = p[f as ProfileField];
    if (v === null || v === undefined || v === '') add(f, 'is required');
  }
  const notFuture = (f: 'birthDate' | 'riskAssessedOn' | 'foundedOn') => {
    const v = p[f];
    if (v && v > today) add(f, 'cannot be in the future');
  };
  if (kind === 'individual') {
    if (p.idNumber && p.idType === 'resident_id') {
      const problem = residentIdProblem(p.idNumber, now);
      if (problem) add('idNumber', `is not a valid resident ID number: ${problem}`);
      else {
        const facts = residentIdFacts(p.idNumber);
        if (p.birthDate && p.birthDate !== facts.birthDate)
          add('birthDate', `does not match the ID number (${facts.birthDate})`);
        if (p.gender && p.gender !== facts.gender) add('gender', 'does not match the ID number');
      }
    } else if (p.idNumber && !/^[A-Z0-9]{5,20}$/.test(p.idNumber)) {
      add('idNumber', 'must be 5–20 letters and digits as printed on the document');
    }
    if (p.mobile && !isMainlandMobile(p.mobile)) add('mobile', 'must be an 11-digit mainland mobile number');
    if (p.riskTolerance && !p.riskAssessedOn)
      add('riskAssessedOn', 'is required with a risk tolerance level');
    notFuture('birthDate');
    notFuture('riskAssessedOn');
  } else {
    if (p.creditCode) {
      const problem = usccProblem(p.creditCode);
      if (problem) add('creditCode', `is not a valid unified social credit code: ${problem}`);
    }
    notFuture('foundedOn');
    const seen = new Set<string>();
    (contacts ?? []).forEach((c, i) => {
      const key = `${c.name}|${c.phone ?? ''}`;
      if (seen.has(key)) add(`contacts.${i}`, 'repeats an earlier contact');
      seen.add(key);
    });
  }
  return issues;
}

/** A snapshot for the audit log: the given fields, sensitive ones masked. Never clear C2 data. */
export function auditSnapshot(p: Profile, fields: Iterable<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = p[f as ProfileField];
    if (v === undefined) continue;
    out[f] = isSensitive(f) && v !== null ? MASKERS[f](String(v)) : v;
  }
  return out;
}

/** Provenance after writing `fields` from `source` as of `asOf`. */
export function withProvenance(
  current: Record<string, Provenance>,
  fields: Iterable<string>,
  source: FieldSource,
  asOf: string,
): Record<string, Provenance> {
  const next = { ...current };
  for (const f of fields) next[f] = { source, asOf };
  return next;
}
