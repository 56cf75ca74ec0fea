import { HistoryOutlined } from '@ant-design/icons';
import type { ClientDetail } from '@dossier/contract';
import { Flex, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../i18n/i18n.tsx';
import { isStale } from '../../lib/time.ts';

interface ProvenancedProps {
  detail: ClientDetail;
  field: string;
  children: ReactNode;
}

/** A value with a quiet clock beside it: where the fact came from and as of when (amber when stale). */
export function Provenanced({ detail, field, children }: ProvenancedProps) {
  const t = useT();
  const provenance = detail.provenance[field];
  if (!provenance) return children;
  const stale = isStale(provenance.asOf);
  const text = t.profile.provenance(
    t.enums.fieldSource[provenance.source] ?? provenance.source,
    provenance.asOf,
  );
  return (
    <Flex align="center" gap={6} wrap={false} style={{ minWidth: 0 }}>
      <span style={{ minWidth: 0 }}>{children}</span>
      <Tooltip
        title={
          <>
            <div>{text}</div>
            {stale ? <div>{t.profile.stale}</div> : null}
          </>
        }
      >
        <HistoryOutlined
          data-testid={`provenance-${field}`}
          aria-label={text}
          style={{ color: stale ? '#d48806' : '#c0c6d0', fontSize: 12, cursor: 'help', flexShrink: 0 }}
        />
      </Tooltip>
    </Flex>
  );
}
