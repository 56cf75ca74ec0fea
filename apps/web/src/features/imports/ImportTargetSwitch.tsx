import { Flex, Segmented, Typography } from 'antd';
import { useT } from '../../i18n/i18n.tsx';
import { useCan } from '../auth/permissions.ts';
import type { ImportTarget } from './imports.api.ts';

/** What the signed-in user may import: client files and links need client rights, money needs ingestion. */
export function useTargets(): ImportTarget[] {
  const canCreate = useCan('client.create');
  const canIngest = useCan('transaction.ingest');
  return [
    ...(canCreate ? (['clients', 'relationships'] as const) : []),
    ...(canIngest ? (['transactions'] as const) : []),
  ];
}

/** Which kind of file to import, among those the user may. */
export function TargetSwitch({
  value,
  targets,
  onChange,
}: {
  value: ImportTarget;
  targets: ImportTarget[];
  onChange: (next: ImportTarget) => void;
}) {
  const t = useT();
  const i = t.imports;
  if (targets.length < 2) return null;
  return (
    <Flex gap={12} align="center" wrap>
      <Typography.Text>{i.target}</Typography.Text>
      <Segmented<ImportTarget>
        value={value}
        onChange={onChange}
        options={targets.map((target) => ({ value: target, label: i.targets[target] }))}
        data-testid="import-target"
      />
    </Flex>
  );
}
