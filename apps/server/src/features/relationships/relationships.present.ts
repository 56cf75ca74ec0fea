import type {
  ClientKind,
  Money,
  RelatedParty,
  Relationship,
  RelationshipKind,
  Tier,
} from '@dossier/contract';
import { maskName } from '../../core/masking.ts';
import { formatClientCode } from '../clients/clients.present.ts';
import type { PartyRow, RelationshipRow } from './relationships.repo.ts';

/** A related client: in full when the viewer may see it, else a masked placeholder without id. */
export function presentParty(p: PartyRow): RelatedParty {
  const kind = p.kind as ClientKind;
  return p.visible
    ? { id: p.id, code: formatClientCode(p.id), name: p.name, kind, tier: p.tier as Tier, visible: true }
    : { id: null, code: null, name: maskName(kind, p.name), kind, tier: null, visible: false };
}

export function money(minor: number | null, ccy: string | null): Money | null {
  return minor === null || ccy === null ? null : { minor: Number(minor), currency: ccy };
}

export function presentRelationship(r: RelationshipRow, parties: Map<number, PartyRow>): Relationship {
  return {
    id: Number(r.id),
    kind: r.kind as RelationshipKind,
    from: presentParty(parties.get(Number(r.from_client_id))!),
    to: presentParty(parties.get(Number(r.to_client_id))!),
    sharePct: r.share_bp === null ? null : Number(r.share_bp) / 100,
    amount: money(r.amount_minor, r.amount_ccy),
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    note: r.note,
    createdAt: r.created_at,
  };
}

/**
 * Stable node keys for a graph answer: `c<id>` for clients the viewer may see, `h<n>` for hidden
 * ones, so a placeholder never carries the id of a client outside the viewer's scope.
 */
export function nodeKeys(ids: Iterable<number>, parties: Map<number, PartyRow>): Map<number, string> {
  const keys = new Map<number, string>();
  let hidden = 0;
  for (const id of ids) {
    if (keys.has(id)) continue;
    keys.set(id, parties.get(id)?.visible ? `c${id}` : `h${++hidden}`);
  }
  return keys;
}

/** Sum of money values in one currency (the first seen); null when there are none. */
export function sumMoney(values: (Money | null)[]): Money | null {
  const present = values.filter((v): v is Money => v !== null);
  if (present.length === 0) return null;
  const currency = present[0]!.currency;
  return { minor: present.filter((v) => v.currency === currency).reduce((s, v) => s + v.minor, 0), currency };
}
