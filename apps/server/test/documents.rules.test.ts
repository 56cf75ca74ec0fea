import type { DocumentKind, DocumentStatus, RequiredDocumentsMatrix } from '@dossier/contract';
import { RequiredDocumentsMatrix as MatrixSchema } from '@dossier/contract';
import { describe, expect, it } from 'vitest';
import { createVault } from '../src/core/crypto.ts';
import {
  type ExpiringDocument,
  daysBetween,
  expiryReminders,
} from '../src/features/documents/documents.expiry.ts';
import {
  DEFAULT_REQUIRED_DOCUMENTS,
  type RequirementClient,
  type RequirementDocument,
  evaluateRequirements,
  matrixIssues,
} from '../src/features/documents/documents.requirements.ts';
import { contentDisposition } from '../src/features/documents/documents.routes.ts';
import { cleanFileName } from '../src/features/documents/documents.service.ts';
import { maskDocumentNumber } from '../src/features/documents/documents.present.ts';
import { sniffContentType } from '../src/features/documents/documents.sniff.ts';
import { SAMPLES } from './support/documents.ts';

describe('a file is what its first bytes say', () => {
  it.each([
    ['PDF', SAMPLES.pdf(), 'application/pdf'],
    ['JPEG', SAMPLES.jpeg(), 'image/jpeg'],
    ['PNG', SAMPLES.png(), 'image/png'],
    ['TIFF little-endian (II*\\0)', SAMPLES.tiffLittle(), 'image/tiff'],
    ['TIFF big-endian (MM\\0*)', SAMPLES.tiffBig(), 'image/tiff'],
    ['Windows executable (MZ)', SAMPLES.exe(), null],
    ['HTML', SAMPLES.html(), null],
    ['empty', Buffer.alloc(0), null],
    ['"%PDF" without the dash', Buffer.from('%PDF1.7'), null],
    ['PNG signature cut short', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a]), null],
    ['JPEG missing its third byte', Buffer.from([0xff, 0xd8, 0x00, 0xe0]), null],
    ['TIFF with mixed byte order (II\\0*)', Buffer.from([0x49, 0x49, 0x00, 0x2a]), null],
    ['a PDF marker later in the file', Buffer.from(' %PDF-1.7'), null],
  ])('%s → %s', (_name, bytes, expected) => {
    expect(sniffContentType(bytes)).toBe(expected);
  });
});

describe('file sealing in the vault', () => {
  const vault = createVault(Buffer.alloc(32, 7));
  const clear = SAMPLES.pdf(3);

  it('round-trips, and the sealed bytes do not contain the clear ones', () => {
    const sealed = vault.encryptBytes(clear, 'k1');
    expect(sealed.includes(clear.subarray(20, 60))).toBe(false);
    expect(sealed.length).toBe(clear.length + 32);
    expect(vault.decryptBytes(sealed, 'k1').equals(clear)).toBe(true);
  });

  it('two seals of the same file differ (a fresh IV each time)', () => {
    expect(vault.encryptBytes(clear, 'k1').equals(vault.encryptBytes(clear, 'k1'))).toBe(false);
  });

  it('refuses a changed byte, a file moved to another key, and another master key', () => {
    const sealed = vault.encryptBytes(clear, 'k1');
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 1;
    expect(() => vault.decryptBytes(flipped, 'k1')).toThrow();
    expect(() => vault.decryptBytes(sealed, 'k2')).toThrow();
    expect(() => createVault(Buffer.alloc(32, 8)).decryptBytes(sealed, 'k1')).toThrow();
    expect(() => vault.decryptBytes(Buffer.from('not sealed at all, not at all'), 'k1')).toThrow(/format/);
  });
});

describe('file names kept and sent back', () => {
  it.each([
    ['身份证正面.pdf', '身份证正面.pdf'],
    ['C:\\Users\\rm\\Desktop\\scan.pdf', 'scan.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['bad\u0000na\u001fme.png', 'badname.png'],
    ['   ', 'document.pdf'],
    ['', 'document.pdf'],
  ])('%j → %j', (given, kept) => {
    expect(cleanFileName(given, 'application/pdf')).toBe(kept);
  });

  it('cuts a very long name to 200 characters', () => {
    expect([...cleanFileName(`${'营'.repeat(300)}.pdf`, 'application/pdf')]).toHaveLength(200);
  });

  it('Content-Disposition carries any name safely', () => {
    expect(contentDisposition('attachment', '营业执照 (2026).pdf')).toBe(
      'attachment; filename="______2026_.pdf"; filename*=UTF-8\'\'%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7%20%282026%29.pdf',
    );
    expect(contentDisposition('inline', 'a"b\r\nSet-Cookie: x.pdf')).toBe(
      'inline; filename="a_b__Set-Cookie__x.pdf"; filename*=UTF-8\'\'a%22b%0D%0ASet-Cookie%3A%20x.pdf',
    );
  });
});

describe('document numbers are masked like ID numbers', () => {
  it.each([
    ['110101198503120011', '110***********0011'],
    ['91110105000000001X', '911***********001X'],
    ['E12345678', 'E******78'],
    ['G1234567', 'G*****67'],
    ['AB12', '****'],
    ['7', '*'],
  ])('%s → %s', (clear, masked) => {
    expect(maskDocumentNumber(clear)).toBe(masked);
  });
});

describe('expiry reminders at 60, 30 and 7 days', () => {
  const doc = (expiresOn: string | null, over: Partial<ExpiringDocument> = {}): ExpiringDocument => ({
    documentId: 1,
    versionId: 11,
    clientId: 5,
    kind: 'id_card',
    status: 'verified',
    expiresOn,
    ...over,
  });
  const today = '2026-12-01';

  it('counts whole calendar days, across months and leap years', () => {
    expect(daysBetween('2026-12-01', '2027-01-30')).toBe(60);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-01', '2026-11-30')).toBe(-1);
  });

  // [expires on, days left, reminder mark due today or null]
  it.each([
    ['2027-06-01', 182, null],
    ['2027-01-31', 61, null],
    ['2027-01-30', 60, 60],
    ['2027-01-10', 40, 60],
    ['2026-12-31', 30, 30],
    ['2026-12-21', 20, 30],
    ['2026-12-09', 8, 30],
    ['2026-12-08', 7, 7],
    ['2026-12-02', 1, 7],
    ['2026-12-01', 0, 7],
    ['2026-11-30', -1, null],
  ] as const)('expiring %s (%i days left) → %s', (expiresOn, daysLeft, mark) => {
    const due = expiryReminders([doc(expiresOn)], today);
    if (mark === null) {
      expect(due).toEqual([]);
    } else {
      expect(due).toEqual([
        {
          documentId: 1,
          versionId: 11,
          clientId: 5,
          kind: 'id_card',
          expiresOn,
          daysLeft,
          mark,
          sourceKey: `document-expiry:11:${mark}`,
        },
      ]);
    }
  });

  it('does not remind of documents without an expiry date or rejected ones', () => {
    expect(expiryReminders([doc(null), doc('2026-12-10', { status: 'rejected' })], today)).toEqual([]);
  });

  it('reminds of uploaded (not yet verified) documents too', () => {
    expect(expiryReminders([doc('2026-12-10', { status: 'uploaded' })], today)).toHaveLength(1);
  });

  it('run every day, each mark is raised on one key; a new version starts its own schedule', () => {
    const keys = new Set<string>();
    for (let d = 0; d <= 70; d++) {
      const day = new Date(Date.parse('2026-12-01T00:00:00Z') + d * 86_400_000).toISOString().slice(0, 10);
      for (const r of expiryReminders([doc('2027-02-09')], day)) keys.add(r.sourceKey);
    }
    expect([...keys]).toEqual(['document-expiry:11:60', 'document-expiry:11:30', 'document-expiry:11:7']);
    const renewed = expiryReminders([doc('2027-01-05', { versionId: 12 })], today);
    expect(renewed.map((r) => r.sourceKey)).toEqual(['document-expiry:12:60']);
  });

  it('handles many documents at once, each on its own', () => {
    const due = expiryReminders(
      [
        doc('2027-01-20', { documentId: 1, versionId: 1 }),
        doc('2027-05-01', { documentId: 2, versionId: 2 }),
        doc('2026-12-05', { documentId: 3, versionId: 3, kind: 'business_licence' }),
      ],
      today,
    );
    expect(due.map((r) => [r.documentId, r.mark])).toEqual([
      [1, 60],
      [3, 7],
    ]);
  });
});

describe('the required-documents matrix', () => {
  const today = '2026-12-01';
  const person = (over: Partial<RequirementClient> = {}): RequirementClient => ({
    kind: 'individual',
    riskTolerance: null,
    creditRating: null,
    ...over,
  });
  const company = (over: Partial<RequirementClient> = {}): RequirementClient => ({
    ...person(),
    kind: 'corporate',
    ...over,
  });
  let n = 0;
  const d = (kind: DocumentKind, status: DocumentStatus = 'verified', expiresOn: string | null = null) => ({
    id: ++n,
    kind,
    status,
    expiresOn,
  });
  const states = (client: RequirementClient, docs: RequirementDocument[], m = DEFAULT_REQUIRED_DOCUMENTS) =>
    evaluateRequirements(m, client, docs, today).map((r) => [r.kinds.join('|'), r.because, r.state]);

  it.each([
    ['an individual with nothing', person(), [], [['id_card|passport', 'always', 'missing']]],
    [
      'an individual with a verified passport',
      person(),
      [d('passport')],
      [['id_card|passport', 'always', 'met']],
    ],
    [
      'an ID card waiting for its checker',
      person(),
      [d('id_card', 'uploaded')],
      [['id_card|passport', 'always', 'pending_verification']],
    ],
    [
      'only a rejected ID card',
      person(),
      [d('id_card', 'rejected')],
      [['id_card|passport', 'always', 'missing']],
    ],
    [
      'an ID card expired yesterday',
      person(),
      [d('id_card', 'verified', '2026-11-30')],
      [['id_card|passport', 'always', 'expired']],
    ],
    [
      'an ID card expiring today is still valid',
      person(),
      [d('id_card', 'verified', today)],
      [['id_card|passport', 'always', 'met']],
    ],
    [
      'an expired ID card and a valid passport',
      person(),
      [d('id_card', 'verified', '2026-01-01'), d('passport', 'verified', '2030-01-01')],
      [['id_card|passport', 'always', 'met']],
    ],
    [
      'a C3 individual needs no statement',
      person({ riskTolerance: 'C3' }),
      [d('id_card')],
      [['id_card|passport', 'always', 'met']],
    ],
    [
      'a C5 individual also shows their means',
      person({ riskTolerance: 'C5' }),
      [d('id_card')],
      [
        ['id_card|passport', 'always', 'met'],
        ['financial_statement', 'riskTolerance:C5', 'missing'],
      ],
    ],
    [
      'a company with nothing',
      company(),
      [],
      [
        ['business_licence', 'always', 'missing'],
        ['articles', 'always', 'missing'],
      ],
    ],
    [
      'an A-rated company with both',
      company({ creditRating: 'A' }),
      [d('business_licence'), d('articles')],
      [
        ['business_licence', 'always', 'met'],
        ['articles', 'always', 'met'],
      ],
    ],
    [
      'a BB-rated company is not yet weak',
      company({ creditRating: 'BB' }),
      [d('business_licence'), d('articles')],
      [
        ['business_licence', 'always', 'met'],
        ['articles', 'always', 'met'],
      ],
    ],
    [
      'a B-rated company also needs a credit report and statements',
      company({ creditRating: 'B' }),
      [d('business_licence'), d('articles'), d('credit_report', 'uploaded')],
      [
        ['business_licence', 'always', 'met'],
        ['articles', 'always', 'met'],
        ['credit_report', 'creditRating:B', 'pending_verification'],
        ['financial_statement', 'creditRating:B', 'missing'],
      ],
    ],
    [
      'a CCC-rated company with an expired licence',
      company({ creditRating: 'CCC' }),
      [
        d('business_licence', 'verified', '2025-12-31'),
        d('articles'),
        d('credit_report'),
        d('financial_statement'),
      ],
      [
        ['business_licence', 'always', 'expired'],
        ['articles', 'always', 'met'],
        ['credit_report', 'creditRating:CCC', 'met'],
        ['financial_statement', 'creditRating:CCC', 'met'],
      ],
    ],
  ] as const)('%s', (_name, client, docs, expected) => {
    expect(states(client, [...docs])).toEqual(expected);
  });

  it('names the document that meets a requirement, and its expiry', () => {
    const passport = d('passport', 'verified', '2031-05-01');
    const [r] = evaluateRequirements(DEFAULT_REQUIRED_DOCUMENTS, person(), [passport], today);
    expect(r).toMatchObject({ documentId: passport.id, expiresOn: '2031-05-01', state: 'met' });
  });

  it('follows a bank’s own matrix', () => {
    const custom: RequiredDocumentsMatrix = {
      individual: { always: [['id_card']], byRiskTolerance: { C1: [['contract']] } },
      corporate: { always: [], byCreditRating: {} },
    };
    expect(states(person({ riskTolerance: 'C1' }), [d('passport')], custom)).toEqual([
      ['id_card', 'always', 'missing'],
      ['contract', 'riskTolerance:C1', 'missing'],
    ]);
    expect(states(company({ creditRating: 'D' }), [], custom)).toEqual([]);
  });

  it('the default is a valid matrix, and kinds must fit the client', () => {
    expect(MatrixSchema.parse(DEFAULT_REQUIRED_DOCUMENTS)).toEqual(DEFAULT_REQUIRED_DOCUMENTS);
    expect(matrixIssues(DEFAULT_REQUIRED_DOCUMENTS)).toEqual([]);
    const wrong: RequiredDocumentsMatrix = {
      individual: { always: [['id_card', 'business_licence']], byRiskTolerance: {} },
      corporate: { always: [['articles', 'articles']], byCreditRating: { B: [['passport']] } },
    };
    expect(matrixIssues(wrong)).toEqual([
      { field: 'individual.always.0.1', message: 'business_licence is not a document of an individual' },
      { field: 'corporate.always.0', message: 'names a kind twice' },
      { field: 'corporate.byCreditRating.B.0.0', message: 'passport is not a document of a company' },
    ]);
  });

  it('the schema refuses unknown levels and kinds', () => {
    const base = structuredClone(DEFAULT_REQUIRED_DOCUMENTS) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    base.individual!.byRiskTolerance = { C9: [['id_card']] };
    expect(MatrixSchema.safeParse(base).success).toBe(false);
    const kinds = structuredClone(DEFAULT_REQUIRED_DOCUMENTS) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    kinds.corporate!.always = [['tax_receipt']];
    expect(MatrixSchema.safeParse(kinds).success).toBe(false);
  });
});
