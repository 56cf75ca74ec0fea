import type { AuditEntry } from '@dossier/contract';
import { Descriptions, Flex, Table, Typography } from 'antd';
import { useT } from '../../i18n/i18n.tsx';
import type { Dictionary } from '../../i18n/zh.ts';

interface ChangeRow {
  field: string;
  before: unknown;
  after: unknown;
}

function show(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}

function fieldLabel(t: Dictionary, field: string): string {
  const labels: Record<string, string> = t.fields;
  return labels[field] ? `${labels[field]}（${field}）` : field;
}

/** Before → after, one row per field that either side mentions; unchanged fields are dimmed. */
export function AuditChanges({ entry }: { entry: AuditEntry }) {
  const t = useT();
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const rows: ChangeRow[] = fields.map((field) => ({ field, before: before[field], after: after[field] }));

  return (
    <Flex vertical gap={12} style={{ padding: '4px 8px' }} data-testid="audit-changes">
      {rows.length > 0 ? (
        <Table<ChangeRow>
          rowKey="field"
          size="small"
          pagination={false}
          dataSource={rows}
          columns={[
            {
              title: t.audit.field,
              dataIndex: 'field',
              width: 220,
              render: (field: string) => fieldLabel(t, field),
            },
            {
              title: t.audit.before,
              dataIndex: 'before',
              render: (value: unknown) => (
                <pre className="dossier-json" style={{ color: '#a8071a' }}>
                  {show(value)}
                </pre>
              ),
            },
            {
              title: t.audit.after,
              dataIndex: 'after',
              render: (value: unknown) => (
                <pre className="dossier-json" style={{ color: '#135200' }}>
                  {show(value)}
                </pre>
              ),
            },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{t.audit.noChanges}</Typography.Text>
      )}
      <Descriptions
        size="small"
        column={1}
        items={[
          ...(entry.details
            ? [
                {
                  key: 'details',
                  label: t.audit.details,
                  children: <pre className="dossier-json">{JSON.stringify(entry.details, null, 2)}</pre>,
                },
              ]
            : []),
          ...(entry.userAgent ? [{ key: 'ua', label: t.audit.device, children: entry.userAgent }] : []),
          {
            key: 'hash',
            label: t.audit.hash,
            children: (
              <Typography.Text code copyable style={{ fontSize: 12 }}>
                {entry.hash}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Flex>
  );
}
