import { z } from 'zod';
import { Id, PageQuery, pageOf } from './common.ts';
import { Role } from './enums.ts';

export const Username = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9_.-]{2,31}$/,
    'must be 3–32 lower-case letters, digits, dot, dash or underscore, starting with a letter',
  );

export const UserCreate = z.strictObject({
  username: Username,
  displayName: z.string().trim().min(1, 'is required').max(50),
  role: Role,
  branchId: Id.nullable().optional(),
  teamId: Id.nullable().optional(),
  password: z.string().max(256),
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserSummary = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  branch: z.object({ id: Id, name: z.string() }).nullable(),
  team: z.object({ id: Id, name: z.string() }).nullable(),
  active: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const UserListQuery = z.strictObject({
  q: z.string().trim().max(64).optional(),
  role: Role.optional(),
  ...PageQuery,
});
export const UserPage = pageOf(UserSummary);
export type UserPage = z.infer<typeof UserPage>;

export const Org = z.object({
  branches: z.array(z.object({ id: Id, code: z.string(), name: z.string() })),
  teams: z.array(z.object({ id: Id, branchId: Id, name: z.string() })),
});
export type Org = z.infer<typeof Org>;

/** Relationship managers a caller may assign clients to (for owner pickers and filters). */
export const RmListResponse = z.object({
  items: z.array(z.object({ id: Id, displayName: z.string(), username: z.string(), teamId: Id.nullable() })),
});
