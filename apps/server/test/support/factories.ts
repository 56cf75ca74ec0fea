import type { ClientCreate, Role } from '@dossier/contract';
import { residentIdCheckChar, usccCheckChar } from '@dossier/contract';
import type { Actor, Ctx, Deps } from '../../src/core/context.ts';
import { hashPassword } from '../../src/features/auth/passwords.ts';
import { createClient } from '../../src/features/clients/clients.service.ts';
import { insertBranch, insertTeam } from '../../src/features/org/org.repo.ts';
import { createUserAs } from '../../src/features/users/users.service.ts';

export const TEST_PASSWORD = 'Correct-Horse-Battery-42';
let hashed: Promise<string> | null = null;
/** One argon2 hash per test process: hashing is deliberately slow. */
export function testPasswordHash(): Promise<string> {
  hashed ??= hashPassword(TEST_PASSWORD);
  return hashed;
}

let seq = 0;
const next = () => ++seq;

export async function makeBranch(deps: Deps): Promise<number> {
  const n = next();
  return insertBranch(deps.db, {
    code: `B${n}`,
    name: `测试分行${n}`,
    created_at: deps.clock().toISOString(),
  });
}

export async function makeTeam(deps: Deps, branchId?: number): Promise<{ teamId: number; branchId: number }> {
  const b = branchId ?? (await makeBranch(deps));
  const teamId = await insertTeam(deps.db, {
    branch_id: b,
    name: `团队${next()}`,
    created_at: deps.clock().toISOString(),
  });
  return { teamId, branchId: b };
}

/** A user of a role; creates the branch and team it needs unless given. */
export async function makeUser(
  deps: Deps,
  role: Role,
  place: { teamId?: number; branchId?: number; username?: string } = {},
): Promise<Actor> {
  let teamId: number | null = null;
  let branchId: number | null = null;
  if (role === 'rm' || role === 'team_lead') {
    const t = place.teamId
      ? { teamId: place.teamId, branchId: place.branchId }
      : await makeTeam(deps, place.branchId);
    teamId = t.teamId;
    branchId = t.branchId ?? null;
  } else if (role === 'branch_manager') {
    branchId = place.branchId ?? (await makeBranch(deps));
  }
  const username = place.username ?? `${role.replace('_', '')}${next()}`;
  const u = await createUserAs(
    deps,
    null,
    { username, displayName: `用户${username}`, role, teamId, branchId, password: TEST_PASSWORD },
    { passwordHash: await testPasswordHash(), now: deps.clock() },
  );
  return {
    id: u.id,
    username,
    displayName: u.displayName,
    role,
    branchId: u.branch?.id ?? null,
    teamId: u.team?.id ?? null,
  };
}

export function ctxFor(deps: Deps, actor: Actor): Ctx {
  return { ...deps, actor, now: deps.clock(), ip: '127.0.0.1', userAgent: 'vitest' };
}

/** A valid resident ID number, distinct for each n. */
export function residentId(n: number, birth = '19850312', region = '110101'): string {
  const first17 = `${region}${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A valid unified social credit code, distinct for each n. */
export function creditCode(n: number): string {
  const first17 = `91110105${String(n).padStart(9, '0')}`;
  return first17 + usccCheckChar(first17);
}

export async function makeIndividual(
  deps: Deps,
  owner: Actor,
  over: Partial<Extract<ClientCreate, { kind: 'individual' }>> = {},
) {
  const n = next();
  return createClient(ctxFor(deps, owner), {
    kind: 'individual',
    name: '张三',
    idType: 'resident_id',
    idNumber: residentId(n),
    mobile: `138${String(n).padStart(8, '0')}`,
    ...over,
  });
}

export async function makeCorporate(
  deps: Deps,
  owner: Actor,
  over: Partial<Extract<ClientCreate, { kind: 'corporate' }>> = {},
) {
  const n = next();
  return createClient(ctxFor(deps, owner), {
    kind: 'corporate',
    name: '北京华信科技有限公司',
    creditCode: creditCode(n),
    industryCode: 'I65',
    ...over,
  });
}
