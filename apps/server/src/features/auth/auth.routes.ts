import { LoginRequest, Me } from '@dossier/contract';
import { z } from 'zod';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { type App, SESSION_COOKIE, ctxOf } from '../../http/app.ts';
import { SESSION_ABSOLUTE_MS, login, logout, toMe } from './auth.service.ts';

export function registerAuthRoutes(app: App, deps: Deps, opts: { secureCookies: boolean }): void {
  app.post(
    '/auth/login',
    { config: { public: true }, schema: { tags: ['auth'], body: LoginRequest, response: { 200: Me } } },
    async (request, reply) => {
      const { token, me } = await login(deps, request.body, {
        ip: request.ip ?? null,
        userAgent: request.headers['user-agent'] ?? null,
        now: deps.clock(),
      });
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: opts.secureCookies,
        path: '/',
        maxAge: SESSION_ABSOLUTE_MS / 1000,
      });
      return me;
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], response: { 204: z.null() } } },
    async (request, reply) => {
      if (!request.sessionId) throw new AppError('auth.required', 'Please sign in.');
      await logout(ctxOf(deps, request), request.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get('/auth/me', { schema: { tags: ['auth'], response: { 200: Me } } }, async (request) =>
    toMe(ctxOf(deps, request).actor),
  );
}
