import type { DocumentKind, DocumentStatus } from '@dossier/contract';

/** Days before expiry at which the client's relationship manager is reminded, furthest first. */
export const REMINDER_DAYS = [60, 30, 7] as const;
export type ReminderDays = (typeof REMINDER_DAYS)[number];

/** A document's newest version, as the reminder schedule sees it. */
export type ExpiringDocument = {
  documentId: number;
  versionId: number;
  clientId: number;
  kind: DocumentKind;
  status: DocumentStatus;
  expiresOn: string | null;
};

export type ExpiryReminder = {
  documentId: number;
  versionId: number;
  clientId: number;
  kind: DocumentKind;
  expiresOn: string;
  daysLeft: number;
  /** The 60, 30 or 7-day mark this reminder is for. */
  mark: ReminderDays;
  /** Names the reminder: a daily job run twice, or on a later day, raises it once. */
  sourceKey: string;
};

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to`, both YYYY-MM-DD. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * The reminders due today. A document is reminded of at the nearest mark it has reached: 45 days
 * left → the 60-day reminder, 20 days → the 30-day one, 3 days (or expiring today) → the 7-day
 * one. Only the nearest mark is due, so a document first recorded 20 days before expiry, or a
 * job that missed some days, does not raise the 60-day reminder late. Each reminder's
 * `sourceKey` (`document-expiry:<versionId>:<mark>`) makes the caller raise it once per version;
 * a replacement version starts its own schedule. Rejected versions and documents already
 * expired are not reminded of (the requirements list shows them as expired).
 *
 * `expiryReminders([{ …, expiresOn: '2027-01-10' }], '2026-12-01')` → one reminder, mark 60,
 * daysLeft 40.
 */
export function expiryReminders(documents: ExpiringDocument[], today: string): ExpiryReminder[] {
  const out: ExpiryReminder[] = [];
  for (const d of documents) {
    if (d.expiresOn === null || d.status === 'rejected') continue;
    const daysLeft = daysBetween(today, d.expiresOn);
    if (daysLeft < 0) continue;
    let mark: ReminderDays | null = null;
    for (const m of REMINDER_DAYS) if (daysLeft <= m) mark = m;
    if (mark === null) continue;
    out.push({
      documentId: d.documentId,
      versionId: d.versionId,
      clientId: d.clientId,
      kind: d.kind,
      expiresOn: d.expiresOn,
      daysLeft,
      mark,
      sourceKey: `document-expiry:${d.versionId}:${mark}`,
    });
  }
  return out;
}
