import type { LightMyRequestResponse } from 'fastify';
import { type App, buildApp } from '../../src/http/app.ts';
import { type TestDb, openTestDb } from './db.ts';
import { TEST_PASSWORD } from './factories.ts';

export type TestApp = TestDb & { app: App; login(username: string): Promise<string>; close(): Promise<void> };

export async function openTestApp(
  dialect: 'sqlite' | 'postgres',
  opts: Parameters<typeof openTestDb>[1] = {},
): Promise<TestApp> {
  const t = await openTestDb(dialect, opts);
  const app = await buildApp({ deps: t.deps, webDist: null });
  await app.ready();
  return {
    ...t,
    app,
    /** Signs in and returns the Cookie header value to send. */
    async login(username: string) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: TEST_PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return cookieOf(res);
    },
    async close() {
      await app.close();
      await t.close();
    },
  };
}

export function cookieOf(res: LightMyRequestResponse): string {
  const set = res.headers['set-cookie'];
  const first = Array.isArray(set) ? set[0] : set;
  if (!first) throw new Error('no session cookie');
  return first.split(';')[0]!;
}

export function errorOf(res: LightMyRequestResponse): {
  code: string;
  message: string;
  field?: string;
  issues?: { field: string; message: string }[];
} {
  return (res.json() as { error: { code: string; message: string; field?: string } }).error;
}

/**
 * A server-sent events stream as a browser holds it: `until(pattern, ms)` reads until the text
 * received so far matches (or the time is up) and returns that text; `close()` hangs up.
 */
export async function openEventStream(url: string, cookie: string) {
  const ac = new AbortController();
  const res = await fetch(url, { headers: { cookie }, signal: ac.signal });
  const reader = res.body!.getReader();
  let text = '';
  const until = async (pattern: RegExp, ms: number) => {
    const deadline = Date.now() + ms;
    while (!pattern.test(text) && Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<null>((r) => setTimeout(() => r(null), Math.max(1, deadline - Date.now()))),
      ]);
      if (chunk && !chunk.done) text += new TextDecoder().decode(chunk.value);
    }
    return text;
  };
  return { res, until, close: () => ac.abort() };
}
