import { AuditPage, AuditQuery, AuditVerifyResponse } from '@dossier/contract';
import type { Deps } from '../../core/context.ts';
import { type App, ctxOf } from '../../http/app.ts';
import { checkAuditChain, listAudit } from './audit.service.ts';

export function registerAuditRoutes(app: App, deps: Deps): void {
  app.get(
    '/audit',
    { schema: { tags: ['audit'], querystring: AuditQuery, response: { 200: AuditPage } } },
    (req) => listAudit(ctxOf(deps, req), req.query),
  );
  app.get('/audit/verify', { schema: { tags: ['audit'], response: { 200: AuditVerifyResponse } } }, (req) =>
    checkAuditChain(ctxOf(deps, req)),
  );
}
