import { UploadOutlined } from '@ant-design/icons';
import type { ClientDetail, DocumentRequirement, DocumentSummary } from '@dossier/contract';
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  List,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useT } from '../../i18n/i18n.tsx';
import { formatInstant } from '../../lib/time.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useCan, useCurrentUser } from '../auth/permissions.ts';
import { DocumentReviewModal } from './DocumentReviewModal.tsx';
import { DocumentUploadModal, type UploadTarget } from './DocumentUploadModal.tsx';
import { DocumentVersionsDrawer } from './DocumentVersionsDrawer.tsx';
import { contentUrl, useClientDocuments } from './documents.api.ts';
import { STATE_COLOR, STATUS_COLOR, becauseLabel, daysUntil, kindsFor } from './documentLabels.ts';

function Requirements({
  items,
  complete,
  canUpload,
  onUpload,
}: {
  items: DocumentRequirement[];
  complete: boolean;
  canUpload: boolean;
  onUpload: (requirement: DocumentRequirement) => void;
}) {
  const t = useT();
  const d = t.documents;
  const open = items.filter((item) => item.state !== 'met').length;
  return (
    <Card size="small" title={d.requirementsTitle} data-testid="document-requirements">
      {items.length === 0 ? (
        <Typography.Text type="secondary">{d.noRequirements}</Typography.Text>
      ) : (
        <Flex vertical gap={12}>
          <Alert
            type={complete ? 'success' : 'warning'}
            showIcon
            title={complete ? d.complete : d.incomplete(open)}
            description={complete ? d.completeText : d.incompleteText}
            data-testid="requirements-verdict"
          />
          <List<DocumentRequirement>
            size="small"
            bordered
            dataSource={[...items].sort((a, b) => Number(a.state === 'met') - Number(b.state === 'met'))}
            renderItem={(item) => (
              <List.Item
                data-testid="requirement"
                data-state={item.state}
                actions={
                  canUpload && (item.state === 'missing' || item.state === 'expired')
                    ? [
                        <Button key="upload" size="small" type="link" onClick={() => onUpload(item)}>
                          {d.uploadFor}
                        </Button>,
                      ]
                    : []
                }
              >
                <Flex gap={10} align="center" wrap>
                  <Tag
                    color={STATE_COLOR[item.state]}
                    style={{ marginInlineEnd: 0, minWidth: 56, textAlign: 'center' }}
                  >
                    {d.states[item.state]}
                  </Tag>
                  <Typography.Text strong>
                    {item.kinds.map((kind) => d.kinds[kind]).join(d.anyOf)}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {becauseLabel(t, item.because)}
                  </Typography.Text>
                  {item.expiresOn ? (
                    <Typography.Text
                      type={item.state === 'expired' ? 'danger' : 'secondary'}
                      style={{ fontSize: 12 }}
                    >
                      {d.expiresOn(item.expiresOn)}
                    </Typography.Text>
                  ) : null}
                </Flex>
              </List.Item>
            )}
          />
        </Flex>
      )}
    </Card>
  );
}

function Expiry({ document }: { document: DocumentSummary }) {
  const t = useT();
  const d = t.documents;
  const expiresOn = document.latest.expiresOn;
  if (!expiresOn) return <Typography.Text type="secondary">{t.common.empty}</Typography.Text>;
  const days = daysUntil(expiresOn);
  return (
    <Flex gap={6} align="center" wrap={false}>
      <span>{expiresOn}</span>
      {document.expired ? (
        <Tag color="red">{d.expired}</Tag>
      ) : days <= 60 ? (
        <Tag color={days <= 30 ? 'orange' : 'gold'}>{d.expiringSoon(days)}</Tag>
      ) : null}
    </Flex>
  );
}

/** The 材料 tab: which required documents are in order, what is on file, and its versions and reviews. */
export function DocumentsTab({ detail }: { detail: ClientDetail }) {
  const t = useT();
  const d = t.documents;
  const me = useCurrentUser();
  const canUpload = useCan('document.upload') && detail.canEdit;
  const canVerify = useCan('document.verify');
  const documents = useClientDocuments(detail.id);
  const [uploading, setUploading] = useState<UploadTarget | null>(null);
  const [history, setHistory] = useState<DocumentSummary | null>(null);
  const [reviewing, setReviewing] = useState<DocumentSummary | null>(null);
  const kinds = kindsFor(detail.kind);
  const dash = <Typography.Text type="secondary">{t.common.empty}</Typography.Text>;

  if (documents.isPending) {
    return (
      <Card size="small" title={d.requirementsTitle}>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  if (documents.isError)
    return <ErrorAlert error={documents.error} onRetry={() => void documents.refetch()} />;

  const { items, requirements } = documents.data;
  return (
    <Flex vertical gap={16} data-testid="documents-tab">
      <Requirements
        items={requirements.items}
        complete={requirements.complete}
        canUpload={canUpload}
        onUpload={(requirement) =>
          setUploading({ mode: 'new', kind: requirement.kinds.find((kind) => kinds.includes(kind)) })
        }
      />
      <Card
        size="small"
        title={d.tableTitle}
        extra={
          canUpload ? (
            <Button
              type="primary"
              icon={<UploadOutlined />}
              onClick={() => setUploading({ mode: 'new' })}
              data-testid="document-upload"
            >
              {d.upload}
            </Button>
          ) : null
        }
      >
        <Table<DocumentSummary>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={items}
          data-testid="documents-table"
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={d.empty} /> }}
          columns={[
            {
              title: d.columns.kind,
              dataIndex: 'kind',
              render: (kind: DocumentSummary['kind']) => (
                <Typography.Text strong>{d.kinds[kind]}</Typography.Text>
              ),
            },
            {
              title: d.columns.number,
              key: 'number',
              render: (_, doc) =>
                doc.latest.number ? <span className="dossier-masked">{doc.latest.number}</span> : dash,
            },
            { title: d.columns.issuer, key: 'issuer', render: (_, doc) => doc.latest.issuer ?? dash },
            { title: d.columns.expiresOn, key: 'expiresOn', render: (_, doc) => <Expiry document={doc} /> },
            {
              title: d.columns.status,
              key: 'status',
              render: (_, doc) => {
                const tag = (
                  <Tag color={STATUS_COLOR[doc.latest.status]}>{d.statuses[doc.latest.status]}</Tag>
                );
                return doc.latest.review?.reason ? (
                  <Tooltip title={`${d.versions.reason}：${doc.latest.review.reason}`}>{tag}</Tooltip>
                ) : (
                  tag
                );
              },
            },
            {
              title: d.columns.version,
              key: 'version',
              render: (_, doc) => d.versionOf(doc.latest.version, doc.versionCount),
            },
            {
              title: d.columns.uploadedBy,
              key: 'uploadedBy',
              render: (_, doc) => (
                <Flex vertical>
                  <span>{doc.latest.uploadedBy.displayName}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatInstant(doc.latest.uploadedAt)}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              title: d.columns.actions,
              key: 'actions',
              render: (_, doc) => (
                <Space size={0} wrap={false}>
                  <Button size="small" type="link" href={contentUrl(doc.latest.id, 'inline')} target="_blank">
                    {d.view}
                  </Button>
                  <Button size="small" type="link" href={contentUrl(doc.latest.id, 'attachment')}>
                    {d.download}
                  </Button>
                  <Button size="small" type="link" onClick={() => setHistory(doc)}>
                    {d.history}
                  </Button>
                  {canUpload ? (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => setUploading({ mode: 'version', document: doc })}
                    >
                      {d.newVersion}
                    </Button>
                  ) : null}
                  {canVerify && doc.latest.status === 'uploaded' ? (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => setReviewing(doc)}
                      data-testid="document-review"
                    >
                      {d.verify}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <DocumentUploadModal
        clientId={detail.id}
        kinds={kinds}
        target={uploading}
        onClose={() => setUploading(null)}
      />
      <DocumentVersionsDrawer clientId={detail.id} document={history} onClose={() => setHistory(null)} />
      <DocumentReviewModal
        document={reviewing}
        selfUploaded={reviewing !== null && reviewing.latest.uploadedBy.id === me.id}
        onClose={() => setReviewing(null)}
      />
    </Flex>
  );
}
