import crypto from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { AppError } from '../src/core/errors.ts';
import {
  getDocument,
  listClientDocuments,
  openVersionContent,
  replaceDocument,
  uploadDocument,
  verifyDocument,
} from '../src/features/documents/documents.service.ts';
import { sealedFilePath } from '../src/features/documents/documents.store.ts';
import {
  getRequiredDocuments,
  saveRequiredDocuments,
} from '../src/features/documents/required-documents.service.ts';
import { CLEAR_MARKER, SAMPLES, makeDocument, storedFiles } from './support/documents.ts';
import { DIALECTS, type TestDb, openTestDb } from './support/db.ts';
import { ctxFor, makeCorporate, makeIndividual, makeUser } from './support/factories.ts';

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe.each(DIALECTS)('KYC documents (%s)', (dialect) => {
  let t: TestDb;
  let rm: Actor;
  let lead: Actor;
  let secondLead: Actor;
  let otherRm: Actor;
  let otherLead: Actor;
  let compliance: Actor;
  let analyst: Actor;
  let admin: Actor;
  const as = (a: Actor) => ctxFor(t.deps, a);

  beforeAll(async () => {
    t = await openTestDb(dialect);
    rm = await makeUser(t.deps, 'rm');
    lead = await makeUser(t.deps, 'team_lead', { teamId: rm.teamId!, branchId: rm.branchId! });
    secondLead = await makeUser(t.deps, 'team_lead', { teamId: rm.teamId!, branchId: rm.branchId! });
    otherRm = await makeUser(t.deps, 'rm');
    otherLead = await makeUser(t.deps, 'team_lead', { teamId: otherRm.teamId!, branchId: otherRm.branchId! });
    compliance = await makeUser(t.deps, 'compliance');
    analyst = await makeUser(t.deps, 'analyst');
    admin = await makeUser(t.deps, 'admin');
  });
  afterAll(() => t.close());

  const counts = async () => ({
    documents: Number(
      (
        await t.deps.db
          .selectFrom('documents')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    versions: Number(
      (
        await t.deps.db
          .selectFrom('document_versions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    files: storedFiles(t.deps.documentsDir).length,
  });

  it.each([
    ['a PDF named .pdf', SAMPLES.pdf(1), 'scan.pdf', 'application/pdf'],
    ['a JPEG named .png', SAMPLES.jpeg(2), 'photo.png', 'image/jpeg'],
    ['a PNG with no extension', SAMPLES.png(3), 'id-front', 'image/png'],
    ['a little-endian TIFF', SAMPLES.tiffLittle(4), 'fax.tif', 'image/tiff'],
    ['a big-endian TIFF', SAMPLES.tiffBig(5), 'fax.tiff', 'image/tiff'],
  ])(
    'stores %s as its content says, hashed, sealed and waiting for a checker',
    async (_n, bytes, name, type) => {
      const c = await makeIndividual(t.deps, rm);
      const doc = await uploadDocument(
        as(rm),
        c.id,
        {
          kind: 'passport',
          number: 'E12345678',
          issuer: '国家移民管理局',
          issuedOn: '2020-05-01',
          expiresOn: '2030-04-30',
        },
        { fileName: name, bytes },
      );
      expect(doc).toMatchObject({
        clientId: c.id,
        kind: 'passport',
        versionCount: 1,
        expired: false,
        latest: {
          version: 1,
          fileName: name,
          contentType: type,
          sizeBytes: bytes.length,
          sha256: sha256(bytes),
          number: 'E******78',
          issuer: '国家移民管理局',
          issuedOn: '2020-05-01',
          expiresOn: '2030-04-30',
          status: 'uploaded',
          uploadedBy: { id: rm.id },
          review: null,
        },
      });
      const row = await t.deps.db
        .selectFrom('document_versions')
        .select(['storage_key', 'number_enc'])
        .where('id', '=', doc.latest.id)
        .executeTakeFirstOrThrow();
      // The number is sealed in the row; the file is sealed on disk.
      expect(row.number_enc).not.toContain('E12345678');
      expect(t.deps.vault.decrypt(row.number_enc!)).toBe('E12345678');
      const onDisk = fs.readFileSync(sealedFilePath(t.deps.documentsDir, row.storage_key));
      expect(onDisk.includes(Buffer.from(CLEAR_MARKER))).toBe(false);
      expect(onDisk.includes(bytes.subarray(0, 8))).toBe(false);
      const opened = t.deps.vault.decryptBytes(onDisk, row.storage_key);
      expect(opened.equals(bytes)).toBe(true);
      expect(sha256(opened)).toBe(doc.latest.sha256);
      const audit = await t.deps.db
        .selectFrom('audit_log')
        .select(['action', 'after', 'target_id'])
        .where('client_id', '=', c.id)
        .where('action', '=', 'document.upload')
        .executeTakeFirstOrThrow();
      expect(audit.target_id).toBe(String(doc.id));
      expect(audit.after).not.toContain('E12345678');
      expect(JSON.parse(audit.after!)).toMatchObject({ number: 'E******78', sha256: sha256(bytes) });
    },
  );

  it.each([
    ['an executable renamed scan.pdf', SAMPLES.exe(), 'scan.pdf'],
    ['an HTML page renamed id.jpg', SAMPLES.html(), 'id.jpg'],
    ['a text file', Buffer.from('身份证号 110101198503120011'), 'id.txt'],
  ])('refuses %s by its content and stores nothing', async (_n, bytes, name) => {
    const c = await makeIndividual(t.deps, rm);
    const before = await counts();
    const e = await failure(uploadDocument(as(rm), c.id, { kind: 'id_card' }, { fileName: name, bytes }));
    expect([e.code, e.field]).toEqual(['document.unsupported_type', 'file']);
    expect(await counts()).toEqual(before);
  });

  it('refuses bad metadata with the field named, and stores nothing', async () => {
    const person = await makeIndividual(t.deps, rm);
    const company = await makeCorporate(t.deps, rm);
    const before = await counts();
    const pdf = { fileName: 'a.pdf', bytes: SAMPLES.pdf() };
    const cases: [() => Promise<unknown>, string, string][] = [
      [
        () =>
          uploadDocument(
            as(rm),
            person.id,
            { kind: 'id_card' },
            { fileName: 'a.pdf', bytes: Buffer.alloc(0) },
          ),
        'request.invalid',
        'file',
      ],
      [() => uploadDocument(as(rm), person.id, { kind: 'business_licence' }, pdf), 'request.invalid', 'kind'],
      [() => uploadDocument(as(rm), company.id, { kind: 'passport' }, pdf), 'request.invalid', 'kind'],
      [
        () => uploadDocument(as(rm), person.id, { kind: 'id_card', issuedOn: '2027-01-01' }, pdf),
        'request.invalid',
        'issuedOn',
      ],
      [
        () =>
          uploadDocument(
            as(rm),
            person.id,
            { kind: 'id_card', issuedOn: '2020-01-01', expiresOn: '2019-12-31' },
            pdf,
          ),
        'request.invalid',
        'expiresOn',
      ],
    ];
    for (const [p, code, field] of cases) {
      const e = await failure(p());
      expect([e.code, e.field]).toEqual([code, field]);
    }
    expect(await counts()).toEqual(before);
  });

  it('keeps every version when a document is replaced; each stays readable', async () => {
    const c = await makeIndividual(t.deps, rm);
    const first = await makeDocument(t.deps, rm, c.id, {
      number: '110101198503120011',
      expiresOn: '2026-12-20',
    });
    t.now.value = new Date('2026-11-30T02:00:00Z');
    const second = await replaceDocument(
      as(rm),
      c.id,
      first.id,
      { number: '110101198503120011', expiresOn: '2046-12-20' },
      { fileName: 'renewed.png', bytes: SAMPLES.png(7) },
    );
    const third = await replaceDocument(
      as(lead),
      c.id,
      first.id,
      { kind: 'id_card' },
      { fileName: 'again.jpg', bytes: SAMPLES.jpeg(8) },
    );
    t.now.value = new Date('2026-11-29T02:00:00Z');
    expect(second.id).toBe(first.id);
    expect(third.versionCount).toBe(3);
    expect(third.versions.map((v) => [v.version, v.fileName, v.contentType, v.uploadedBy.id])).toEqual([
      [3, 'again.jpg', 'image/jpeg', lead.id],
      [2, 'renewed.png', 'image/png', rm.id],
      [1, 'scan.pdf', 'application/pdf', rm.id],
    ]);
    expect(third.latest.version).toBe(3);
    expect(third.versions[1]!.number).toBe('110***********0011');
    const list = await listClientDocuments(as(rm), c.id);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: first.id, versionCount: 3, latest: { version: 3 } });
    const v1 = await openVersionContent(as(rm), first.latest.id, 'attachment');
    expect(v1.bytes.equals(SAMPLES.pdf())).toBe(true);
    expect(v1.contentType).toBe('application/pdf');
    const v2 = await openVersionContent(as(rm), second.latest.id, 'inline');
    expect(v2.bytes.equals(SAMPLES.png(7))).toBe(true);
    const replaced = await t.deps.db
      .selectFrom('audit_log')
      .select('after')
      .where('client_id', '=', c.id)
      .where('action', '=', 'document.replace')
      .orderBy('id')
      .execute();
    expect(replaced.map((r) => JSON.parse(r.after!).version)).toEqual([2, 3]);
  });

  it('a replacement cannot change the kind or land on another client’s document', async () => {
    const c = await makeIndividual(t.deps, rm);
    const other = await makeIndividual(t.deps, rm);
    const doc = await makeDocument(t.deps, rm, c.id);
    const before = await counts();
    const pdf = { fileName: 'b.pdf', bytes: SAMPLES.pdf() };
    const kind = await failure(replaceDocument(as(rm), c.id, doc.id, { kind: 'passport' }, pdf));
    expect([kind.code, kind.field]).toEqual(['request.invalid', 'kind']);
    const elsewhere = await failure(replaceDocument(as(rm), other.id, doc.id, {}, pdf));
    expect(elsewhere.code).toBe('document.not_found');
    expect(await counts()).toEqual(before);
  });

  it('every opening is audited: a view inline, a download otherwise', async () => {
    const c = await makeIndividual(t.deps, rm);
    const doc = await makeDocument(t.deps, rm, c.id);
    await openVersionContent(as(compliance), doc.latest.id, 'inline');
    await openVersionContent(as(rm), doc.latest.id, 'attachment');
    const rows = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'target_type', 'target_id', 'details'])
      .where('client_id', '=', c.id)
      .where('action', 'in', ['document.view', 'document.download'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.action, Number(r.actor_id), r.target_type, r.target_id])).toEqual([
      ['document.view', compliance.id, 'document_version', String(doc.latest.id)],
      ['document.download', rm.id, 'document_version', String(doc.latest.id)],
    ]);
    expect(JSON.parse(rows[0]!.details!)).toMatchObject({ documentId: doc.id, version: 1, kind: 'id_card' });
  });

  it('an analyst sees the list (masked) but may not open a file', async () => {
    const c = await makeIndividual(t.deps, rm);
    const doc = await makeDocument(t.deps, rm, c.id, { number: '110101198503120011' });
    const list = await listClientDocuments(as(analyst), c.id);
    expect(list.items[0]!.latest.number).toBe('110***********0011');
    expect((await failure(openVersionContent(as(analyst), doc.latest.id, 'inline'))).code).toBe(
      'auth.forbidden',
    );
  });

  it('a file changed on disk is refused, not served', async () => {
    const c = await makeIndividual(t.deps, rm);
    const doc = await makeDocument(t.deps, rm, c.id);
    const { storage_key } = await t.deps.db
      .selectFrom('document_versions')
      .select('storage_key')
      .where('id', '=', doc.latest.id)
      .executeTakeFirstOrThrow();
    const file = sealedFilePath(t.deps.documentsDir, storage_key);
    const sealed = fs.readFileSync(file);
    sealed[sealed.length - 3]! ^= 0xff;
    fs.writeFileSync(file, sealed);
    await expect(openVersionContent(as(rm), doc.latest.id, 'attachment')).rejects.toThrow();
    const served = await t.deps.db
      .selectFrom('audit_log')
      .select('id')
      .where('target_id', '=', String(doc.latest.id))
      .where('action', '=', 'document.download')
      .execute();
    expect(served).toEqual([]);
  });

  it('if the transaction fails after the file was written, the file is removed too', async () => {
    const c = await makeIndividual(t.deps, rm);
    const before = await counts();
    // The audit entry is the last write of an upload, after the file: make it fail.
    if (dialect === 'sqlite') {
      await sql`create trigger fail_document_audit before insert on audit_log when new.action = 'document.upload' begin select raise(abort, 'audit refused'); end`.execute(
        t.deps.db,
      );
    } else {
      await sql`create function fail_document_audit() returns trigger language plpgsql as $$ begin if new.action = 'document.upload' then raise exception 'audit refused'; end if; return new; end $$`.execute(
        t.deps.db,
      );
      await sql`create trigger fail_document_audit before insert on audit_log for each row execute function fail_document_audit()`.execute(
        t.deps.db,
      );
    }
    try {
      await expect(makeDocument(t.deps, rm, c.id)).rejects.toThrow(/audit refused/);
      expect(await counts()).toEqual(before);
    } finally {
      if (dialect === 'sqlite') await sql`drop trigger fail_document_audit`.execute(t.deps.db);
      else await sql`drop trigger fail_document_audit on audit_log`.execute(t.deps.db);
    }
  });

  describe('maker-checker', () => {
    it('a second person verifies; the uploader may not; each version is decided once', async () => {
      const c = await makeIndividual(t.deps, rm);
      const byLead = await makeDocument(t.deps, lead, c.id);
      const self = await failure(verifyDocument(as(lead), byLead.id, { decision: 'verified' }));
      expect(self.code).toBe('document.self_verification');
      const ok = await verifyDocument(as(secondLead), byLead.id, {
        decision: 'verified',
        versionId: byLead.latest.id,
      });
      expect(ok.latest).toMatchObject({
        status: 'verified',
        review: { by: { id: secondLead.id }, reason: null },
      });
      const twice = await failure(
        verifyDocument(as(compliance), byLead.id, { decision: 'rejected', reason: '模糊' }),
      );
      expect(twice.code).toBe('document.already_reviewed');
      const audit = await t.deps.db
        .selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('client_id', '=', c.id)
        .where('action', 'in', ['document.verify', 'document.reject'])
        .execute();
      expect(audit.map((a) => [a.action, Number(a.actor_id)])).toEqual([['document.verify', secondLead.id]]);
    });

    it('an RM cannot verify at all; compliance can, anywhere', async () => {
      const c = await makeIndividual(t.deps, rm);
      const doc = await makeDocument(t.deps, rm, c.id);
      expect((await failure(verifyDocument(as(rm), doc.id, { decision: 'verified' }))).code).toBe(
        'auth.forbidden',
      );
      expect((await failure(verifyDocument(as(analyst), doc.id, { decision: 'verified' }))).code).toBe(
        'auth.forbidden',
      );
      const done = await verifyDocument(as(compliance), doc.id, { decision: 'verified' });
      expect(done.latest.status).toBe('verified');
    });

    it('a rejection needs a reason and is kept with it; a new version starts again', async () => {
      const c = await makeIndividual(t.deps, rm);
      const doc = await makeDocument(t.deps, rm, c.id);
      const noReason = await failure(verifyDocument(as(lead), doc.id, { decision: 'rejected' }));
      expect([noReason.code, noReason.field]).toEqual(['request.invalid', 'reason']);
      const rejected = await verifyDocument(as(lead), doc.id, {
        decision: 'rejected',
        reason: '照片不清晰，请重新扫描',
      });
      expect(rejected.latest).toMatchObject({
        status: 'rejected',
        review: { reason: '照片不清晰，请重新扫描' },
      });
      const again = await replaceDocument(
        as(rm),
        c.id,
        doc.id,
        {},
        { fileName: 'clear.pdf', bytes: SAMPLES.pdf(9) },
      );
      expect(again.versions.map((v) => v.status)).toEqual(['uploaded', 'rejected']);
      const stale = await failure(
        verifyDocument(as(lead), doc.id, { decision: 'verified', versionId: rejected.latest.id }),
      );
      expect([stale.code, stale.field]).toEqual(['document.version_conflict', 'versionId']);
      const verified = await verifyDocument(as(lead), doc.id, {
        decision: 'verified',
        versionId: again.latest.id,
      });
      expect(verified.versions.map((v) => v.status)).toEqual(['verified', 'rejected']);
    });
  });

  describe('scope', () => {
    it('another team sees no client, no document and no file', async () => {
      const c = await makeIndividual(t.deps, rm);
      const doc = await makeDocument(t.deps, rm, c.id);
      const pdf = { fileName: 'x.pdf', bytes: SAMPLES.pdf() };
      const before = await counts();
      expect((await failure(uploadDocument(as(otherRm), c.id, { kind: 'passport' }, pdf))).code).toBe(
        'client.not_found',
      );
      expect((await failure(replaceDocument(as(otherRm), c.id, doc.id, {}, pdf))).code).toBe(
        'document.not_found',
      );
      expect((await failure(listClientDocuments(as(otherRm), c.id))).code).toBe('client.not_found');
      expect((await failure(getDocument(as(otherRm), c.id, doc.id))).code).toBe('document.not_found');
      expect((await failure(openVersionContent(as(otherRm), doc.latest.id, 'attachment'))).code).toBe(
        'document.not_found',
      );
      expect((await failure(verifyDocument(as(otherLead), doc.id, { decision: 'verified' }))).code).toBe(
        'document.not_found',
      );
      expect(await counts()).toEqual(before);
      expect((await getDocument(as(lead), c.id, doc.id)).id).toBe(doc.id);
    });

    it('a document is only found under its own client', async () => {
      const a = await makeIndividual(t.deps, rm);
      const b = await makeIndividual(t.deps, rm);
      const doc = await makeDocument(t.deps, rm, a.id);
      expect((await failure(getDocument(as(rm), b.id, doc.id))).code).toBe('document.not_found');
      expect((await failure(getDocument(as(rm), a.id, 999_999))).code).toBe('document.not_found');
      expect((await failure(openVersionContent(as(rm), 999_999, 'inline'))).code).toBe('document.not_found');
    });
  });

  describe('required documents', () => {
    it('shows what is missing, waiting, met and expired on the profile', async () => {
      const c = await makeIndividual(t.deps, rm, { riskTolerance: 'C5' });
      const empty = await listClientDocuments(as(rm), c.id);
      expect(empty.items).toEqual([]);
      expect(empty.requirements).toEqual({
        complete: false,
        items: [
          {
            kinds: ['id_card', 'passport'],
            because: 'always',
            state: 'missing',
            documentId: null,
            expiresOn: null,
          },
          {
            kinds: ['financial_statement'],
            because: 'riskTolerance:C5',
            state: 'missing',
            documentId: null,
            expiresOn: null,
          },
        ],
      });
      const id = await makeDocument(t.deps, rm, c.id, { expiresOn: '2026-11-28' });
      const statement = await makeDocument(t.deps, rm, c.id, { kind: 'financial_statement' });
      await verifyDocument(as(lead), statement.id, { decision: 'verified' });
      const now = await listClientDocuments(as(rm), c.id);
      expect(now.items.map((d) => [d.kind, d.expired])).toEqual([
        ['id_card', true],
        ['financial_statement', false],
      ]);
      expect(now.requirements.items.map((r) => [r.because, r.state, r.documentId])).toEqual([
        ['always', 'expired', id.id],
        ['riskTolerance:C5', 'met', statement.id],
      ]);
      await replaceDocument(
        as(rm),
        c.id,
        id.id,
        { expiresOn: '2036-11-28' },
        { fileName: 'new.pdf', bytes: SAMPLES.pdf(2) },
      );
      const waiting = await listClientDocuments(as(rm), c.id);
      expect(waiting.requirements.items[0]!.state).toBe('pending_verification');
      await verifyDocument(as(lead), id.id, { decision: 'verified' });
      expect((await listClientDocuments(as(rm), c.id)).requirements.complete).toBe(true);
    });

    it('follows the credit rating of a company', async () => {
      const weak = await makeCorporate(t.deps, rm, { creditRating: 'B' });
      const strong = await makeCorporate(t.deps, rm, { creditRating: 'AA' });
      const kindsOf = async (id: number) =>
        (await listClientDocuments(as(rm), id)).requirements.items.map((r) => r.kinds.join('|'));
      expect(await kindsOf(weak.id)).toEqual([
        'business_licence',
        'articles',
        'credit_report',
        'financial_statement',
      ]);
      expect(await kindsOf(strong.id)).toEqual(['business_licence', 'articles']);
    });

    it('an administrator changes the matrix; the change is audited and applies at once', async () => {
      expect((await failure(getRequiredDocuments(as(rm)))).code).toBe('auth.forbidden');
      expect((await failure(getRequiredDocuments(as(compliance)))).code).toBe('auth.forbidden');
      const initial = await getRequiredDocuments(as(admin));
      expect(initial).toMatchObject({ source: 'default', updatedAt: null, updatedBy: null });
      expect(initial.matrix).toEqual(initial.defaults);
      const bad = await failure(
        saveRequiredDocuments(as(admin), {
          ...initial.matrix,
          individual: { always: [['articles']], byRiskTolerance: {} },
        }),
      );
      expect([bad.code, bad.field]).toEqual(['request.invalid', 'individual.always.0.0']);
      expect((await getRequiredDocuments(as(admin))).source).toBe('default');

      const matrix = {
        individual: { always: [['id_card' as const]], byRiskTolerance: { C1: [['contract' as const]] } },
        corporate: initial.defaults.corporate,
      };
      const saved = await saveRequiredDocuments(as(admin), matrix);
      expect(saved).toMatchObject({ source: 'custom', matrix, updatedBy: { id: admin.id } });
      const c = await makeIndividual(t.deps, rm, { riskTolerance: 'C1' });
      await makeDocument(t.deps, rm, c.id, { kind: 'passport' });
      const reqs = (await listClientDocuments(as(rm), c.id)).requirements.items;
      expect(reqs.map((r) => [r.kinds.join('|'), r.state])).toEqual([
        ['id_card', 'missing'],
        ['contract', 'missing'],
      ]);
      const audit = await t.deps.db
        .selectFrom('audit_log')
        .select(['before', 'after', 'target_id'])
        .where('action', '=', 'settings.update')
        .executeTakeFirstOrThrow();
      expect(audit.target_id).toBe('required_documents');
      expect(JSON.parse(audit.before!)).toEqual(initial.defaults);
      expect(JSON.parse(audit.after!)).toEqual(matrix);
      // Back to the built-in matrix for the other tests.
      await saveRequiredDocuments(as(admin), initial.defaults);
    });
  });
});
