import { ClientDocuments, DocumentDetail, type DocumentVerify } from '@dossier/contract';
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { ApiError, parseErrorBody, request } from '../../api/http.ts';
import { taskKeys } from '../quality/quality.api.ts';

export const documentKeys = {
  all: ['documents'] as const,
  list: (clientId: number) => ['documents', 'list', clientId] as const,
  detail: (clientId: number, documentId: number) => ['documents', 'detail', clientId, documentId] as const,
};

export function useClientDocuments(clientId: number) {
  return useQuery({
    queryKey: documentKeys.list(clientId),
    queryFn: ({ signal }) =>
      request(`/api/clients/${clientId}/documents`, { schema: ClientDocuments, signal }),
  });
}

export function useDocumentDetail(clientId: number, documentId: number | null) {
  return useQuery({
    queryKey: documentKeys.detail(clientId, documentId ?? 0),
    queryFn: ({ signal }) =>
      request(`/api/clients/${clientId}/documents/${documentId}`, { schema: DocumentDetail, signal }),
    enabled: documentId !== null,
  });
}

/** Where a stored version is opened (`inline`, in a new tab) or downloaded (`attachment`). */
export function contentUrl(versionId: number, disposition: 'inline' | 'attachment'): string {
  return `/api/documents/versions/${versionId}/content?disposition=${disposition}`;
}

export interface UploadFields {
  kind?: string | undefined;
  number?: string | undefined;
  issuer?: string | undefined;
  issuedOn?: string | undefined;
  expiresOn?: string | undefined;
}

/**
 * Sends a file with its details as multipart/form-data (the JSON `request` cannot). Errors come back
 * as the same ApiError; a 413 or 415 from a proxy without a body keeps its status.
 */
async function sendUpload(path: string, file: File, fields: UploadFields): Promise<DocumentDetail> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value) form.append(name, value);
  }
  // The file goes last so the server has read every text field when it reaches the bytes.
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      body: form,
    });
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'network', message: String(cause) });
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) throw parseErrorBody(response.status, body);
  return body as DocumentDetail;
}

export function uploadDocument(clientId: number, file: File, fields: UploadFields) {
  return sendUpload(`/api/clients/${clientId}/documents`, file, fields);
}

export function uploadVersion(clientId: number, documentId: number, file: File, fields: UploadFields) {
  return sendUpload(`/api/clients/${clientId}/documents/${documentId}/versions`, file, fields);
}

export function verifyDocument(documentId: number, body: DocumentVerify): Promise<DocumentDetail> {
  return request(`/api/documents/${documentId}/verify`, { method: 'POST', body, schema: DocumentDetail });
}

/** An upload may raise an expiry reminder at once, so the client's tasks are refreshed too. */
export async function refreshDocuments(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: documentKeys.all }),
    queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  ]);
}
