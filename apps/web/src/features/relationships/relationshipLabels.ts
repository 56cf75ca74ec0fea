import { type Relationship, type RelationshipKind, SYMMETRIC_KINDS } from '@dossier/contract';
import type { Dictionary } from '../../i18n/zh.ts';
import { formatMoney } from '../../lib/money.ts';

/** Each kind's two ends, read "from is the … of to": the role of `from`, then of `to`. */
const ROLES: Record<RelationshipKind, [from: string, to: string]> = {
  spouse: ['spouse', 'spouse'],
  parent: ['parent', 'child'],
  household_member: ['household_member', 'household_member'],
  shareholder: ['shareholder', 'investee'],
  legal_representative: ['legal_representative', 'represented'],
  actual_controller: ['actual_controller', 'controlled'],
  parent_company: ['parent_company', 'subsidiary'],
  related_party: ['related_party', 'related_party'],
  guarantor: ['guarantor', 'guaranteed'],
};

export function roleLabel(t: Dictionary, role: string): string {
  return t.relationships.roles[role] ?? role;
}

/** The other end of a link seen from `clientId`, and what that party is to the client. */
export function otherSide(t: Dictionary, relationship: Relationship, clientId: number) {
  const otherIsFrom = relationship.from.id !== clientId;
  const other = otherIsFrom ? relationship.from : relationship.to;
  const [fromRole, toRole] = ROLES[relationship.kind];
  return { other, role: roleLabel(t, otherIsFrom ? fromRole : toRole) };
}

export function isDirected(kind: RelationshipKind): boolean {
  return !SYMMETRIC_KINDS.includes(kind);
}

/** `股东 30%`, `担保人 500.00万元`, `配偶`: what an edge of the graph says. */
export function linkLabel(
  t: Dictionary,
  lang: 'zh' | 'en',
  link: Pick<Relationship, 'kind' | 'sharePct' | 'amount'>,
): string {
  const kind = t.relationships.kinds[link.kind];
  if (link.sharePct !== null) return `${kind} ${link.sharePct}%`;
  if (link.amount) return `${kind} ${formatMoney(link.amount, lang)}`;
  return kind;
}
