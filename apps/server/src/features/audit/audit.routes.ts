import { AuditPage, AuditQuery } from '@dossier/contract';
import type { Deps } from '../../core/context.ts';
import { type App, ctxOf } from '../../http/app.ts';
import { listAudit } from './audit.service.ts';

export function registerAuditRoutes(app: App, deps: Deps): void {
  app.get(
    '/audit',
    { schema: { tags: ['audit'], querystring: AuditQuery, response: { 200: AuditPage } } },
    (req) => listAudit(ctxOf(deps, req), req.query),
  );
}
