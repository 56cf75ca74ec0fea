import { Org, RmListResponse, UserCreate, UserListQuery, UserPage, UserSummary } from '@dossier/contract';
import type { Deps } from '../../core/context.ts';
import { type App, ctxOf } from '../../http/app.ts';
import { createUserAs, getOrg, listRms, listUsers } from './users.service.ts';

export function registerUserRoutes(app: App, deps: Deps): void {
  app.get(
    '/users',
    { schema: { tags: ['users'], querystring: UserListQuery, response: { 200: UserPage } } },
    (req) => listUsers(ctxOf(deps, req), req.query),
  );
  app.post(
    '/users',
    { schema: { tags: ['users'], body: UserCreate, response: { 201: UserSummary } } },
    async (req, reply) => {
      const ctx = ctxOf(deps, req);
      const user = await createUserAs(deps, { ctx }, req.body, { now: ctx.now });
      reply.status(201);
      return user;
    },
  );
  app.get('/org', { schema: { tags: ['users'], response: { 200: Org } } }, (req) => getOrg(ctxOf(deps, req)));
  app.get('/rms', { schema: { tags: ['users'], response: { 200: RmListResponse } } }, (req) =>
    listRms(ctxOf(deps, req)),
  );
}
