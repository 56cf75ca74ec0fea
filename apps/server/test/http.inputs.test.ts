import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { DIALECTS } from './support/db.ts';
import { makeIndividual, makeUser, residentId } from './support/factories.ts';
import { type TestApp, errorOf, openTestApp } from './support/http.ts';

const countClients = async (t: TestApp) =>
  Number(
    (
      await t.deps.db
        .selectFrom('clients')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe.each(DIALECTS)(
  'bad input is refused with a 4xx, the field named, and nothing stored (%s)',
  (dialect) => {
    let t: TestApp;
    let rm: Actor;
    let cookie: string;
    const post = (payload: string, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/clients',
        payload,
        headers: { cookie, 'content-type': 'application/json', ...headers },
      });

    beforeAll(async () => {
      t = await openTestApp(dialect);
      rm = await makeUser(t.deps, 'rm');
      cookie = await t.login(rm.username);
    });
    afterAll(() => t.close());

    const valid = () => ({
      kind: 'individual',
      name: '张三',
      idType: 'resident_id',
      idNumber: residentId(1),
    });

    it.each([
      ['malformed JSON', '{"kind": "individual", ', 400, 'request.malformed_json', undefined],
      ['empty body', '', 400, 'request.malformed_json', undefined],
      ['wrong type', JSON.stringify({ ...valid(), name: 42 }), 400, 'request.invalid', 'name'],
      ['unknown field', JSON.stringify({ ...valid(), shoeSize: 42 }), 400, 'request.invalid', 'shoeSize'],
      ['unknown kind', JSON.stringify({ ...valid(), kind: 'alien' }), 400, 'request.invalid', 'kind'],
      ['bad mobile', JSON.stringify({ ...valid(), mobile: '12345' }), 400, 'request.invalid', 'mobile'],
      ['bad e-mail', JSON.stringify({ ...valid(), email: 'not-an-email' }), 400, 'request.invalid', 'email'],
      [
        'bad date',
        JSON.stringify({ ...valid(), birthDate: '1985-02-30' }),
        400,
        'request.invalid',
        'birthDate',
      ],
      [
        'bad ID check digit',
        JSON.stringify({ ...valid(), idNumber: '110105194912310021' }),
        400,
        'request.invalid',
        'idNumber',
      ],
      [
        'negative money',
        JSON.stringify({
          kind: 'corporate',
          name: 'X公司',
          creditCode: '91350100M000100Y43',
          industryCode: 'I65',
          registeredCapital: { minor: -1, currency: 'CNY' },
        }),
        400,
        'request.invalid',
        'registeredCapital.minor',
      ],
      [
        'float money',
        JSON.stringify({
          kind: 'corporate',
          name: 'X公司',
          creditCode: '91350100M000100Y43',
          industryCode: 'I65',
          registeredCapital: { minor: 1.5, currency: 'CNY' },
        }),
        400,
        'request.invalid',
        'registeredCapital.minor',
      ],
      ['array body', JSON.stringify([valid()]), 400, 'request.invalid', undefined],
    ])('%s', async (_name, payload, status, code, field) => {
      const before = await countClients(t);
      const res = await post(payload);
      expect(res.statusCode).toBe(status);
      const e = errorOf(res);
      expect(e.code).toBe(code);
      if (field) expect(e.field).toBe(field);
      expect(e.message.length).toBeGreaterThan(5);
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
      expect(await countClients(t)).toBe(before);
    });

    it('oversized body → 413', async () => {
      const res = await post(JSON.stringify({ ...valid(), address: 'x'.repeat(2 * 1024 * 1024) }));
      expect(res.statusCode).toBe(413);
      expect(errorOf(res).code).toBe('request.too_large');
    });

    it('wrong content type → 415', async () => {
      const res = await post('name=张三', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(res.statusCode).toBe(415);
      expect(errorOf(res).code).toBe('request.unsupported_media_type');
    });

    it.each([['abc'], ['0'], ['-1'], ['1.5'], ['99999999999999999999'], ['1e3']])(
      'invalid identifier %s → 400 naming the path parameter',
      async (id) => {
        const res = await t.app.inject({ method: 'GET', url: `/api/clients/${id}`, headers: { cookie } });
        expect(res.statusCode).toBe(400);
        expect(errorOf(res).field).toBe('path.id');
      },
    );

    it('unknown query parameters and bad filters are refused', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/clients?tier=platinumx',
        headers: { cookie },
      });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).field).toBe('query.tier');
      const res2 = await t.app.inject({
        method: 'GET',
        url: '/api/clients?pageSize=100000',
        headers: { cookie },
      });
      expect(res2.statusCode).toBe(400);
    });

    it('PATCH needs If-Match (428) and a current one (412); the ETag moves with each edit', async () => {
      const c = await makeIndividual(t.deps, rm);
      const url = `/api/clients/${c.id}`;
      const get = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(get.headers.etag).toBe('"1"');
      const none = await t.app.inject({
        method: 'PATCH',
        url,
        payload: { occupation: '医生' },
        headers: { cookie },
      });
      expect(none.statusCode).toBe(428);
      const ok = await t.app.inject({
        method: 'PATCH',
        url,
        payload: { occupation: '医生' },
        headers: { cookie, 'if-match': '"1"' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers.etag).toBe('"2"');
      const stale = await t.app.inject({
        method: 'PATCH',
        url,
        payload: { occupation: '律师' },
        headers: { cookie, 'if-match': '"1"' },
      });
      expect(stale.statusCode).toBe(412);
      const after = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(after.json().occupation).toBe('医生');
    });

    it('an unknown API path is a JSON 404, not the web app', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/nope', headers: { cookie } });
      expect(res.statusCode).toBe(404);
      expect(errorOf(res).code).toBe('request.not_found');
    });

    it('serves the OpenAPI 3.1 document and the docs page', async () => {
      const spec = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(spec.statusCode).toBe(200);
      const doc = spec.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/clients',
          '/api/clients/{id}',
          '/api/auth/login',
          '/api/audit',
          '/api/users',
        ]),
      );
      expect(doc.paths['/api/clients/{id}']).toHaveProperty('patch');
      const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
      expect(docs.statusCode).toBe(200);
      expect(docs.body).toContain('swagger');
    });
  },
);
