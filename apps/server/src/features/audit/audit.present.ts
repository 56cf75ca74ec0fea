import type { AuditAction, AuditEntry } from '@dossier/contract';
import type { AuditRow } from './audit.repo.ts';

const parse = (s: string | null) => (s ? (JSON.parse(s) as Record<string, unknown>) : null);

export function presentAuditEntry(
  r: AuditRow & { actor_username: string | null; actor_display_name: string | null },
): AuditEntry {
  return {
    id: Number(r.id),
    at: r.at,
    actor:
      r.actor_id !== null && r.actor_username !== null
        ? {
            id: Number(r.actor_id),
            username: r.actor_username,
            displayName: r.actor_display_name ?? r.actor_username,
          }
        : null,
    attemptedUsername: r.attempted_username,
    action: r.action as AuditAction,
    clientId: r.client_id === null ? null : Number(r.client_id),
    targetType: r.target_type,
    targetId: r.target_id,
    ip: r.ip,
    userAgent: r.user_agent,
    before: parse(r.before),
    after: parse(r.after),
    details: parse(r.details),
    hash: r.hash,
  };
}
