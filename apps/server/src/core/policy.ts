import type { Permission, Role } from '@dossier/contract';
import type { Actor } from './context.ts';
import { AppError } from './errors.ts';

/**
 * What each role may do. Data scope (which clients) is separate: see `clientScope`.
 * admin runs users and settings and sees no client data; analyst reads masked data only.
 * KYC documents: the front line uploads; a team lead, branch manager or compliance officer other
 * than the uploader verifies (maker-checker). Opening a file needs `client.reveal`: it shows
 * the clear ID number. Transactions arrive from core banking through `integration`, a system user
 * that may send them and read nothing; admin may send them too (backfills), also reading nothing.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ['user.admin', 'transaction.ingest', 'rule.read', 'rule.edit', 'rule.approve'],
  branch_manager: [
    'client.read',
    'client.create',
    'client.update',
    'client.reveal',
    'client.transfer',
    'client.merge',
    'document.upload',
    'document.verify',
    'alert.read',
    'alert.work',
    'rule.read',
  ],
  team_lead: [
    'client.read',
    'client.create',
    'client.update',
    'client.reveal',
    'client.transfer',
    'client.merge',
    'document.upload',
    'document.verify',
    'alert.read',
    'alert.work',
    'rule.read',
  ],
  rm: [
    'client.read',
    'client.create',
    'client.update',
    'client.reveal',
    'document.upload',
    'alert.read',
    'alert.work',
  ],
  risk_officer: [
    'client.read',
    'client.reveal',
    'guarantee.monitor',
    'alert.read',
    'alert.work',
    'alert.decide',
    'rule.read',
    'rule.edit',
    'rule.approve',
  ],
  compliance: [
    'client.read',
    'client.reveal',
    'audit.read',
    'guarantee.monitor',
    'document.verify',
    'alert.read',
    'rule.read',
  ],
  analyst: ['client.read', 'rule.read'],
  integration: ['transaction.ingest'],
};

export function can(actor: Actor, permission: Permission): boolean {
  return ROLE_PERMISSIONS[actor.role].includes(permission);
}

export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new AppError(
      'auth.forbidden',
      'Your role does not allow this action. Ask an administrator if you need it.',
    );
  }
}

/**
 * Which clients an actor sees. Repositories turn this into a WHERE clause; a client outside it
 * is answered as not found.
 */
export type ClientScope =
  | { kind: 'all' }
  | { kind: 'branch'; branchId: number }
  | { kind: 'team'; teamId: number }
  | { kind: 'own'; userId: number }
  | { kind: 'none' };

export function clientScope(actor: Actor): ClientScope {
  switch (actor.role) {
    case 'risk_officer':
    case 'compliance':
    case 'analyst':
      return { kind: 'all' };
    case 'branch_manager':
      return actor.branchId ? { kind: 'branch', branchId: actor.branchId } : { kind: 'none' };
    case 'team_lead':
      return actor.teamId ? { kind: 'team', teamId: actor.teamId } : { kind: 'none' };
    case 'rm':
      return { kind: 'own', userId: actor.id };
    case 'admin':
    case 'integration':
      return { kind: 'none' };
  }
}
