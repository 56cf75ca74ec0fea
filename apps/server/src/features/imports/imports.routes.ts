import {
  ImportMapping,
  ImportQuery,
  ImportReport,
  TransactionImportQuery,
  TransactionImportReport,
} from '@dossier/contract';
import { z } from 'zod';
import type { Deps } from '../../core/context.ts';
import { type App, ctxOf } from '../../http/app.ts';
import { importRelationships } from './imports.relationships.ts';
import { getMapping, importClients, putMapping } from './imports.service.ts';
import {
  getTransactionMapping,
  importTransactionFile,
  putTransactionMapping,
} from './imports.transactions.service.ts';

export const IMPORT_BODY_LIMIT = 50 * 1024 * 1024;
const FILE_TYPES = [
  'application/octet-stream',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  // camt.053 statements
  'application/xml',
  'text/xml',
];
const Source = z.strictObject({ source: z.string().trim().min(1).max(64) });

export function registerImportRoutes(app: App, deps: Deps): void {
  // The file is the body itself (CSV or XLSX bytes), so this scope reads bodies as raw bytes.
  app.register(async (scope) => {
    const files = scope as unknown as App;
    files.addContentTypeParser(
      FILE_TYPES,
      { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    files.post(
      '/imports/clients',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: { tags: ['imports'], querystring: ImportQuery, response: { 200: ImportReport } },
      },
      (req) => importClients(ctxOf(deps, req), req.body, req.query),
    );
    files.post(
      '/imports/relationships',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['imports'],
          querystring: ImportQuery.pick({ dryRun: true }),
          response: { 200: ImportReport },
        },
      },
      (req) => importRelationships(ctxOf(deps, req), req.body, req.query.dryRun),
    );
    files.post(
      '/imports/transactions',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['imports'],
          querystring: TransactionImportQuery,
          response: { 200: TransactionImportReport },
        },
      },
      (req) => importTransactionFile(ctxOf(deps, req), req.body, req.query),
    );
  });
  app.get(
    '/imports/transaction-mappings/:source',
    { schema: { tags: ['imports'], params: Source, response: { 200: ImportMapping } } },
    (req) => getTransactionMapping(ctxOf(deps, req), req.params.source),
  );
  app.put(
    '/imports/transaction-mappings/:source',
    { schema: { tags: ['imports'], params: Source, body: ImportMapping, response: { 200: ImportMapping } } },
    (req) => putTransactionMapping(ctxOf(deps, req), req.params.source, req.body.columns),
  );
  app.get(
    '/imports/mappings/:source',
    { schema: { tags: ['imports'], params: Source, response: { 200: ImportMapping } } },
    (req) => getMapping(ctxOf(deps, req), req.params.source),
  );
  app.put(
    '/imports/mappings/:source',
    { schema: { tags: ['imports'], params: Source, body: ImportMapping, response: { 200: ImportMapping } } },
    (req) => putMapping(ctxOf(deps, req), req.params.source, req.body.columns),
  );
}
