import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.ts';
import { TEST_PASSWORD, makeUser, residentId } from './support/factories.ts';
import { type TestApp, openTestApp } from './support/http.ts';

describe('logs never hold a sensitive value in clear', () => {
  let t: TestApp;
  let lines = '';
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines += chunk.toString();
        cb();
      },
    });
    t = await openTestApp('sqlite', { log: createLogger('trace', sink) });
  });
  afterAll(() => t.close());

  it('through sign-in, create, search by ID and mobile, a duplicate, a reveal and a bad request', async () => {
    const rm = await makeUser(t.deps, 'rm');
    const cookie = await t.login(rm.username);
    const idNumber = residentId(321, '19720315');
    const mobile = '13987654321';
    const email = 'secret.person@example.com';
    const body = {
      kind: 'individual',
      name: '日志测试',
      idType: 'resident_id',
      idNumber,
      mobile,
      email,
      address: '上海市浦东新区世纪大道100号',
    };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/clients',
      payload: body,
      headers: { cookie },
    });
    expect(created.statusCode).toBe(201);
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/clients',
      payload: body,
      headers: { cookie },
    });
    expect(dup.statusCode).toBe(409);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/clients',
      payload: { ...body, mobile: `${mobile}9` },
      headers: { cookie },
    });
    expect(bad.statusCode).toBe(400);
    for (const q of [idNumber, mobile]) {
      const r = await t.app.inject({
        method: 'GET',
        url: `/api/clients/suggest?q=${q}`,
        headers: { cookie },
      });
      expect(r.json().items).toHaveLength(1);
    }
    const reveal = await t.app.inject({
      method: 'POST',
      url: `/api/clients/${created.json().id}/reveal`,
      payload: { field: 'idNumber', purpose: '开户核验' },
      headers: { cookie },
    });
    expect(reveal.json().value).toBe(idNumber);
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: rm.username, password: `${TEST_PASSWORD}x` },
    });

    expect(lines.length).toBeGreaterThan(1000); // the requests were logged…
    expect(lines).toContain('/api/clients/suggest');
    for (const secret of [idNumber, mobile, email, '世纪大道', TEST_PASSWORD, cookie.split('=')[1]!]) {
      expect(lines, `log contains ${secret}`).not.toContain(secret); // …without the values
    }
  });
});
