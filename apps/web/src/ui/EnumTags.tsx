import type { ClientKind, ClientStatus, Tier } from '@dossier/contract';
import { Badge, Tag } from 'antd';
import { useT } from '../i18n/i18n.tsx';

/** Tier colours run from the private-banking gold-on-dark down to plain grey for standard clients. */
const TIER_COLOR: Record<Tier, string> = {
  private: '#7c4a03',
  diamond: 'geekblue',
  platinum: 'purple',
  gold: 'gold',
  standard: 'default',
};

export function TierTag({ tier }: { tier: Tier }) {
  const t = useT();
  return (
    <Tag color={TIER_COLOR[tier]} style={{ marginInlineEnd: 0 }} data-testid="tier-tag">
      {t.enums.tier[tier]}
    </Tag>
  );
}

const STATUS_BADGE: Record<ClientStatus, 'processing' | 'success' | 'warning' | 'default'> = {
  prospect: 'processing',
  active: 'success',
  dormant: 'warning',
  closed: 'default',
};

export function StatusBadge({ status }: { status: ClientStatus }) {
  const t = useT();
  return <Badge status={STATUS_BADGE[status]} text={t.enums.status[status]} />;
}

export function KindTag({ kind }: { kind: ClientKind }) {
  const t = useT();
  return (
    <Tag variant="outlined" color={kind === 'corporate' ? 'cyan' : 'blue'} style={{ marginInlineEnd: 0 }}>
      {t.enums.kind[kind]}
    </Tag>
  );
}
