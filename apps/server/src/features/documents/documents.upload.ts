import { DOCUMENT_MAX_BYTES } from '@dossier/contract';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, type FieldIssue, invalid } from '../../core/errors.ts';
import type { UploadedFile } from './documents.service.ts';

/**
 * What one upload may hold: one file of at most 20 MiB and a few short text fields. Busboy stops
 * reading past these, so an oversized file is never held in memory whole.
 */
export const UPLOAD_LIMITS = {
  fileSize: DOCUMENT_MAX_BYTES,
  files: 1,
  fields: 10,
  parts: 12,
  fieldSize: 1024,
  fieldNameSize: 100,
  headerPairs: 100,
};

/** The multipart plugin's failures, as the one error type. */
function multipartError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  switch ((err as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError(
        'request.too_large',
        'The file is larger than 20 MiB. Scan it at a lower resolution or split it.',
        { field: 'file' },
      );
    case 'FST_FILES_LIMIT':
      return invalid('file', 'is given more than once: upload one file at a time');
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('request.invalid', 'The upload has too many form fields.');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return notMultipart();
    default:
      // Busboy's own complaints: no boundary, a malformed part header, a body cut short.
      return new AppError(
        'request.invalid',
        'The upload is not well-formed multipart/form-data. Send it again from the form.',
      );
  }
}

const notMultipart = () =>
  new AppError(
    'request.unsupported_media_type',
    'Send the document as multipart/form-data: the file as "file", the details as text fields.',
  );

/**
 * Reads an upload: the `file` part into memory (at most 20 MiB) and the text fields. Empty text
 * fields are dropped, as an HTML form sends every field. Nothing is written anywhere.
 */
export async function readUpload(req: FastifyRequest): Promise<{
  fields: Record<string, string>;
  file: UploadedFile;
}> {
  if (!req.isMultipart()) throw notMultipart();
  const fields: Record<string, string> = {};
  let file: UploadedFile | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw invalid(part.fieldname, 'is not a file field; send the document as "file"');
        }
        file = { fileName: part.filename ?? '', bytes: await part.toBuffer() };
        continue;
      }
      const name = part.fieldname;
      if (Object.hasOwn(fields, name)) throw invalid(name, 'is given twice');
      if (part.valueTruncated) throw invalid(name, 'is too long');
      if (typeof part.value !== 'string') throw invalid(name, 'must be plain text');
      if (part.value.trim() !== '') fields[name] = part.value;
    }
  } catch (err) {
    throw multipartError(err);
  }
  if (!file) throw invalid('file', 'is required: attach the scanned document as the "file" part');
  return { fields, file };
}

/** Parses the text fields with a contract schema; every problem is named by its field. */
export function parseFields<T extends z.ZodType>(schema: T, fields: Record<string, string>): z.infer<T> {
  const r = schema.safeParse(fields);
  if (r.success) return r.data;
  const issues: FieldIssue[] = r.error.issues.map((i) => {
    if (i.code === 'unrecognized_keys') {
      return {
        field: i.keys[0] ?? '(body)',
        message: `is not a known field (${i.keys.join(', ')}); remove it`,
      };
    }
    return { field: i.path.join('.') || '(body)', message: i.message };
  });
  const first = issues[0]!;
  throw new AppError('request.invalid', `${first.field}: ${first.message}`, { field: first.field, issues });
}
