import type { DocumentContentType } from '@dossier/contract';

/** The first bytes of each accepted format. A file is what its bytes say, whatever its name claims. */
const SIGNATURES: { type: DocumentContentType; magic: number[] }[] = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/tiff', magic: [0x49, 0x49, 0x2a, 0x00] }, // II*\0, little-endian
  { type: 'image/tiff', magic: [0x4d, 0x4d, 0x00, 0x2a] }, // MM\0*, big-endian
];

/**
 * The content type of a file from its magic bytes, or null when it is none of PDF, JPEG, PNG and
 * TIFF. `sniffContentType(Buffer.from('%PDF-1.7…'))` → `'application/pdf'`; an `.exe` renamed
 * `.pdf` starts `MZ` → null.
 */
export function sniffContentType(bytes: Uint8Array): DocumentContentType | null {
  for (const s of SIGNATURES) {
    if (bytes.length >= s.magic.length && s.magic.every((b, i) => bytes[i] === b)) return s.type;
  }
  return null;
}

export const EXTENSION: Record<DocumentContentType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/tiff': 'tif',
};
