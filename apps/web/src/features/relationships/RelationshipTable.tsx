import type { Relationship } from '@dossier/contract';
import { App, Button, Empty, Popconfirm, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { formatMoney } from '../../lib/money.ts';
import { formatInstant } from '../../lib/time.ts';
import { errorText } from '../../ui/errorText.ts';
import { KindTag } from '../../ui/EnumTags.tsx';
import { otherSide } from './relationshipLabels.ts';

interface RelationshipTableProps {
  clientId: number;
  relationships: Relationship[];
  canEdit: boolean;
  onDelete: (relationshipId: number) => Promise<void>;
}

export function RelationshipTable({ clientId, relationships, canEdit, onDelete }: RelationshipTableProps) {
  const t = useT();
  const { lang } = useLang();
  const { message } = App.useApp();
  const r = t.relationships;
  const dash = <Typography.Text type="secondary">{t.common.empty}</Typography.Text>;

  const remove = async (id: number) => {
    try {
      await onDelete(id);
      message.success(r.deleted);
    } catch (error) {
      const text = errorText(t, error);
      message.error(text.detail ? `${text.title}：${text.detail}` : text.title);
    }
  };

  return (
    <Table<Relationship>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={relationships}
      data-testid="relationship-table"
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={r.empty} /> }}
      columns={[
        {
          title: r.columns.party,
          key: 'party',
          render: (_, relationship) => {
            const { other } = otherSide(t, relationship, clientId);
            return (
              <span style={{ whiteSpace: 'nowrap' }}>
                {other.visible && other.id !== null ? (
                  <Link to={`/clients/${other.id}`}>{other.name}</Link>
                ) : (
                  <Typography.Text type="secondary" title={r.hidden}>
                    {other.name}
                  </Typography.Text>
                )}{' '}
                <KindTag kind={other.kind} />
              </span>
            );
          },
        },
        {
          title: r.columns.role,
          key: 'role',
          render: (_, relationship) => <Tag color="blue">{otherSide(t, relationship, clientId).role}</Tag>,
        },
        {
          title: r.columns.kind,
          dataIndex: 'kind',
          render: (kind: Relationship['kind']) => r.kinds[kind],
        },
        {
          title: r.columns.detail,
          key: 'detail',
          render: (_, relationship) => {
            if (relationship.sharePct !== null) return r.share(String(relationship.sharePct));
            if (relationship.amount) return r.guarantee(formatMoney(relationship.amount, lang));
            return dash;
          },
        },
        {
          title: r.columns.period,
          key: 'period',
          render: (_, relationship) =>
            relationship.startsOn || relationship.endsOn
              ? `${relationship.startsOn ?? '…'} ~ ${relationship.endsOn ?? '…'}`
              : dash,
        },
        {
          title: r.columns.note,
          dataIndex: 'note',
          render: (note: string | null) => note ?? dash,
        },
        {
          title: r.columns.createdAt,
          dataIndex: 'createdAt',
          render: (at: string) => formatInstant(at),
        },
        ...(canEdit
          ? [
              {
                title: r.columns.actions,
                key: 'actions',
                render: (_: unknown, relationship: Relationship) => (
                  <Popconfirm
                    title={r.deleteConfirm}
                    okText={r.delete}
                    okButtonProps={{ danger: true }}
                    cancelText={t.common.cancel}
                    onConfirm={() => remove(relationship.id)}
                  >
                    <Button size="small" type="link" danger data-testid="relationship-delete">
                      {r.delete}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
