import { ClientDetail, IdParam, KycReviewRequest } from '@dossier/contract';
import type { Deps } from '../../core/context.ts';
import { type App, ctxOf } from '../../http/app.ts';
import { reviewClient } from './reviews.service.ts';

export function registerReviewRoutes(app: App, deps: Deps): void {
  app.post(
    '/clients/:id/review',
    {
      schema: { tags: ['clients'], params: IdParam, body: KycReviewRequest, response: { 200: ClientDetail } },
    },
    async (req, reply) => {
      const client = await reviewClient(ctxOf(deps, req), req.params.id, req.body);
      reply.header('etag', `"${client.version}"`);
      return client;
    },
  );
}
