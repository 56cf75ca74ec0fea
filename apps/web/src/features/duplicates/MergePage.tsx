import { MergeCellsOutlined, SwapOutlined } from '@ant-design/icons';
import type { ClientDetail } from '@dossier/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Input,
  Radio,
  Spin,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { type HTMLAttributes, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/http.ts';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { StatusBadge, TierTag } from '../../ui/EnumTags.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useCan } from '../auth/permissions.ts';
import { clientKeys, useClient } from '../clients/clients.api.ts';
import { duplicateKeys, mergeClients } from './duplicates.api.ts';
import { displayValue, isBlank, type MergeField, mergeFieldsOf, rawValue } from './mergeFields.ts';

type Side = 'survivor' | 'other';

interface FieldRow {
  field: MergeField;
  survivor: string;
  other: string;
  differs: boolean;
}

function ClientHead({ client, role }: { client: ClientDetail; role: Side }) {
  const t = useT();
  return (
    <Flex vertical gap={2}>
      <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
        {role === 'survivor' ? t.merge.survivor : t.merge.other}
      </Typography.Text>
      <Flex gap={6} align="center" wrap>
        <Link to={`/clients/${client.id}`}>{client.name}</Link>
        <TierTag tier={client.tier} />
        <StatusBadge status={client.status} />
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
        {client.code} · {client.owner.displayName} · {t.merge.version(client.version)}
      </Typography.Text>
    </Flex>
  );
}

export function MergePage() {
  const t = useT();
  const m = t.merge;
  const { lang } = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canMerge = useCan('client.merge');
  useDocumentTitle(m.title);
  const [params] = useSearchParams();
  const aId = Number(params.get('a'));
  const bId = Number(params.get('b'));
  const [survivorIsA, setSurvivorIsA] = useState(true);
  const [picks, setPicks] = useState<Partial<Record<MergeField, Side>>>({});
  const [reason, setReason] = useState('');
  const [reasonTouched, setReasonTouched] = useState(false);
  const [stale, setStale] = useState(false);

  const a = useClient(aId);
  const b = useClient(bId);
  const survivor = survivorIsA ? a.data : b.data;
  const other = survivorIsA ? b.data : a.data;

  const rows: FieldRow[] = useMemo(() => {
    if (!survivor || !other) return [];
    return mergeFieldsOf(survivor.kind).map((field) => {
      const masked =
        survivor.maskedFields.includes(field as never) || other.maskedFields.includes(field as never);
      const differs =
        JSON.stringify(rawValue(survivor, field)) !== JSON.stringify(rawValue(other, field)) ||
        (masked && !isBlank(rawValue(survivor, field)) && !isBlank(rawValue(other, field)));
      return {
        field,
        survivor: displayValue(t, lang, survivor, field),
        other: displayValue(t, lang, other, field),
        differs,
      };
    });
  }, [survivor, other, t, lang]);

  /** Unless the user chose, a value only the absorbed file has is kept rather than lost. */
  const pickOf = (row: FieldRow): Side =>
    picks[row.field] ?? (row.survivor === '' && row.other !== '' ? 'other' : 'survivor');

  const merge = useMutation({
    mutationFn: () => {
      if (!survivor || !other) throw new Error('clients not loaded');
      const take = Object.fromEntries(
        rows.filter((row) => row.differs).map((row) => [row.field, pickOf(row)]),
      );
      return mergeClients(survivor.id, {
        otherId: other.id,
        survivorVersion: survivor.version,
        otherVersion: other.version,
        take,
        reason: reason.trim(),
      });
    },
    onSuccess: (merged) => {
      void queryClient.invalidateQueries({ queryKey: duplicateKeys.all });
      void queryClient.invalidateQueries({ queryKey: clientKeys.all });
      message.success(m.done(merged.name));
      navigate(`/clients/${merged.id}`);
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 412) {
        setStale(true);
        void a.refetch();
        void b.refetch();
      }
    },
  });

  const swap = () => {
    setSurvivorIsA((value) => !value);
    setPicks({});
    merge.reset();
  };

  const reasonOk = reason.trim().length >= 4;
  const loadError = a.error ?? b.error;

  const columns: TableColumnsType<FieldRow> = [
    {
      title: m.field,
      dataIndex: 'field',
      width: 150,
      render: (field: MergeField) => (t.fields as Record<string, string>)[field] ?? field,
    },
    ...(['survivor', 'other'] as const).map((side) => ({
      title:
        survivor && other ? <ClientHead client={side === 'survivor' ? survivor : other} role={side} /> : '',
      key: side,
      render: (_: unknown, row: FieldRow) => {
        const text = row[side] || <Typography.Text type="secondary">{t.common.empty}</Typography.Text>;
        if (!row.differs) return text;
        return (
          <Radio
            checked={pickOf(row) === side}
            disabled={!canMerge}
            onChange={() => setPicks((current) => ({ ...current, [row.field]: side }))}
            data-testid={`merge-pick-${row.field}-${side}`}
          >
            <span className={row[side]?.includes('*') ? 'dossier-masked' : undefined}>{text}</span>
          </Radio>
        );
      },
    })),
    {
      key: 'same',
      width: 70,
      render: (_: unknown, row: FieldRow) =>
        row.differs ? null : <Tag style={{ marginInlineEnd: 0 }}>{m.same}</Tag>,
    },
  ];

  if (!aId || !bId) return <Alert type="error" showIcon title={t.common.notFoundTitle} />;

  return (
    <>
      <PageHeader
        title={m.title}
        subtitle={m.subtitle}
        extra={
          <>
            <Link to="/duplicates">
              <Button>{m.backToList}</Button>
            </Link>
            <Button
              icon={<SwapOutlined />}
              onClick={swap}
              disabled={!survivor || !other}
              data-testid="merge-swap"
            >
              {m.swap}
            </Button>
          </>
        }
      />
      <Flex vertical gap={16}>
        {loadError ? (
          <ErrorAlert
            error={loadError}
            onRetry={() => {
              void a.refetch();
              void b.refetch();
            }}
          />
        ) : null}
        {stale ? <Alert type="warning" showIcon title={m.stale} data-testid="merge-stale" /> : null}
        {!canMerge ? <Alert type="info" showIcon title={m.noRight} /> : null}
        {survivor && other && survivor.kind !== other.kind ? (
          <Alert type="error" showIcon title={m.kindMismatch} />
        ) : null}
        <Card styles={{ body: { padding: 16 } }}>
          {a.isPending || b.isPending ? (
            <Flex justify="center" style={{ padding: 48 }}>
              <Spin />
            </Flex>
          ) : (
            <Table<FieldRow>
              rowKey="field"
              size="small"
              columns={columns}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 800 }}
              onRow={(row) =>
                ({
                  'data-testid': 'merge-field',
                  style: row.differs ? undefined : { color: '#8c8c8c' },
                }) as HTMLAttributes<HTMLElement>
              }
            />
          )}
        </Card>
        {canMerge && survivor && other ? (
          <Card>
            <Flex vertical gap={12}>
              <Alert type="info" showIcon title={m.history} />
              <div>
                <Typography.Text strong>{m.reason}</Typography.Text>
                <Input.TextArea
                  value={reason}
                  maxLength={200}
                  showCount
                  autoSize={{ minRows: 2, maxRows: 4 }}
                  placeholder={m.reasonPlaceholder}
                  status={reasonTouched && !reasonOk ? 'error' : undefined}
                  onChange={(event) => setReason(event.target.value)}
                  onBlur={() => setReasonTouched(true)}
                  style={{ marginTop: 6 }}
                  data-testid="merge-reason"
                />
                {reasonTouched && !reasonOk ? (
                  <Typography.Text type="danger">{m.reasonRequired}</Typography.Text>
                ) : null}
              </div>
              {merge.isError && !(isApiError(merge.error) && merge.error.status === 412) ? (
                <ErrorAlert error={merge.error} />
              ) : null}
              <Flex justify="flex-end" style={{ marginTop: 8 }}>
                <Button
                  type="primary"
                  danger
                  icon={<MergeCellsOutlined />}
                  loading={merge.isPending}
                  disabled={survivor.kind !== other.kind}
                  onClick={() => {
                    setReasonTouched(true);
                    if (!reasonOk) return;
                    setStale(false);
                    merge.mutate();
                  }}
                  data-testid="merge-submit"
                >
                  {m.submit}
                </Button>
              </Flex>
            </Flex>
          </Card>
        ) : null}
      </Flex>
    </>
  );
}
