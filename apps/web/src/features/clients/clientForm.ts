import {
  CORPORATE_FIELDS,
  type CorporateField,
  INDIVIDUAL_FIELDS,
  type IndividualField,
} from '@dossier/contract';
import type {
  ClientCreate,
  ClientDetail,
  ClientKind,
  ClientPatch,
  ClientStatus,
  ContactInput,
  CreditRating,
  Education,
  FieldSource,
  Gender,
  IdType,
  IncomeBand,
  KycRiskRating,
  ListedStatus,
  MaritalStatus,
  Money,
  RiskTolerance,
  SensitiveField,
  Tier,
} from '@dossier/contract';
import type { Dayjs } from 'dayjs';
import { minorToWanText, wanTextToMinor } from '../../lib/money.ts';
import { fromIsoDate, toIsoDate } from '../../lib/time.ts';

/**
 * One contact row of the form. For an existing contact (`id`), a phone or e-mail left `undefined`
 * keeps what is stored (the form only ever sees it masked), a string replaces it and `null` clears it.
 */
export interface ContactFormValue {
  id?: number;
  name?: string;
  role?: string;
  phone?: string | null;
  email?: string | null;
}

/** What the client form holds: dates as Dayjs (for DatePicker), money as a 万元 figure typed by a person. */
export interface ClientFormValues {
  kind: ClientKind;
  name?: string;
  tier?: Tier;
  status?: ClientStatus;
  kycRiskRating?: KycRiskRating;
  tags?: string[];
  ownerId?: number;
  coServicingIds?: number[];
  gender?: Gender;
  birthDate?: Dayjs;
  idType?: IdType;
  idNumber?: string;
  mobile?: string;
  email?: string;
  address?: string;
  occupation?: string;
  employer?: string;
  annualIncomeBand?: IncomeBand;
  maritalStatus?: MaritalStatus;
  education?: Education;
  riskTolerance?: RiskTolerance;
  riskAssessedOn?: Dayjs;
  creditCode?: string;
  industryCode?: string;
  registeredCapital?: string;
  foundedOn?: Dayjs;
  legalRepresentative?: string;
  annualRevenue?: string;
  employees?: number;
  listedStatus?: ListedStatus;
  creditRating?: CreditRating;
  contacts?: ContactFormValue[];
  source?: FieldSource;
  asOf?: Dayjs;
}

export { CORPORATE_FIELDS, INDIVIDUAL_FIELDS };

export const SERVICING_FIELDS = ['name', 'tier', 'status', 'tags', 'ownerId', 'coServicingIds'] as const;
export const MONEY_FIELDS = ['registeredCapital', 'annualRevenue'] as const;
const DATE_FIELDS: ReadonlySet<string> = new Set(['birthDate', 'riskAssessedOn', 'foundedOn']);

type FieldKey = IndividualField | CorporateField;

/** The form fields a kind of client has, for mapping server errors onto inputs. */
export function formFieldsFor(kind: ClientKind): readonly string[] {
  return [
    'kind',
    ...SERVICING_FIELDS,
    ...(kind === 'individual' ? INDIVIDUAL_FIELDS : CORPORATE_FIELDS),
    'source',
    'asOf',
  ];
}

function text(value: string | undefined | null): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function money(value: string | undefined | null): Money | null {
  const figure = text(value);
  if (figure === null) return null;
  const minor = wanTextToMinor(figure);
  return minor === null ? null : { minor, currency: 'CNY' };
}

/** A contact as the API writes it: a phone or e-mail not typed is left out, so the stored one is kept. */
function contactOf(contact: ContactFormValue): ContactInput {
  const input: ContactInput = { name: text(contact.name) ?? '' };
  if (contact.id !== undefined) input.id = contact.id;
  const role = text(contact.role);
  if (role) input.role = role;
  for (const key of ['phone', 'email'] as const) {
    const value = contact[key];
    const typed = text(value);
    if (value === null) input[key] = null;
    else if (typed) input[key] = typed;
  }
  return input;
}

function contactsOf(values: ClientFormValues): ContactInput[] {
  return (values.contacts ?? [])
    .filter(
      (contact) =>
        contact.id !== undefined ||
        text(contact.name) ||
        text(contact.role) ||
        text(contact.phone) ||
        text(contact.email),
    )
    .map(contactOf);
}

/** One field of the form as the API writes it (`null` for "no value"). */
function apiValue(values: ClientFormValues, key: FieldKey): unknown {
  if (key === 'contacts') return contactsOf(values);
  if (key === 'registeredCapital' || key === 'annualRevenue') return money(values[key]);
  if (DATE_FIELDS.has(key)) return toIsoDate(values[key as 'birthDate']) ?? null;
  const value = values[key];
  if (typeof value === 'string')
    return key === 'idNumber' || key === 'creditCode' || key === 'industryCode'
      ? (text(value)?.toUpperCase() ?? null)
      : text(value);
  return value ?? null;
}

function withoutNulls<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(
    Object.entries(record).filter(
      ([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0),
    ),
  ) as T;
}

export function toCreateBody(values: ClientFormValues): ClientCreate {
  const common = {
    name: text(values.name) ?? '',
    tier: values.tier,
    status: values.status,
    kycRiskRating: values.kycRiskRating,
    tags: values.tags,
    ownerId: values.ownerId,
    coServicingIds: values.coServicingIds,
    source: values.source,
    asOf: toIsoDate(values.asOf),
  };
  const fields = values.kind === 'individual' ? INDIVIDUAL_FIELDS : CORPORATE_FIELDS;
  const specific = Object.fromEntries(fields.map((key) => [key, apiValue(values, key)]));
  return withoutNulls({ kind: values.kind, ...common, ...specific }) as ClientCreate;
}

/** The form's starting values for an existing client. Masked values start empty: no one can edit `138****5678`. */
export function detailToFormValues(detail: ClientDetail): ClientFormValues {
  const masked = new Set<string>(detail.maskedFields);
  const clear = (field: SensitiveField) => (masked.has(field) ? undefined : (detail[field] ?? undefined));
  return {
    kind: detail.kind,
    name: detail.name,
    tier: detail.tier,
    status: detail.status,
    kycRiskRating: detail.kycRiskRating ?? undefined,
    tags: detail.tags,
    coServicingIds: detail.coServicing.map((user) => user.id),
    gender: detail.gender ?? undefined,
    birthDate: fromIsoDate(detail.birthDate),
    idType: detail.idType ?? undefined,
    idNumber: clear('idNumber'),
    mobile: clear('mobile'),
    email: clear('email'),
    address: clear('address'),
    occupation: detail.occupation ?? undefined,
    employer: detail.employer ?? undefined,
    annualIncomeBand: clear('annualIncomeBand') as IncomeBand | undefined,
    maritalStatus: detail.maritalStatus ?? undefined,
    education: detail.education ?? undefined,
    riskTolerance: detail.riskTolerance ?? undefined,
    riskAssessedOn: fromIsoDate(detail.riskAssessedOn),
    creditCode: detail.creditCode ?? undefined,
    industryCode: detail.industryCode ?? undefined,
    registeredCapital: detail.registeredCapital ? minorToWanText(detail.registeredCapital.minor) : undefined,
    foundedOn: fromIsoDate(detail.foundedOn),
    legalRepresentative: detail.legalRepresentative ?? undefined,
    annualRevenue: detail.annualRevenue ? minorToWanText(detail.annualRevenue.minor) : undefined,
    employees: detail.employees ?? undefined,
    listedStatus: detail.listedStatus ?? undefined,
    creditRating: detail.creditRating ?? undefined,
    // A contact's phone and e-mail come masked; they start empty and are kept unless replaced or cleared.
    contacts: detail.contacts.map((contact) => ({
      id: contact.id,
      name: contact.name,
      role: contact.role ?? undefined,
    })),
  };
}

/**
 * Only what the user changed, so the server's audit shows the real edit and a concurrent change to
 * another field is not overwritten. A masked field left empty means "keep".
 */
export function toPatch(
  detail: ClientDetail,
  initial: ClientFormValues,
  values: ClientFormValues,
): ClientPatch {
  const patch: Record<string, unknown> = {};
  const masked = new Set<string>(detail.maskedFields);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

  const name = text(values.name);
  if (name && name !== detail.name) patch.name = name;
  if (values.tier && values.tier !== detail.tier) patch.tier = values.tier;
  if (values.status && values.status !== detail.status) patch.status = values.status;
  if (values.kycRiskRating && values.kycRiskRating !== detail.kycRiskRating)
    patch.kycRiskRating = values.kycRiskRating;
  if (!same(values.tags ?? [], detail.tags)) patch.tags = values.tags ?? [];
  if (!same(values.coServicingIds ?? [], initial.coServicingIds ?? []))
    patch.coServicingIds = values.coServicingIds ?? [];

  const fields = detail.kind === 'individual' ? INDIVIDUAL_FIELDS : CORPORATE_FIELDS;
  for (const key of fields) {
    const next = apiValue(values, key);
    if (masked.has(key)) {
      if (next !== null) patch[key] = next;
      continue;
    }
    if (!same(next, apiValue(initial, key))) patch[key] = next;
  }

  if (Object.keys(patch).length > 0) {
    if (values.source) patch.source = values.source;
    const asOf = toIsoDate(values.asOf);
    if (asOf) patch.asOf = asOf;
  }
  return patch as ClientPatch;
}
