import { z } from 'zod';
import { Id } from './common.ts';
import { ClientKind, Tier } from './enums.ts';

export const DUPLICATE_REASONS = ['name_birth_date', 'name_mobile', 'company_name'] as const;
export const DuplicateReason = z.enum(DUPLICATE_REASONS);

const Side = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  kind: ClientKind,
  tier: Tier,
  ownerName: z.string(),
  updatedAt: z.string(),
});

export const DuplicatePairs = z.object({
  items: z.array(z.object({ a: Side, b: Side, reasons: z.array(DuplicateReason) })),
  total: z.number().int(),
});
export type DuplicatePairs = z.infer<typeof DuplicatePairs>;

/**
 * Merge `otherId` into the client in the path. For each field, say which file's value survives;
 * fields not named keep the survivor's value. Both versions must be current.
 */
export const MergeRequest = z.strictObject({
  otherId: Id,
  survivorVersion: z.number().int().positive(),
  otherVersion: z.number().int().positive(),
  take: z.record(z.string().max(40), z.enum(['survivor', 'other'])).default({}),
  reason: z.string().trim().min(4, 'give the reason for the merge').max(200),
});
export type MergeRequest = z.infer<typeof MergeRequest>;
