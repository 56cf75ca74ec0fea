import {
  Account,
  AccountBatch,
  AccountBatchResult,
  AccountCreate,
  AccountDetail,
  AccountList,
  CollateralCreate,
  IdParam,
  LoanGuaranteeCreate,
} from '@dossier/contract';
import type { Deps } from '../../core/context.ts';
import { type App, ctxOf } from '../../http/app.ts';
import { createAccount, importAccounts, listClientAccounts } from './accounts.service.ts';
import { addCollateral, getAccountDetail, linkGuarantee } from './loans.service.ts';

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
  app.get('/accounts/:id', { schema: { tags, params: IdParam, response: { 200: AccountDetail } } }, (req) =>
    getAccountDetail(ctxOf(deps, req), req.params.id),
  );
  app.post(
    '/accounts/:id/collateral',
    { schema: { tags, params: IdParam, body: CollateralCreate, response: { 201: AccountDetail } } },
    async (req, reply) => {
      const detail = await addCollateral(ctxOf(deps, req), req.params.id, req.body);
      reply.status(201);
      return detail;
    },
  );
  app.post(
    '/accounts/:id/guarantees',
    { schema: { tags, params: IdParam, body: LoanGuaranteeCreate, response: { 201: AccountDetail } } },
    async (req, reply) => {
      const detail = await linkGuarantee(ctxOf(deps, req), req.params.id, req.body);
      reply.status(201);
      return detail;
    },
  );
}
