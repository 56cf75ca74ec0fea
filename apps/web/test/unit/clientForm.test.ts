import type { ClientDetail } from '@dossier/contract';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { detailToFormValues, toCreateBody, toPatch } from '../../src/features/clients/clientForm.ts';
import { toNamePath } from '../../src/lib/formErrors.ts';

function individual(overrides: Partial<ClientDetail> = {}): ClientDetail {
  return {
    id: 103,
    code: 'C00000103',
    kind: 'individual',
    name: '徐峰',
    tier: 'standard',
    status: 'active',
    tags: ['跨境需求'],
    owner: { id: 11, displayName: '李敏' },
    branch: { id: 1, name: '北京分行' },
    identifier: '310***********709X',
    mobile: '152****8733',
    updatedAt: '2026-11-03T16:34:45.800Z',
    gender: 'male',
    birthDate: '2002-10-21',
    idType: 'resident_id',
    idNumber: '310***********709X',
    email: null,
    address: '上海市徐汇区****',
    occupation: '自由职业',
    employer: '中联实业集团',
    annualIncomeBand: '***',
    maritalStatus: 'married',
    education: 'associate',
    riskTolerance: 'C3',
    riskAssessedOn: '2026-10-25',
    creditCode: null,
    industryCode: null,
    registeredCapital: null,
    foundedOn: null,
    legalRepresentative: null,
    annualRevenue: null,
    employees: null,
    listedStatus: null,
    creditRating: null,
    kycRiskRating: null,
    kycReviewedOn: null,
    kycReviewDueOn: null,
    contacts: [],
    team: { id: 1, name: '北京财富管理团队' },
    coServicing: [],
    provenance: {},
    maskedFields: ['idNumber', 'mobile', 'address', 'annualIncomeBand'],
    canReveal: true,
    canEdit: true,
    version: 1,
    createdAt: '2026-11-03T16:34:45.800Z',
    ...overrides,
  };
}

describe('toPatch', () => {
  it('sends only what changed, with the provenance of the change', () => {
    const detail = individual();
    const initial = detailToFormValues(detail);
    const patch = toPatch(detail, initial, {
      ...initial,
      occupation: '理财顾问',
      source: 'client_self',
      asOf: dayjs('2026-11-29'),
    });
    expect(patch).toEqual({ occupation: '理财顾问', source: 'client_self', asOf: '2026-11-29' });
  });

  it('sets the AML risk rating, and sends none when it is unchanged', () => {
    const unrated = individual();
    const initial = detailToFormValues(unrated);
    expect(toPatch(unrated, initial, { ...initial, kycRiskRating: 'high' })).toEqual({
      kycRiskRating: 'high',
    });
    const rated = individual({ kycRiskRating: 'low' });
    const start = detailToFormValues(rated);
    expect(start.kycRiskRating).toBe('low');
    expect(toPatch(rated, start, { ...start })).toEqual({});
  });

  it('sends nothing when nothing changed, even with a source chosen', () => {
    const detail = individual();
    const initial = detailToFormValues(detail);
    expect(toPatch(detail, initial, { ...initial, source: 'manual' })).toEqual({});
  });

  it('keeps a masked value unless a new one is typed, and clears a plain field with null', () => {
    const detail = individual();
    const initial = detailToFormValues(detail);
    expect(initial.mobile).toBeUndefined();
    const patch = toPatch(detail, initial, {
      ...initial,
      mobile: ' 13812345678 ',
      employer: '',
      address: undefined,
    });
    expect(patch).toEqual({ mobile: '13812345678', employer: null });
  });

  it('writes a changed amount in 万元 as exact CNY minor units', () => {
    const detail = individual({
      kind: 'corporate',
      maskedFields: [],
      creditCode: '91310115EHCHT55NLF',
      industryCode: 'C39',
      registeredCapital: { minor: 11_800_000_000, currency: 'CNY' },
    });
    const initial = detailToFormValues(detail);
    expect(initial.registeredCapital).toBe('11800');
    const patch = toPatch(detail, initial, { ...initial, registeredCapital: '12000.5' });
    expect(patch).toEqual({ registeredCapital: { minor: 12_000_500_000, currency: 'CNY' } });
  });
});

describe('toPatch for corporate contacts', () => {
  const corporate = individual({
    kind: 'corporate',
    maskedFields: [],
    creditCode: '91310115EHCHT55NLF',
    industryCode: 'C39',
    contacts: [
      { id: 41, name: '周立', role: '财务总监', phone: '138****5678', email: 'z***@example.com' },
      { id: 42, name: '王芳', role: '出纳', phone: '010-****5678', email: null },
    ],
  });

  it('starts existing contacts with their ids and without the masked phone or e-mail', () => {
    expect(detailToFormValues(corporate).contacts).toEqual([
      { id: 41, name: '周立', role: '财务总监' },
      { id: 42, name: '王芳', role: '出纳' },
    ]);
  });

  it('sends no contacts when none was touched, even after typing into a phone and erasing it', () => {
    const initial = detailToFormValues(corporate);
    const contacts = initial.contacts?.map((c, i) => (i === 0 ? { ...c, phone: '' } : c));
    expect(toPatch(corporate, initial, { ...initial, contacts })).toEqual({});
  });

  it('renames a contact without its phone key, adds one without an id and drops the one removed', () => {
    const initial = detailToFormValues(corporate);
    const patch = toPatch(corporate, initial, {
      ...initial,
      contacts: [
        { id: 41, name: ' 周立新 ', role: '财务总监', phone: undefined, email: undefined },
        { name: '陈静', role: '董事会秘书', phone: '13912345678' },
      ],
    });
    expect(patch).toEqual({
      contacts: [
        { id: 41, name: '周立新', role: '财务总监' },
        { name: '陈静', role: '董事会秘书', phone: '13912345678' },
      ],
    });
    expect(Object.hasOwn(patch.contacts?.[0] ?? {}, 'phone')).toBe(false);
  });

  it('sends null for a value cleared on purpose and the new value for one typed over', () => {
    const initial = detailToFormValues(corporate);
    const patch = toPatch(corporate, initial, {
      ...initial,
      contacts: [
        { id: 41, name: '周立', role: '财务总监', phone: '13800001111', email: null },
        { id: 42, name: '王芳', role: '出纳' },
      ],
    });
    expect(patch.contacts).toEqual([
      { id: 41, name: '周立', role: '财务总监', phone: '13800001111', email: null },
      { id: 42, name: '王芳', role: '出纳' },
    ]);
  });
});

describe('toCreateBody', () => {
  it('builds an individual without empty fields and with upper-case ID letters', () => {
    const body = toCreateBody({
      kind: 'individual',
      name: ' 张三 ',
      idType: 'resident_id',
      idNumber: '11010119900307123x',
      mobile: '',
      birthDate: dayjs('1990-03-07'),
      tags: [],
    });
    expect(body).toEqual({
      kind: 'individual',
      name: '张三',
      idType: 'resident_id',
      idNumber: '11010119900307123X',
      birthDate: '1990-03-07',
    });
  });

  it('drops contact rows left blank and keeps filled ones', () => {
    const body = toCreateBody({
      kind: 'corporate',
      name: '北京测试精密仪器有限公司',
      creditCode: '91110108yrfybteu4j',
      industryCode: 'c40',
      contacts: [{ name: '周立', role: '财务总监', phone: '010-62345678' }, {}],
    });
    expect(body).toMatchObject({
      creditCode: '91110108YRFYBTEU4J',
      industryCode: 'C40',
      contacts: [{ name: '周立', role: '财务总监', phone: '010-62345678' }],
    });
  });
});

describe('toNamePath', () => {
  it('maps dotted API paths onto form names', () => {
    expect(toNamePath('contacts.0.phone')).toEqual(['contacts', 0, 'phone']);
    expect(toNamePath('registeredCapital.minor', ['registeredCapital'])).toEqual(['registeredCapital']);
    expect(toNamePath('name')).toEqual(['name']);
  });
});
