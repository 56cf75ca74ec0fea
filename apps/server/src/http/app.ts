import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  type ZodTypeProvider,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Actor, Ctx, Deps } from '../core/context.ts';
import { AppError } from '../core/errors.ts';
import { registerAccountRoutes } from '../features/accounts/accounts.routes.ts';
import { registerAuditRoutes } from '../features/audit/audit.routes.ts';
import { registerAuthRoutes } from '../features/auth/auth.routes.ts';
import { resolveSession } from '../features/auth/auth.service.ts';
import { registerClientRoutes } from '../features/clients/clients.routes.ts';
import { registerConsentRoutes } from '../features/consents/consents.routes.ts';
import { registerDocumentRoutes } from '../features/documents/documents.routes.ts';
import { registerImportRoutes } from '../features/imports/imports.routes.ts';
import { registerMergeRoutes } from '../features/merges/merges.routes.ts';
import { registerReviewRoutes } from '../features/reviews/reviews.routes.ts';
import { registerQualityRoutes } from '../features/quality/quality.routes.ts';
import { registerTaskRoutes } from '../features/tasks/tasks.routes.ts';
import { registerAlertRoutes } from '../features/alerts/alerts.routes.ts';
import { registerTransactionRoutes } from '../features/transactions/transactions.routes.ts';
import { registerRelationshipRoutes } from '../features/relationships/relationships.routes.ts';
import { registerUserRoutes } from '../features/users/users.routes.ts';
import { sendError } from './errors.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export type RouteEntry = { method: string; url: string; public: boolean };

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with whether it answers without a session; the auth tests walk it. */
    routeTable: RouteEntry[];
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    /** Answers without a session. Every such route is listed in PUBLIC_ROUTES and tested. */
    public?: boolean;
  }
}

export const SESSION_COOKIE = 'dossier_session';
export const BODY_LIMIT = 1024 * 1024;

export type AppOptions = { deps: Deps; webDist?: string | null; secureCookies?: boolean };

export async function buildApp(opts: AppOptions): Promise<App> {
  const { deps } = opts;
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    trustProxy: false,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, request, reply) => sendError(request, reply, err));
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    // Outside /api only the health check, the web app's files and nothing personal are served;
    // the API docs are public by design. Everything else under /api needs a session.
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) {
      route.config = { ...(route.config ?? {}), public: true };
    }
    for (const method of [route.method].flat()) {
      routeTable.push({ method, url: route.url, public: route.config?.public === true });
    }
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Dossier API',
        description: 'Key-account management for banks (大客户档案)',
        version: '0.1.0',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list' },
    staticCSP: true,
  });

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession(deps, token, deps.clock());
    if (session) {
      request.actor = session.actor;
      request.sessionId = session.sessionId;
    }
  });
  // Checked before the body is parsed or validated: without a session a route says nothing else.
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public || !request.routeOptions.url) return;
    if (!request.actor) throw new AppError('auth.required', 'Please sign in.');
  });

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(
    async (api) => {
      registerAuthRoutes(api as App, deps, { secureCookies: opts.secureCookies ?? false });
      registerClientRoutes(api as App, deps);
      registerRelationshipRoutes(api as App, deps);
      registerConsentRoutes(api as App, deps);
      registerDocumentRoutes(api as App, deps);
      registerQualityRoutes(api as App, deps);
      registerTaskRoutes(api as App, deps);
      registerImportRoutes(api as App, deps);
      registerMergeRoutes(api as App, deps);
      registerReviewRoutes(api as App, deps);
      registerAccountRoutes(api as App, deps);
      registerTransactionRoutes(api as App, deps);
      registerAlertRoutes(api as App, deps);
      registerUserRoutes(api as App, deps);
      registerAuditRoutes(api as App, deps);
    },
    { prefix: '/api' },
  );

  const webDist = opts.webDist ?? null;
  const hasWeb = webDist !== null && fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false, serve: true });
    app.get('/', { config: { public: true }, schema: { hide: true } }, (_req, reply) =>
      reply.sendFile('index.html'),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    if (hasWeb && request.method === 'GET' && !url.startsWith('/api/') && url !== '/api') {
      return reply.type('text/html').sendFile('index.html');
    }
    return sendError(
      request,
      reply,
      new AppError('request.not_found', `No endpoint ${request.method} ${url}.`),
    );
  });

  return app;
}

/** The service context of an authenticated request. */
export function ctxOf(deps: Deps, request: FastifyRequest): Ctx {
  if (!request.actor) throw new AppError('auth.required', 'Please sign in.');
  return {
    ...deps,
    actor: request.actor,
    now: deps.clock(),
    ip: request.ip ?? null,
    userAgent: (request.headers['user-agent'] as string | undefined) ?? null,
  };
}
