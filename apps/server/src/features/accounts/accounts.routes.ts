import {
  Account,
  AccountBatch,
  AccountBatchResult,
  AccountCreate,
  AccountList,
  IdParam,
} from '@dossier/contract';
import type { Deps } from '../../core/context.ts';
import { type App, ctxOf } from '../../http/app.ts';
import { createAccount, importAccounts, listClientAccounts } from './accounts.service.ts';

export const ACCOUNT_BATCH_BODY_LIMIT = 4 * 1024 * 1024;

export function registerAccountRoutes(app: App, deps: Deps): void {
  const tags = ['accounts'];
  app.get(
    '/clients/:id/accounts',
    { schema: { tags, params: IdParam, response: { 200: AccountList } } },
    (req) => listClientAccounts(ctxOf(deps, req), req.params.id),
  );
  app.post(
    '/clients/:id/accounts',
    { schema: { tags, params: IdParam, body: AccountCreate, response: { 201: Account } } },
    async (req, reply) => {
      const account = await createAccount(ctxOf(deps, req), req.params.id, req.body);
      reply.status(201);
      return account;
    },
  );
  app.post(
    '/accounts/batch',
    {
      bodyLimit: ACCOUNT_BATCH_BODY_LIMIT,
      schema: { tags, body: AccountBatch, response: { 200: AccountBatchResult } },
    },
    (req) => importAccounts(ctxOf(deps, req), req.body),
  );
}
