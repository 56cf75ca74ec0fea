import { IdParam, PageQuery, ProfileQuality, ProfilesNeedingUpdate } from '@dossier/contract';
import { z } from 'zod';
import type { Deps } from '../../core/context.ts';
import { type App, ctxOf } from '../../http/app.ts';
import { clientQuality, profilesNeedingUpdate } from './quality.service.ts';

export function registerQualityRoutes(app: App, deps: Deps): void {
  app.get(
    '/clients/:id/quality',
    { schema: { tags: ['clients'], params: IdParam, response: { 200: ProfileQuality } } },
    (req) => clientQuality(ctxOf(deps, req), req.params.id),
  );
  app.get(
    '/profiles/needing-update',
    {
      schema: {
        tags: ['clients'],
        querystring: z.strictObject(PageQuery),
        response: { 200: ProfilesNeedingUpdate },
      },
    },
    (req) => profilesNeedingUpdate(ctxOf(deps, req), req.query.page, req.query.pageSize),
  );
}
