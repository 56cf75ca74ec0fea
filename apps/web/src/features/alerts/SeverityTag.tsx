import type { Severity } from '@dossier/contract';
import { Tag } from 'antd';
import { useT } from '../../i18n/i18n.tsx';
import { SEVERITY_COLOR } from './alertLabels.ts';

export function SeverityTag({ severity }: { severity: Severity }) {
  const t = useT();
  return (
    <Tag color={SEVERITY_COLOR[severity]} style={{ marginInlineEnd: 0 }} data-testid="severity-tag">
      {t.alerts.severity[severity]}
    </Tag>
  );
}
