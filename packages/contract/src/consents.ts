import { z } from 'zod';
import { Id } from './common.ts';

/** Purposes a client consents to separately (PIPL art. 14: consent is specific to a purpose). */
export const CONSENT_PURPOSES = [
  'marketing_contact',
  'group_sharing',
  'credit_reporting',
  'profiling',
] as const;
export const ConsentPurpose = z.enum(CONSENT_PURPOSES);
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;

export const CONSENT_CHANNELS = [
  'branch_counter',
  'mobile_app',
  'online_banking',
  'phone',
  'paper_form',
  'email',
] as const;
export const ConsentChannel = z.enum(CONSENT_CHANNELS);
export type ConsentChannel = z.infer<typeof ConsentChannel>;

export const ConsentStatus = z.enum(['granted', 'withdrawn']);
export type ConsentStatus = z.infer<typeof ConsentStatus>;

export const ConsentRecord = z.strictObject({
  purpose: ConsentPurpose,
  status: ConsentStatus,
  channel: ConsentChannel,
  /** What proves it: a signed form number, a recording id, an app confirmation reference. */
  evidence: z
    .string()
    .trim()
    .min(2, 'say what proves the client’s decision (form number, recording id…)')
    .max(200),
});
export type ConsentRecord = z.infer<typeof ConsentRecord>;

export const ConsentEvent = z.object({
  id: Id,
  purpose: ConsentPurpose,
  status: ConsentStatus,
  channel: ConsentChannel,
  evidence: z.string(),
  recordedAt: z.string(),
  recordedBy: z.object({ id: Id, displayName: z.string() }),
});
export type ConsentEvent = z.infer<typeof ConsentEvent>;

export const ConsentLedger = z.object({
  /** Each purpose's state now: the latest decision, or null when the client was never asked. */
  current: z.array(
    z.object({ purpose: ConsentPurpose, status: ConsentStatus.nullable(), since: z.string().nullable() }),
  ),
  history: z.array(ConsentEvent),
});
export type ConsentLedger = z.infer<typeof ConsentLedger>;
