import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { passwordProblem } from '../src/features/auth/passwords.ts';
import { DIALECTS } from './support/db.ts';
import { TEST_PASSWORD, makeUser } from './support/factories.ts';
import { type TestApp, cookieOf, errorOf, openTestApp } from './support/http.ts';

describe('password rules', () => {
  it.each([
    ['short1!', 'must be at least 12 characters'],
    ['123qweasdzxc', 'is one of the most common passwords; choose another'],
    ['qwertyqwerty', 'is one of the most common passwords; choose another'],
    ['~~~~~~~~~~~~~~~~', 'must not repeat one character'],
    ['rm01-Secret-Word', 'must not contain the username'],
    ['Plausible-Garden-77', null],
  ])('%s → %s', (pw, expected) => {
    expect(passwordProblem(pw, 'rm01')).toBe(expected);
  });
});

describe.each(DIALECTS)('sign-in and sessions (%s)', (dialect) => {
  let t: TestApp;
  let rm: Actor;
  const login = (username: string, password: string, ip = '10.1.1.1') =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: ip,
    });
  const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });

  beforeAll(async () => {
    t = await openTestApp(dialect);
    rm = await makeUser(t.deps, 'rm');
  });
  afterAll(() => t.close());

  it('sets an httpOnly SameSite=Strict cookie with a new session id at every login', async () => {
    const a = await login(rm.username, TEST_PASSWORD);
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({
      username: rm.username,
      role: 'rm',
      permissions: expect.arrayContaining(['client.read']),
    });
    const set = String(a.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    const b = await login(rm.username, TEST_PASSWORD);
    expect(cookieOf(a)).not.toBe(cookieOf(b));
    expect((await me(cookieOf(a))).statusCode).toBe(200);
    const stored = await t.deps.db.selectFrom('sessions').select('id').execute();
    expect(stored.map((s) => s.id)).not.toContain(cookieOf(a).split('=')[1]);
  });

  it('logout ends the session and is audited', async () => {
    const cookie = cookieOf(await login(rm.username, TEST_PASSWORD));
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await me(cookie)).statusCode).toBe(401);
    const entry = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.logout')
      .executeTakeFirst();
    expect(entry?.actor_id).toBe(rm.id);
  });

  it('expires a session after 30 idle minutes', async () => {
    const start = t.now.value;
    const cookie = cookieOf(await login(rm.username, TEST_PASSWORD));
    t.now.value = new Date(start.getTime() + 29 * 60_000);
    expect((await me(cookie)).statusCode).toBe(200);
    t.now.value = new Date(start.getTime() + 29 * 60_000 + 31 * 60_000);
    expect((await me(cookie)).statusCode).toBe(401);
    t.now.value = start;
  });

  it('expires a session 12 hours after login even when in use', async () => {
    const start = t.now.value;
    const cookie = cookieOf(await login(rm.username, TEST_PASSWORD));
    // In use every 20 minutes (never idle for 30) until 11 h 40 min after login…
    for (let k = 1; k <= 35; k++) {
      t.now.value = new Date(start.getTime() + k * 20 * 60_000);
      expect((await me(cookie)).statusCode).toBe(200);
    }
    // …and refused 21 minutes later, past the 12-hour limit.
    t.now.value = new Date(start.getTime() + 12 * 3600_000 + 60_000);
    expect((await me(cookie)).statusCode).toBe(401);
    t.now.value = start;
  });

  it('audits failed logins and locks the account after 5 failures, even to the right password', async () => {
    const victim = await makeUser(t.deps, 'rm');
    for (let i = 0; i < 5; i++) {
      const r = await login(victim.username, 'Wrong-Password-123', `10.2.0.${i}`);
      expect(r.statusCode).toBe(401);
      expect(errorOf(r).code).toBe('auth.invalid_credentials');
    }
    const locked = await login(victim.username, TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(errorOf(locked).code).toBe('auth.locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const failed = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.login_failed')
      .where('attempted_username', '=', victim.username)
      .execute();
    expect(failed).toHaveLength(6);
    expect(failed.some((f) => String(f.details).includes('Wrong-Password'))).toBe(false);
    // The lock lifts after the window.
    const start = t.now.value;
    t.now.value = new Date(start.getTime() + 16 * 60_000);
    expect((await login(victim.username, TEST_PASSWORD)).statusCode).toBe(200);
    t.now.value = start;
  });

  it('answers the same for an unknown user as for a wrong password', async () => {
    const a = await login('nobody-here', 'Whatever-Password-1');
    const b = await login(rm.username, 'Whatever-Password-1');
    expect(a.statusCode).toBe(401);
    expect(a.body).toBe(b.body);
  });
});
