import crypto from 'node:crypto';
import { DOCUMENT_MAX_BYTES } from '@dossier/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { CLEAR_MARKER, SAMPLES, multipartBody, storedFiles } from './support/documents.ts';
import { DIALECTS } from './support/db.ts';
import { makeIndividual, makeUser } from './support/factories.ts';
import { type TestApp, errorOf, openTestApp } from './support/http.ts';

describe.each(DIALECTS)('KYC documents over HTTP (%s)', (dialect) => {
  let t: TestApp;
  let rm: Actor;
  let lead: Actor;
  let admin: Actor;
  const cookies: Record<string, string> = {};
  let clientId: number;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    rm = await makeUser(t.deps, 'rm');
    lead = await makeUser(t.deps, 'team_lead', { teamId: rm.teamId!, branchId: rm.branchId! });
    admin = await makeUser(t.deps, 'admin');
    for (const a of [rm, lead, admin]) cookies[a.username] = await t.login(a.username);
    clientId = (await makeIndividual(t.deps, rm)).id;
  });
  afterAll(() => t.close());

  const stored = async () => ({
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

  async function upload(
    fields: Record<string, string>,
    files: Parameters<typeof multipartBody>[1],
    opts: { as?: Actor; url?: string } = {},
  ) {
    const body = await multipartBody(fields, files);
    return t.app.inject({
      method: 'POST',
      url: opts.url ?? `/api/clients/${clientId}/documents`,
      payload: body.payload,
      headers: { ...body.headers, cookie: cookies[(opts.as ?? rm).username]! },
    });
  }

  it('uploads, lists, replaces, downloads and verifies', async () => {
    const created = await upload(
      {
        kind: 'id_card',
        number: '110101198503120011',
        issuer: '北京市公安局东城分局',
        issuedOn: '2016-03-01',
        expiresOn: '2036-03-01',
      },
      [{ name: '身份证.pdf', bytes: SAMPLES.pdf(1), type: 'application/pdf' }],
    );
    expect(created.statusCode, created.body).toBe(201);
    const doc = created.json();
    expect(created.headers.location).toBe(`/api/clients/${clientId}/documents/${doc.id}`);
    expect(doc.latest).toMatchObject({
      fileName: '身份证.pdf',
      contentType: 'application/pdf',
      number: '110***********0011',
      issuer: '北京市公安局东城分局',
      status: 'uploaded',
    });
    expect(created.body).not.toContain('110101198503120011');

    const replaced = await upload(
      { expiresOn: '2036-03-02' },
      [{ name: 'rescan.png', bytes: SAMPLES.png(2) }],
      {
        url: `/api/clients/${clientId}/documents/${doc.id}/versions`,
      },
    );
    expect(replaced.statusCode, replaced.body).toBe(201);
    expect(replaced.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const list = await t.app.inject({
      method: 'GET',
      url: `/api/clients/${clientId}/documents`,
      headers: { cookie: cookies[rm.username]! },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({ id: doc.id, versionCount: 2, latest: { version: 2 } });
    expect(list.json().requirements.items[0]).toMatchObject({
      state: 'pending_verification',
      documentId: doc.id,
    });

    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/clients/${clientId}/documents/${doc.id}`,
      headers: { cookie: cookies[rm.username]! },
    });
    expect(detail.json().versions).toHaveLength(2);

    const download = await t.app.inject({
      method: 'GET',
      url: `/api/documents/versions/${doc.latest.id}/content`,
      headers: { cookie: cookies[lead.username]! },
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['cache-control']).toBe('no-store');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="___.pdf"; filename*=UTF-8''${encodeURIComponent('身份证.pdf')}`,
    );
    expect(download.rawPayload.equals(SAMPLES.pdf(1))).toBe(true);
    expect(crypto.createHash('sha256').update(download.rawPayload).digest('hex')).toBe(doc.latest.sha256);

    const view = await t.app.inject({
      method: 'GET',
      url: `/api/documents/versions/${replaced.json().latest.id}/content?disposition=inline`,
      headers: { cookie: cookies[rm.username]! },
    });
    expect(view.headers['content-type']).toBe('image/png');
    expect(view.headers['content-disposition']).toMatch(/^inline; filename="rescan.png"/);
    const audited = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', 'in', ['document.view', 'document.download'])
      .orderBy('id')
      .execute();
    expect(audited).toEqual([
      { action: 'document.download', target_id: String(doc.latest.id) },
      { action: 'document.view', target_id: String(replaced.json().latest.id) },
    ]);

    const self = await t.app.inject({
      method: 'POST',
      url: `/api/documents/${doc.id}/verify`,
      payload: { decision: 'verified' },
      headers: { cookie: cookies[rm.username]! },
    });
    expect([self.statusCode, errorOf(self).code]).toEqual([403, 'auth.forbidden']);
    const verified = await t.app.inject({
      method: 'POST',
      url: `/api/documents/${doc.id}/verify`,
      payload: { decision: 'verified', versionId: replaced.json().latest.id },
      headers: { cookie: cookies[lead.username]! },
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json().latest.status).toBe('verified');
  });

  it('a team lead may not verify their own upload', async () => {
    const res = await upload({ kind: 'passport' }, [{ name: 'p.jpg', bytes: SAMPLES.jpeg() }], { as: lead });
    expect(res.statusCode).toBe(201);
    const self = await t.app.inject({
      method: 'POST',
      url: `/api/documents/${res.json().id}/verify`,
      payload: { decision: 'verified' },
      headers: { cookie: cookies[lead.username]! },
    });
    expect([self.statusCode, errorOf(self).code]).toEqual([403, 'document.self_verification']);
  });

  it('stores a file of exactly 20 MiB, and refuses one byte more with 413 and nothing stored', async () => {
    const big = Buffer.alloc(DOCUMENT_MAX_BYTES, 0x20);
    SAMPLES.pdf().copy(big);
    const atLimit = await upload({ kind: 'financial_statement' }, [{ name: 'annual.pdf', bytes: big }]);
    expect(atLimit.statusCode, atLimit.body).toBe(201);
    expect(atLimit.json().latest.sizeBytes).toBe(DOCUMENT_MAX_BYTES);
    const before = await stored();
    const over = await upload({ kind: 'financial_statement' }, [
      { name: 'annual.pdf', bytes: Buffer.concat([big, Buffer.from(' ')]) },
    ]);
    expect(over.statusCode).toBe(413);
    expect(errorOf(over)).toMatchObject({ code: 'request.too_large', field: 'file' });
    expect(await stored()).toEqual(before);
  });

  it.each([
    ['an executable renamed scan.pdf', SAMPLES.exe(), 'scan.pdf', 'application/pdf'],
    ['an HTML page renamed id.jpg', SAMPLES.html(), 'id.jpg', 'image/jpeg'],
  ])('refuses %s with 415, whatever it claims', async (_n, bytes, name, type) => {
    const before = await stored();
    const res = await upload({ kind: 'id_card' }, [{ name, bytes, type }]);
    expect(res.statusCode).toBe(415);
    expect(errorOf(res)).toMatchObject({ code: 'document.unsupported_type', field: 'file' });
    expect(await stored()).toEqual(before);
  });

  const pdf = [{ name: 'a.pdf', bytes: SAMPLES.pdf() }];
  it.each([
    ['no file', { kind: 'id_card' }, [], 400, 'request.invalid', 'file'],
    ['no kind', {}, pdf, 400, 'request.invalid', 'kind'],
    ['an unknown kind', { kind: 'selfie' }, pdf, 400, 'request.invalid', 'kind'],
    ['an unknown field', { kind: 'id_card', colour: 'red' }, pdf, 400, 'request.invalid', 'colour'],
    ['a bad date', { kind: 'id_card', expiresOn: '2030-02-30' }, pdf, 400, 'request.invalid', 'expiresOn'],
    [
      'a future issue date',
      { kind: 'id_card', issuedOn: '2099-01-01' },
      pdf,
      400,
      'request.invalid',
      'issuedOn',
    ],
    ['a kind of the other client kind', { kind: 'articles' }, pdf, 400, 'request.invalid', 'kind'],
    ['a number too long', { kind: 'id_card', number: '1'.repeat(65) }, pdf, 400, 'request.invalid', 'number'],
    [
      'a field over 1 KiB',
      { kind: 'id_card', issuer: '局'.repeat(400) },
      pdf,
      400,
      'request.invalid',
      'issuer',
    ],
    [
      'two files',
      { kind: 'id_card' },
      [...pdf, { name: 'b.pdf', bytes: SAMPLES.pdf(1) }],
      400,
      'request.invalid',
      'file',
    ],
    [
      'a file under another name',
      { kind: 'id_card' },
      [{ field: 'scan', ...pdf[0]! }],
      400,
      'request.invalid',
      'scan',
    ],
    [
      'an empty file',
      { kind: 'id_card' },
      [{ name: 'a.pdf', bytes: Buffer.alloc(0) }],
      400,
      'request.invalid',
      'file',
    ],
  ] as const)(
    'refuses %s with the field named and stores nothing',
    async (_n, fields, files, status, code, field) => {
      const before = await stored();
      const res = await upload({ ...fields }, [...files]);
      expect(res.statusCode, res.body).toBe(status);
      expect(errorOf(res)).toMatchObject({ code, field });
      expect(await stored()).toEqual(before);
    },
  );

  it.each([
    [
      'JSON instead of a form',
      'application/json',
      JSON.stringify({ kind: 'id_card' }),
      415,
      'request.unsupported_media_type',
    ],
    ['multipart without a boundary', 'multipart/form-data', 'kind=id_card', 400, 'request.invalid'],
    [
      'multipart cut short',
      'multipart/form-data; boundary=XyZ',
      `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7 ${CLEAR_MARKER}`,
      400,
      'request.invalid',
    ],
    ['an empty multipart body', 'multipart/form-data; boundary=XyZ', '', 400, 'request.invalid'],
    ['plain text', 'text/plain', 'hello', 415, 'request.unsupported_media_type'],
  ])('refuses %s with a 4xx', async (_n, type, payload, status, code) => {
    const before = await stored();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/clients/${clientId}/documents`,
      payload,
      headers: { 'content-type': type, cookie: cookies[rm.username]! },
    });
    expect(res.statusCode, res.body).toBe(status);
    expect(errorOf(res).code).toBe(code);
    expect(await stored()).toEqual(before);
  });

  it('refuses bad identifiers and verification input', async () => {
    const cases: [string, string, unknown, number, string][] = [
      ['GET', '/api/documents/versions/abc/content', undefined, 400, 'path.versionId'],
      ['GET', '/api/documents/versions/1/content?disposition=open', undefined, 400, 'query.disposition'],
      ['POST', '/api/documents/1/verify', { decision: 'maybe' }, 400, 'decision'],
      ['POST', '/api/documents/1/verify', { decision: 'verified', note: 'x' }, 400, 'note'],
      ['POST', `/api/clients/${clientId}/documents/0/versions`, undefined, 400, 'path.documentId'],
    ];
    for (const [method, url, payload, status, field] of cases) {
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        payload: payload as object,
        headers: { cookie: cookies[lead.username]! },
      });
      expect(res.statusCode, `${method} ${url} ${res.body}`).toBe(status);
      expect(errorOf(res).field).toBe(field);
    }
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/documents/versions/987654/content',
      headers: { cookie: cookies[lead.username]! },
    });
    expect([missing.statusCode, errorOf(missing).code]).toEqual([404, 'document.not_found']);
  });

  it('an administrator reads and saves the required-documents matrix', async () => {
    const get = await t.app.inject({
      method: 'GET',
      url: '/api/settings/required-documents',
      headers: { cookie: cookies[admin.username]! },
    });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toMatchObject({ source: 'default' });
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/settings/required-documents',
      payload: { ...get.json().matrix, individual: { always: [['id_card']], byRiskTolerance: { C9: [] } } },
      headers: { cookie: cookies[admin.username]! },
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).field).toMatch(/^individual\.byRiskTolerance/);
    const wrongKind = await t.app.inject({
      method: 'PUT',
      url: '/api/settings/required-documents',
      payload: { ...get.json().matrix, corporate: { always: [['passport']], byCreditRating: {} } },
      headers: { cookie: cookies[admin.username]! },
    });
    expect([wrongKind.statusCode, errorOf(wrongKind).field]).toEqual([400, 'corporate.always.0.0']);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/settings/required-documents',
      payload: { ...get.json().matrix, corporate: { always: [['business_licence']], byCreditRating: {} } },
      headers: { cookie: cookies[admin.username]! },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ source: 'custom', updatedBy: { id: admin.id } });
    expect(put.json().matrix.corporate.always).toEqual([['business_licence']]);
  });

  it('documents the upload in the OpenAPI description', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/clients/{id}/documents',
        '/api/documents/versions/{versionId}/content',
        '/api/settings/required-documents',
      ]),
    );
  });
});
