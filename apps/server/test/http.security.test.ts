import { describe, expect, it } from 'vitest';
import { makeUser } from './support/factories.ts';
import { errorOf, openTestApp } from './support/http.ts';

describe('HTTP security defaults', () => {
  it('sends security headers on every answer', async () => {
    const t = await openTestApp('sqlite');
    for (const url of ['/healthz', '/api/clients', '/api/nope']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(res.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['strict-transport-security'], url).toBeDefined();
    }
    await t.close();
  });

  it('a fault on our side is a 500 with a plain message: no stack, no SQL, no driver text', async () => {
    const t = await openTestApp('sqlite');
    const rm = await makeUser(t.deps, 'rm');
    const cookie = await t.login(rm.username);
    // Break the database under the running app: the next query fails inside the driver.
    await t.deps.db.schema.dropTable('client_co_servicers').execute();
    const res = await t.app.inject({ method: 'GET', url: '/api/clients', headers: { cookie } });
    expect(res.statusCode).toBe(500);
    const e = errorOf(res);
    expect(e.code).toBe('internal');
    expect(res.body).not.toMatch(/client_co_servicers|SQLITE|sqlite|at .*\.ts|no such table/i);
    await t.close();
  });
});
