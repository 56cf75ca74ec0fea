import {
  ClientCreate,
  ClientDetail,
  ClientListQuery,
  ClientPage,
  ClientPatch,
  FieldHistory,
  IdParam,
  RevealRequest,
  RevealResponse,
  SuggestQuery,
  SuggestResponse,
  TransferRequest,
} from '@dossier/contract';
import { z } from 'zod';
import type { Deps } from '../../core/context.ts';
import { type App, ctxOf } from '../../http/app.ts';
import { exportClients } from './clients.export.ts';
import { fieldHistory } from './clients.history.ts';
import {
  createClient,
  getClient,
  listClients,
  parseIfMatch,
  revealField,
  suggestClients,
  transferClient,
  updateClient,
} from './clients.service.ts';

const tags = ['clients'];
const etag = (c: ClientDetail) => `"${c.version}"`;

export function registerClientRoutes(app: App, deps: Deps): void {
  app.get(
    '/clients',
    { schema: { tags, querystring: ClientListQuery, response: { 200: ClientPage } } },
    (req) => listClients(ctxOf(deps, req), req.query),
  );

  app.get(
    '/clients/export',
    {
      schema: {
        tags,
        querystring: ClientListQuery.omit({ page: true, pageSize: true }),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const { stream, filename } = await exportClients(ctxOf(deps, req), req.query);
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store');
      return reply.send(stream);
    },
  );

  app.get(
    '/clients/suggest',
    { schema: { tags, querystring: SuggestQuery, response: { 200: SuggestResponse } } },
    async (req) => ({
      items: await suggestClients(ctxOf(deps, req), req.query.q, req.query.limit),
    }),
  );

  app.get(
    '/clients/:id',
    { schema: { tags, params: IdParam, response: { 200: ClientDetail } } },
    async (req, reply) => {
      const client = await getClient(ctxOf(deps, req), req.params.id);
      reply.header('etag', etag(client));
      return client;
    },
  );

  app.post(
    '/clients',
    { schema: { tags, body: ClientCreate, response: { 201: ClientDetail } } },
    async (req, reply) => {
      const client = await createClient(ctxOf(deps, req), req.body);
      reply.header('etag', etag(client)).header('location', `/api/clients/${client.id}`).status(201);
      return client;
    },
  );

  app.patch(
    '/clients/:id',
    { schema: { tags, params: IdParam, body: ClientPatch, response: { 200: ClientDetail } } },
    async (req, reply) => {
      const version = parseIfMatch(req.headers['if-match']);
      const client = await updateClient(ctxOf(deps, req), req.params.id, version, req.body);
      reply.header('etag', etag(client));
      return client;
    },
  );

  app.get(
    '/clients/:id/history',
    {
      schema: {
        tags,
        params: IdParam,
        querystring: z.strictObject({ field: z.string().max(40).optional() }),
        response: { 200: FieldHistory },
      },
    },
    (req) => fieldHistory(ctxOf(deps, req), req.params.id, req.query.field),
  );

  app.post(
    '/clients/:id/reveal',
    { schema: { tags, params: IdParam, body: RevealRequest, response: { 200: RevealResponse } } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return revealField(ctxOf(deps, req), req.params.id, req.body);
    },
  );

  app.post(
    '/clients/:id/transfer',
    { schema: { tags, params: IdParam, body: TransferRequest, response: { 200: ClientDetail } } },
    async (req, reply) => {
      const client = await transferClient(ctxOf(deps, req), req.params.id, req.body);
      reply.header('etag', etag(client));
      return client;
    },
  );
}
