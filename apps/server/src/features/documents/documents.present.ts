import type {
  DocumentContentType,
  DocumentDetail,
  DocumentKind,
  DocumentStatus,
  DocumentSummary,
  DocumentVersion,
} from '@dossier/contract';
import type { Vault } from '../../core/crypto.ts';
import { maskIdNumber } from '../../core/masking.ts';
import type { VersionRow } from './documents.repo.ts';

/**
 * A document number is treated like an ID number: decrypted only to be masked. Long numbers
 * (ID cards, credit codes) keep 3 + 4 characters as ID numbers do; short ones (passports,
 * licence numbers) would show most of themselves that way, so they keep the first and last two:
 * `E12345678` → `E******78`.
 */
export function maskDocumentNumber(v: string): string {
  if (v.length >= 15) return maskIdNumber(v);
  if (v.length <= 4) return '*'.repeat(v.length);
  return `${v.slice(0, 1)}${'*'.repeat(v.length - 3)}${v.slice(-2)}`;
}

export function presentVersion(r: VersionRow, vault: Vault): DocumentVersion {
  return {
    id: Number(r.id),
    version: Number(r.version),
    fileName: r.file_name,
    contentType: r.content_type as DocumentContentType,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    number: r.number_enc === null ? null : maskDocumentNumber(vault.decrypt(r.number_enc)),
    issuer: r.issuer,
    issuedOn: r.issued_on,
    expiresOn: r.expires_on,
    status: r.status as DocumentStatus,
    uploadedBy: { id: Number(r.uploaded_by), displayName: r.uploader_name },
    uploadedAt: r.uploaded_at,
    review:
      r.reviewed_by === null || r.reviewed_at === null
        ? null
        : {
            by: { id: Number(r.reviewed_by), displayName: r.reviewer_name ?? '' },
            at: r.reviewed_at,
            reason: r.review_reason,
          },
  };
}

/** One document from its versions, newest first. */
export function presentSummary(versions: VersionRow[], vault: Vault, today: string): DocumentSummary {
  const newest = versions[0]!;
  const latest = presentVersion(newest, vault);
  return {
    id: Number(newest.document_id),
    clientId: Number(newest.client_id),
    kind: newest.kind as DocumentKind,
    versionCount: versions.length,
    latest,
    expired: latest.expiresOn !== null && latest.expiresOn < today,
  };
}

export function presentDetail(versions: VersionRow[], vault: Vault, today: string): DocumentDetail {
  return {
    ...presentSummary(versions, vault, today),
    versions: versions.map((v) => presentVersion(v, vault)),
  };
}

/** Groups a client's versions (ordered by document, newest version first) by document. */
export function byDocument(versions: VersionRow[]): VersionRow[][] {
  const groups = new Map<number, VersionRow[]>();
  for (const v of versions) {
    const id = Number(v.document_id);
    const g = groups.get(id);
    if (g) g.push(v);
    else groups.set(id, [v]);
  }
  return [...groups.values()];
}
