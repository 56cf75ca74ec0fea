import { ClientDetail, DuplicatePairs, IdParam, MergeRequest } from '@dossier/contract';
import { z } from 'zod';
import type { Deps } from '../../core/context.ts';
import { type App, ctxOf } from '../../http/app.ts';
import { likelyDuplicates, mergeClients } from './merges.service.ts';

export function registerMergeRoutes(app: App, deps: Deps): void {
  app.get(
    '/duplicates',
    {
      schema: {
        tags: ['clients'],
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: DuplicatePairs },
      },
    },
    (req) => likelyDuplicates(ctxOf(deps, req), req.query.limit),
  );
  app.post(
    '/clients/:id/merge',
    { schema: { tags: ['clients'], params: IdParam, body: MergeRequest, response: { 200: ClientDetail } } },
    async (req, reply) => {
      const client = await mergeClients(ctxOf(deps, req), req.params.id, req.body);
      reply.header('etag', `"${client.version}"`);
      return client;
    },
  );
}
