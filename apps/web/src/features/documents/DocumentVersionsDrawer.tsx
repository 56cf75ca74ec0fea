import type { DocumentSummary, DocumentVersion } from '@dossier/contract';
import { Drawer, Empty, Flex, List, Skeleton, Tag, Typography } from 'antd';
import { useT } from '../../i18n/i18n.tsx';
import { formatInstant } from '../../lib/time.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { contentUrl, useDocumentDetail } from './documents.api.ts';
import { STATUS_COLOR } from './documentLabels.ts';

/** Every version of one document, newest first, each with its review and a way to open it. */
export function DocumentVersionsDrawer({
  clientId,
  document,
  onClose,
}: {
  clientId: number;
  document: DocumentSummary | null;
  onClose: () => void;
}) {
  const t = useT();
  const d = t.documents;
  const detail = useDocumentDetail(clientId, document?.id ?? null);

  let body: React.ReactNode = null;
  if (document) {
    if (detail.isPending) body = <Skeleton active paragraph={{ rows: 6 }} />;
    else if (detail.isError) body = <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
    else if (detail.data.versions.length === 0) body = <Empty />;
    else
      body = (
        <List<DocumentVersion>
          dataSource={detail.data.versions}
          data-testid="document-versions"
          renderItem={(version) => (
            <List.Item
              actions={[
                <Typography.Link
                  key="view"
                  href={contentUrl(version.id, 'inline')}
                  target="_blank"
                  rel="noopener"
                >
                  {d.view}
                </Typography.Link>,
                <Typography.Link key="download" href={contentUrl(version.id, 'attachment')}>
                  {d.download}
                </Typography.Link>,
              ]}
            >
              <Flex vertical gap={4} style={{ minWidth: 0 }}>
                <Flex gap={8} align="center" wrap>
                  <Typography.Text strong>{d.versions.version(version.version)}</Typography.Text>
                  <Tag color={STATUS_COLOR[version.status]}>{d.statuses[version.status]}</Tag>
                  {version.expiresOn ? (
                    <Typography.Text type="secondary">{d.expiresOn(version.expiresOn)}</Typography.Text>
                  ) : null}
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                  {version.fileName} · {d.versions.size((version.sizeBytes / 1024).toFixed(1))}
                  {version.number ? ` · ${version.number}` : ''}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {d.versions.uploaded(version.uploadedBy.displayName, formatInstant(version.uploadedAt))}
                </Typography.Text>
                {version.review ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {d.versions.reviewed(version.review.by.displayName, formatInstant(version.review.at))}
                    {version.review.reason ? (
                      <Typography.Text type="danger" style={{ fontSize: 12 }}>
                        {' '}
                        · {d.versions.reason}：{version.review.reason}
                      </Typography.Text>
                    ) : null}
                  </Typography.Text>
                ) : null}
              </Flex>
            </List.Item>
          )}
        />
      );
  }

  return (
    <Drawer
      open={document !== null}
      onClose={onClose}
      size={520}
      title={document ? d.versions.title(d.kinds[document.kind]) : ''}
      destroyOnHidden
    >
      {body}
    </Drawer>
  );
}
