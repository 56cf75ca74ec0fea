import type { Org, Role, UserCreate, UserPage, UserSummary } from '@dossier/contract';
import type { Ctx, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { authorize, can, clientScope } from '../../core/policy.ts';
import type { Tx } from '../../db/dialect.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { findBranch, findTeam, listBranches, listTeams } from '../org/org.repo.ts';
import {
  type UserSummaryRow,
  findUserByUsername,
  findUserSummary,
  insertUser,
  listRms as listRmRows,
  listUsers as listUserRows,
} from './users.repo.ts';

export function presentUser(r: UserSummaryRow): UserSummary {
  return {
    id: Number(r.id),
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    branch: r.branch_id === null ? null : { id: Number(r.branch_id), name: r.branch_name ?? '' },
    team: r.team_id === null ? null : { id: Number(r.team_id), name: r.team_name ?? '' },
    active: r.active === 1,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
  };
}

/** Where a role sits in the organisation: RMs and team leads in a team, branch managers in a branch. */
async function placeInOrg(tx: Tx, role: Role, branchId: number | null, teamId: number | null) {
  if (role === 'rm' || role === 'team_lead') {
    if (!teamId)
      throw new AppError(
        'user.invalid_org',
        'Relationship managers and team leads belong to a team: choose one.',
        { field: 'teamId' },
      );
    const team = await findTeam(tx, teamId);
    if (!team) throw new AppError('user.invalid_org', 'There is no such team.', { field: 'teamId' });
    if (branchId && Number(team.branch_id) !== branchId) {
      throw new AppError('user.invalid_org', 'The team belongs to another branch.', { field: 'teamId' });
    }
    return { branch_id: Number(team.branch_id), team_id: teamId };
  }
  if (role === 'branch_manager') {
    if (!branchId)
      throw new AppError('user.invalid_org', 'A branch manager runs a branch: choose one.', {
        field: 'branchId',
      });
    if (!(await findBranch(tx, branchId)))
      throw new AppError('user.invalid_org', 'There is no such branch.', { field: 'branchId' });
    return { branch_id: branchId, team_id: null };
  }
  return { branch_id: null, team_id: null };
}

/** Creates a user. Used by the admin page, the CLI and the demo seeder (actor null). */
export async function createUserAs(
  deps: Deps,
  actor: { ctx: Ctx } | null,
  input: UserCreate,
  opts: { passwordHash?: string; now: Date; via?: 'cli' | 'demo' },
): Promise<UserSummary> {
  if (actor) authorize(actor.ctx.actor, 'user.admin');
  if (!opts.passwordHash) {
    const problem = passwordProblem(input.password, input.username);
    if (problem) throw new AppError('auth.weak_password', `The password ${problem}.`, { field: 'password' });
  }
  const passwordHash = opts.passwordHash ?? (await hashPassword(input.password));
  const at = opts.now.toISOString();
  const id = await deps.db.transaction().execute(async (tx) => {
    if (await findUserByUsername(tx, input.username)) {
      throw new AppError('user.duplicate_username', `The username ${input.username} is taken.`, {
        field: 'username',
      });
    }
    const org = await placeInOrg(tx, input.role, input.branchId ?? null, input.teamId ?? null);
    const newId = await insertUser(tx, {
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      ...org,
      password_hash: passwordHash,
      created_at: at,
      updated_at: at,
    });
    await appendAudit(tx, deps, {
      ...(actor ? auditFrom(actor.ctx) : { actorId: null, ip: null, userAgent: null, at: opts.now }),
      action: 'user.create',
      targetType: 'user',
      targetId: newId,
      after: { username: input.username, displayName: input.displayName, role: input.role, ...org },
      details: actor ? null : { via: opts.via ?? 'system' },
    });
    return newId;
  });
  const row = await findUserSummary(deps.db, id);
  return presentUser(row!);
}

export async function listUsers(
  ctx: Ctx,
  q: { q?: string; role?: Role; page: number; pageSize: number },
): Promise<UserPage> {
  authorize(ctx.actor, 'user.admin');
  const { rows, total } = await listUserRows(ctx.db, q);
  return { items: rows.map(presentUser), total, page: q.page, pageSize: q.pageSize };
}

export async function getOrg(ctx: Ctx): Promise<Org> {
  const [branches, teams] = await Promise.all([listBranches(ctx.db), listTeams(ctx.db)]);
  return {
    branches: branches.map((b) => ({ id: Number(b.id), code: b.code, name: b.name })),
    teams: teams.map((t) => ({ id: Number(t.id), branchId: Number(t.branch_id), name: t.name })),
  };
}

/** RMs the actor may assign or filter by: those inside the actor's own data scope. */
export async function listRms(ctx: Ctx) {
  if (!can(ctx.actor, 'client.read')) return { items: [] };
  const scope = clientScope(ctx.actor);
  const filter =
    scope.kind === 'branch'
      ? { branchId: scope.branchId }
      : scope.kind === 'team'
        ? { teamId: scope.teamId }
        : scope.kind === 'own'
          ? { userId: scope.userId }
          : {};
  const rows = await listRmRows(ctx.db, filter);
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      displayName: r.display_name,
      username: r.username,
      teamId: r.team_id === null ? null : Number(r.team_id),
    })),
  };
}
