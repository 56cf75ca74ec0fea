import fs from 'node:fs';
import path from 'node:path';
import type { DocumentUpload } from '@dossier/contract';
import type { Actor, Deps } from '../../src/core/context.ts';
import { uploadDocument } from '../../src/features/documents/documents.service.ts';
import { ctxFor } from './factories.ts';

/** A recognisable run of clear bytes, to look for in what was stored. */
export const CLEAR_MARKER = 'CLEAR-KYC-CONTENT-张三-110101198503120011';

const withMarker = (head: number[] | string, n = 0) =>
  Buffer.concat([
    typeof head === 'string' ? Buffer.from(head, 'latin1') : Buffer.from(head),
    Buffer.from(`\n${CLEAR_MARKER}#${n}\n`, 'utf8'),
  ]);

/** The smallest files each accepted format starts with, plus the marker. */
export const SAMPLES = {
  pdf: (n = 0) => withMarker('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n', n),
  jpeg: (n = 0) => withMarker([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00], n),
  png: (n = 0) =>
    withMarker([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48], n),
  tiffLittle: (n = 0) => withMarker([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00], n),
  tiffBig: (n = 0) => withMarker([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08], n),
  /** A Windows executable: `MZ`, then the DOS stub. */
  exe: () =>
    withMarker(
      'MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program cannot be run in DOS mode.',
    ),
  html: () => withMarker('<!DOCTYPE html><html><script>alert(document.cookie)</script></html>'),
};

/** A multipart/form-data body as a browser's FormData would send it. */
export async function multipartBody(
  fields: Record<string, string>,
  files: { field?: string; name: string; bytes: Buffer; type?: string }[] = [],
): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) {
    fd.append(f.field ?? 'file', new Blob([f.bytes], { type: f.type ?? 'application/octet-stream' }), f.name);
  }
  const r = new Response(fd);
  return {
    payload: Buffer.from(await r.arrayBuffer()),
    headers: { 'content-type': r.headers.get('content-type')! },
  };
}

/** Uploads a PDF for a client as `actor` through the service. */
export async function makeDocument(
  deps: Deps,
  actor: Actor,
  clientId: number,
  meta: Partial<DocumentUpload> = {},
  bytes: Buffer = SAMPLES.pdf(),
) {
  return uploadDocument(
    ctxFor(deps, actor),
    clientId,
    { kind: 'id_card', ...meta },
    {
      fileName: 'scan.pdf',
      bytes,
    },
  );
}

/** Every sealed file under the documents directory. */
export function storedFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile());
}
