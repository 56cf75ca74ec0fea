import { z } from 'zod';
import { Role } from './enums.ts';
import { Id } from './common.ts';

export const LoginRequest = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** What a role may do. The server's policy table is the source; the web app follows it for menus. */
export const PERMISSIONS = [
  'client.read',
  'client.create',
  'client.update',
  'client.reveal',
  'client.transfer',
  'client.merge',
  'audit.read',
  'guarantee.monitor',
  'document.upload',
  'document.verify',
  'user.admin',
  'transaction.ingest',
  'alert.read',
  'alert.work',
  'alert.decide',
  'rule.read',
  'rule.edit',
  'rule.approve',
] as const;
export const Permission = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof Permission>;

export const Me = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  branchId: Id.nullable(),
  teamId: Id.nullable(),
  permissions: z.array(Permission),
});
export type Me = z.infer<typeof Me>;
