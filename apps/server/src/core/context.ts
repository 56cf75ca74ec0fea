import type { Notifier } from '../db/database.ts';
import type { Role } from '@dossier/contract';
import type { Logger } from 'pino';
import type { Db, Dialect } from '../db/dialect.ts';
import type { WarningStateCache } from '../rules/cache.ts';
import type { Vault } from './crypto.ts';

/** The signed-in user a request acts for. */
export type Actor = Readonly<{
  id: number;
  username: string;
  displayName: string;
  role: Role;
  branchId: number | null;
  teamId: number | null;
}>;

/** What every service needs, passed explicitly. `now` is read once per request. */
export type Deps = Readonly<{
  db: Db;
  dialect: Dialect;
  vault: Vault;
  log: Logger;
  clock: () => Date;
  /** Where sealed KYC document files are kept (`<DOSSIER_DATA_DIR>/documents`). */
  documentsDir: string;
  /** Between server processes on one PostgreSQL database (LISTEN/NOTIFY); absent: one process. */
  notifier?: Notifier | null;
  /** The early-warning states this process saved last (one per database). */
  warningStates: WarningStateCache;
}>;

export type Ctx = Deps &
  Readonly<{
    actor: Actor;
    now: Date;
    ip: string | null;
    userAgent: string | null;
  }>;

/** The actor of a stored user row (ids may arrive as strings or numbers from the driver). */
export function actorOf(u: {
  id: number;
  username: string;
  display_name: string;
  role: string;
  branch_id: number | null;
  team_id: number | null;
}): Actor {
  return {
    id: Number(u.id),
    username: u.username,
    displayName: u.display_name,
    role: u.role as Role,
    branchId: u.branch_id === null ? null : Number(u.branch_id),
    teamId: u.team_id === null ? null : Number(u.team_id),
  };
}
