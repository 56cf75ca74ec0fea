import {
  FinanceSummary,
  IdParam,
  TransactionBatch,
  TransactionBatchResult,
  TransactionListQuery,
  TransactionPage,
} from '@dossier/contract';
import type { Deps } from '../../core/context.ts';
import { type App, ctxOf } from '../../http/app.ts';
import { financeSummary } from './finance.service.ts';
import { ingestTransactions, listClientTransactions } from './transactions.service.ts';

/** 10,000 transactions of a few hundred bytes each, with room to spare. */
export const TRANSACTION_BATCH_BODY_LIMIT = 16 * 1024 * 1024;

export function registerTransactionRoutes(app: App, deps: Deps): void {
  const tags = ['transactions'];
  app.post(
    '/transactions/batch',
    {
      bodyLimit: TRANSACTION_BATCH_BODY_LIMIT,
      schema: { tags, body: TransactionBatch, response: { 200: TransactionBatchResult } },
    },
    (req) => ingestTransactions(ctxOf(deps, req), req.body),
  );
  app.get(
    '/clients/:id/transactions',
    {
      schema: {
        tags,
        params: IdParam,
        querystring: TransactionListQuery,
        response: { 200: TransactionPage },
      },
    },
    (req) => listClientTransactions(ctxOf(deps, req), req.params.id, req.query),
  );
  app.get(
    '/clients/:id/finance',
    { schema: { tags, params: IdParam, response: { 200: FinanceSummary } } },
    (req) => financeSummary(ctxOf(deps, req), req.params.id),
  );
}
