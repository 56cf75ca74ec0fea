import type { ImportProblem } from '@dossier/contract';
import { Alert, Table, type TableColumnsType, Typography } from 'antd';
import type { HTMLAttributes, ReactNode } from 'react';
import { useT } from '../../i18n/i18n.tsx';
import type { Dictionary } from '../../i18n/zh.ts';
import { serverMessage } from '../../ui/errorText.ts';
import type { ImportTarget } from './imports.api.ts';

/** A field's name in the user's language, as the kind of file names it. */
export function fieldLabel(t: Dictionary, field: string | null, target: ImportTarget = 'clients'): string {
  if (!field) return '';
  const top = field.split('.')[0] ?? field;
  const labels = (
    target === 'clients'
      ? t.fields
      : target === 'relationships'
        ? t.imports.relationshipFields
        : t.imports.transactionFields
  ) as Record<string, string>;
  return labels[top] ?? field;
}

export function ProblemTable({ problems, target }: { problems: ImportProblem[]; target: ImportTarget }) {
  const t = useT();
  const c = t.imports.problemColumns;
  const columns: TableColumnsType<ImportProblem> = [
    {
      title: c.row,
      dataIndex: 'row',
      width: 72,
      render: (row: number) => <Typography.Text strong>{row}</Typography.Text>,
    },
    {
      title: c.column,
      dataIndex: 'column',
      width: 160,
      render: (column: string | null) =>
        column ?? <Typography.Text type="secondary">{t.imports.wholeRow}</Typography.Text>,
    },
    {
      title: c.field,
      dataIndex: 'field',
      width: 140,
      render: (field: string | null) => fieldLabel(t, field, target),
    },
    { title: c.message, dataIndex: 'message', render: (message: string) => serverMessage(t, message) },
  ];
  return (
    <Table<ImportProblem>
      rowKey={(p) => `${p.row}-${p.column ?? ''}-${p.field ?? ''}-${p.message}`}
      size="small"
      columns={columns}
      dataSource={problems}
      pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      onRow={() => ({ 'data-testid': 'import-problem' }) as HTMLAttributes<HTMLElement>}
    />
  );
}

/**
 * Where an import stands, as both import flows say it: refused (nothing stored), checked (with the
 * problems found or what would be stored) or stored. `dryRun`/`committed` are null when not there.
 */
export function ImportOutcome({
  refused,
  dryRun,
  committed,
}: {
  refused: boolean;
  dryRun: { problems: number; okTitle: string } | null;
  committed: { title: string; action?: ReactNode } | null;
}) {
  const i = useT().imports;
  return (
    <>
      {refused ? (
        <Alert
          type="error"
          showIcon
          title={i.rejectedTitle}
          description={i.rejectedText}
          data-testid="import-rejected"
        />
      ) : null}
      {dryRun ? (
        <Alert
          type={dryRun.problems > 0 ? 'warning' : 'info'}
          showIcon
          title={dryRun.problems > 0 ? i.dryRunBad(dryRun.problems) : dryRun.okTitle}
          data-testid="import-dry-run"
        />
      ) : null}
      {committed ? (
        <Alert
          type="success"
          showIcon
          title={committed.title}
          action={committed.action}
          data-testid="import-committed"
        />
      ) : null}
    </>
  );
}
