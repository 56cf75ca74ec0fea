import { ConsentLedger, ConsentRecord, IdParam } from '@dossier/contract';
import type { Deps } from '../../core/context.ts';
import { type App, ctxOf } from '../../http/app.ts';
import { consentLedger, recordConsent } from './consents.service.ts';

export function registerConsentRoutes(app: App, deps: Deps): void {
  const tags = ['consents'];
  app.get(
    '/clients/:id/consents',
    { schema: { tags, params: IdParam, response: { 200: ConsentLedger } } },
    (req) => consentLedger(ctxOf(deps, req), req.params.id),
  );
  app.post(
    '/clients/:id/consents',
    { schema: { tags, params: IdParam, body: ConsentRecord, response: { 201: ConsentLedger } } },
    async (req, reply) => {
      const ledger = await recordConsent(ctxOf(deps, req), req.params.id, req.body);
      reply.status(201);
      return ledger;
    },
  );
}
