import type { ClientDetail, FieldHistory } from '@dossier/contract';
import { Card, Empty, Flex, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { formatInstant } from '../../lib/time.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useFieldHistory } from './history.api.ts';
import { fieldLabel, historyValue } from './historyValues.ts';

type Change = FieldHistory['items'][number];

const SOURCE_COLOR: Record<string, string> = { import: 'blue', merge: 'purple', kyc: 'green' };

function useColumns(): TableColumnsType<Change> {
  const t = useT();
  const { lang } = useLang();
  const h = t.history;
  const shown = (field: string, value: unknown) => {
    const text = historyValue(t, lang, field, value);
    return text === null ? <Typography.Text type="secondary">{h.emptyValue}</Typography.Text> : text;
  };
  return [
    { title: h.columns.at, dataIndex: 'at', width: 150, render: (at: string) => formatInstant(at) },
    {
      title: h.columns.field,
      dataIndex: 'field',
      width: 150,
      render: (field: string, change) => (
        <Flex vertical>
          <Typography.Text strong>{fieldLabel(t, field)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {h.actions[change.action] ?? change.action}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: h.columns.change,
      key: 'change',
      render: (_, change) => (
        <Flex gap={8} align="center" wrap data-testid="history-change">
          <span className="dossier-history-before">{shown(change.field, change.before)}</span>
          <Typography.Text type="secondary">→</Typography.Text>
          <Typography.Text strong>{shown(change.field, change.after)}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: h.columns.actor,
      dataIndex: 'actor',
      width: 120,
      render: (actor: Change['actor']) => actor?.displayName ?? h.system,
    },
    {
      title: h.columns.source,
      dataIndex: 'source',
      width: 110,
      render: (source: string | null) =>
        source ? <Tag color={SOURCE_COLOR[source]}>{h.sources[source] ?? source}</Tag> : null,
    },
  ];
}

/** Who changed which fact of this file, when, from which source: old → new, sensitive values masked. */
export function FieldHistoryTab({ detail }: { detail: ClientDetail }) {
  const t = useT();
  const h = t.history;
  const history = useFieldHistory(detail.id);
  const columns = useColumns();
  const [field, setField] = useState<string | undefined>();
  const items = history.data?.items;
  const fields = useMemo(() => [...new Set((items ?? []).map((c) => c.field))], [items]);
  const rows = useMemo(
    () => (items ?? []).filter((c) => field === undefined || c.field === field),
    [items, field],
  );

  if (history.isError) return <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />;
  return (
    <Card
      size="small"
      title={h.title}
      extra={
        <Select
          allowClear
          placeholder={h.filterField}
          style={{ width: 180 }}
          value={field}
          onChange={setField}
          options={fields.map((f) => ({ value: f, label: fieldLabel(t, f) }))}
          data-testid="history-field-filter"
        />
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {h.intro}
      </Typography.Paragraph>
      <Table<Change>
        size="small"
        rowKey={(c) => `${c.at}|${c.action}|${c.field}`}
        loading={history.isPending}
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={h.empty} /> }}
        data-testid="history-table"
      />
    </Card>
  );
}
