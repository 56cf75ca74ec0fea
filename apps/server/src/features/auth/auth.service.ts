import type { Me } from '@dossier/contract';
import { type Actor, type Ctx, type Deps, actorOf } from '../../core/context.ts';
import { randomToken, sha256Hex } from '../../core/crypto.ts';
import { AppError } from '../../core/errors.ts';
import { ROLE_PERMISSIONS } from '../../core/policy.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { findUserByUsername, setLastLogin } from '../users/users.repo.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import {
  clearFailedAttempts,
  countRecentFailures,
  deleteExpiredSessions,
  deleteSession,
  findSessionWithUser,
  insertSession,
  recordLoginAttempt,
  touchSession,
} from './sessions.repo.ts';

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
const LOCK_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_USER = 5;
const MAX_FAILURES_PER_IP = 30;
/** Sessions are touched at most this often, so reads do not turn into writes. */
const TOUCH_EVERY_MS = 60_000;

type Origin = { ip: string | null; userAgent: string | null; now: Date };

export function toMe(actor: Actor): Me {
  return { ...actor, permissions: [...ROLE_PERMISSIONS[actor.role]] };
}

/**
 * Checks a password and opens a new session (a fresh id every login). Failures are counted per
 * username and per address; past the limit the account is locked for a while, even to the right
 * password, and every failure is audited.
 */
export async function login(
  deps: Deps,
  input: { username: string; password: string },
  origin: Origin,
): Promise<{ token: string; me: Me }> {
  const username = input.username.trim().toLowerCase();
  const since = new Date(origin.now.getTime() - LOCK_WINDOW_MS).toISOString();
  const failures = await countRecentFailures(deps.db, username, origin.ip, since);
  const lockedBy =
    failures.user.n >= MAX_FAILURES_PER_USER
      ? failures.user
      : failures.ip.n >= MAX_FAILURES_PER_IP
        ? failures.ip
        : null;
  if (lockedBy) {
    const until = new Date(new Date(lockedBy.first ?? origin.now).getTime() + LOCK_WINDOW_MS);
    const minutes = Math.max(1, Math.ceil((until.getTime() - origin.now.getTime()) / 60_000));
    await recordFailure(deps, username, origin, 'locked');
    throw new AppError('auth.locked', `Too many failed sign-ins. Try again in ${minutes} minute(s).`, {
      details: { retryAfterSeconds: minutes * 60 },
    });
  }

  const user = await findUserByUsername(deps.db, username);
  const ok = user
    ? await verifyPassword(user.password_hash, input.password)
    : await verifyPassword(await decoyHash(), input.password);
  if (!user || !ok || user.active !== 1) {
    await recordFailure(deps, username, origin, !user ? 'unknown_user' : !ok ? 'wrong_password' : 'disabled');
    throw new AppError('auth.invalid_credentials', 'Wrong username or password.');
  }

  const token = randomToken();
  const at = origin.now.toISOString();
  await deps.db.transaction().execute(async (tx) => {
    await insertSession(tx, {
      id: sha256Hex(token),
      user_id: user.id,
      created_at: at,
      last_seen_at: at,
      ip: origin.ip,
      user_agent: origin.userAgent,
    });
    await recordLoginAttempt(tx, { username, ip: origin.ip, at, succeeded: true });
    await clearFailedAttempts(tx, username);
    await setLastLogin(tx, user.id, at);
    await appendAudit(tx, deps, {
      action: 'auth.login',
      actorId: user.id,
      targetType: 'user',
      targetId: user.id,
      ip: origin.ip,
      userAgent: origin.userAgent,
      at: origin.now,
    });
  });
  return {
    token,
    me: toMe(actorOf(user)),
  };
}

async function recordFailure(deps: Deps, username: string, origin: Origin, reason: string): Promise<void> {
  const at = origin.now.toISOString();
  await deps.db.transaction().execute(async (tx) => {
    await recordLoginAttempt(tx, { username, ip: origin.ip, at, succeeded: false });
    await appendAudit(tx, deps, {
      action: 'auth.login_failed',
      actorId: null,
      attemptedUsername: username.slice(0, 64),
      ip: origin.ip,
      userAgent: origin.userAgent,
      details: { reason },
      at: origin.now,
    });
  });
}

/** The actor behind a session cookie, or null when absent, unknown or timed out (idle or absolute). */
export async function resolveSession(
  deps: Deps,
  token: string,
  now: Date,
): Promise<{ actor: Actor; sessionId: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const id = sha256Hex(token);
  const s = await findSessionWithUser(deps.db, id);
  if (!s) return null;
  const t = now.getTime();
  if (
    t - Date.parse(s.last_seen_at) > SESSION_IDLE_MS ||
    t - Date.parse(s.created_at) > SESSION_ABSOLUTE_MS ||
    s.active !== 1
  ) {
    await deleteSession(deps.db, id);
    return null;
  }
  if (t - Date.parse(s.last_seen_at) > TOUCH_EVERY_MS) await touchSession(deps.db, id, now.toISOString());
  return {
    sessionId: id,
    actor: actorOf({ ...s, id: s.user_id }),
  };
}

export async function logout(ctx: Ctx, sessionId: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await deleteSession(tx, sessionId);
    await appendAudit(tx, ctx, {
      action: 'auth.logout',
      actorId: ctx.actor.id,
      targetType: 'user',
      targetId: ctx.actor.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      at: ctx.now,
    });
  });
}

export async function purgeExpiredSessions(deps: Deps, now: Date): Promise<void> {
  await deleteExpiredSessions(
    deps.db,
    new Date(now.getTime() - SESSION_IDLE_MS).toISOString(),
    new Date(now.getTime() - SESSION_ABSOLUTE_MS).toISOString(),
  );
}
