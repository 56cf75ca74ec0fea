import multipart from '@fastify/multipart';
import {
  ClientDocuments,
  DocumentContentQuery,
  DocumentDetail,
  DocumentReplace,
  DocumentUpload,
  DocumentVerify,
  IdParam,
  RequiredDocumentsMatrix,
  RequiredDocumentsSettings,
} from '@dossier/contract';
import { z } from 'zod';
import type { Deps } from '../../core/context.ts';
import { type App, ctxOf } from '../../http/app.ts';
import {
  getDocument,
  listClientDocuments,
  openVersionContent,
  replaceDocument,
  uploadDocument,
  verifyDocument,
} from './documents.service.ts';
import { UPLOAD_LIMITS, parseFields, readUpload } from './documents.upload.ts';
import { getRequiredDocuments, saveRequiredDocuments } from './required-documents.service.ts';

const tags = ['documents'];
const PositiveId = IdParam.shape.id;
const ClientDocumentParams = z.strictObject({ id: PositiveId, documentId: PositiveId });
const DocumentParams = z.strictObject({ documentId: PositiveId });
const VersionParams = z.strictObject({ versionId: PositiveId });
const UPLOAD_HELP =
  'multipart/form-data: the file as `file` (PDF, JPEG, PNG or TIFF, at most 20 MiB, type read from its content) and the fields kind, number, issuer, issuedOn, expiresOn.';

/** `attachment; filename="scan_.pdf"; filename*=UTF-8''scan%E4%BB%B6.pdf`: safe for any name. */
export function contentDisposition(disposition: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function registerDocumentRoutes(app: App, deps: Deps): void {
  // Uploads get the multipart parser in a scope of their own: every other route keeps
  // refusing bodies that are not JSON.
  app.register(async (uploads) => {
    await uploads.register(multipart, { limits: UPLOAD_LIMITS });
    const api = uploads as App;
    api.post(
      '/clients/:id/documents',
      { schema: { tags, description: UPLOAD_HELP, params: IdParam, response: { 201: DocumentDetail } } },
      async (req, reply) => {
        const ctx = ctxOf(deps, req);
        const { fields, file } = await readUpload(req);
        const doc = await uploadDocument(ctx, req.params.id, parseFields(DocumentUpload, fields), file);
        reply.status(201).header('location', `/api/clients/${req.params.id}/documents/${doc.id}`);
        return doc;
      },
    );
    api.post(
      '/clients/:id/documents/:documentId/versions',
      {
        schema: {
          tags,
          description: UPLOAD_HELP,
          params: ClientDocumentParams,
          response: { 201: DocumentDetail },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(deps, req);
        const { fields, file } = await readUpload(req);
        const doc = await replaceDocument(
          ctx,
          req.params.id,
          req.params.documentId,
          parseFields(DocumentReplace, fields),
          file,
        );
        reply.status(201);
        return doc;
      },
    );
  });

  app.get(
    '/clients/:id/documents',
    { schema: { tags, params: IdParam, response: { 200: ClientDocuments } } },
    (req) => listClientDocuments(ctxOf(deps, req), req.params.id),
  );
  app.get(
    '/clients/:id/documents/:documentId',
    { schema: { tags, params: ClientDocumentParams, response: { 200: DocumentDetail } } },
    (req) => getDocument(ctxOf(deps, req), req.params.id, req.params.documentId),
  );
  app.get(
    '/documents/versions/:versionId/content',
    { schema: { tags, params: VersionParams, querystring: DocumentContentQuery } },
    async (req, reply) => {
      const c = await openVersionContent(ctxOf(deps, req), req.params.versionId, req.query.disposition);
      return reply
        .header('content-type', c.contentType)
        .header('content-disposition', contentDisposition(req.query.disposition, c.fileName))
        .header('cache-control', 'no-store')
        .send(c.bytes);
    },
  );
  app.post(
    '/documents/:documentId/verify',
    { schema: { tags, params: DocumentParams, body: DocumentVerify, response: { 200: DocumentDetail } } },
    (req) => verifyDocument(ctxOf(deps, req), req.params.documentId, req.body),
  );

  app.get(
    '/settings/required-documents',
    { schema: { tags: ['settings'], response: { 200: RequiredDocumentsSettings } } },
    (req) => getRequiredDocuments(ctxOf(deps, req)),
  );
  app.put(
    '/settings/required-documents',
    {
      schema: {
        tags: ['settings'],
        body: RequiredDocumentsMatrix,
        response: { 200: RequiredDocumentsSettings },
      },
    },
    (req) => saveRequiredDocuments(ctxOf(deps, req), req.body),
  );
}
