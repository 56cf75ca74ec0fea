import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Result, Skeleton, Tabs } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../api/http.ts';
import { useT } from '../../i18n/i18n.tsx';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useCan } from '../auth/permissions.ts';
import { ConsentsTab } from '../consents/ConsentsTab.tsx';
import { DocumentsTab } from '../documents/DocumentsTab.tsx';
import { FinanceTab } from '../finance/FinanceTab.tsx';
import { FieldHistoryTab } from '../history/FieldHistoryTab.tsx';
import { QualityTab } from '../quality/QualityTab.tsx';
import { RelationshipsTab } from '../relationships/RelationshipsTab.tsx';
import { KycReviewModal } from '../reviews/KycReviewModal.tsx';
import { ClientEditDrawer } from './ClientEditDrawer.tsx';
import { ClientFacts } from './ClientFacts.tsx';
import { ProfileHeader } from './ProfileHeader.tsx';
import { TransferModal } from './TransferModal.tsx';
import { useClient } from './clients.api.ts';

function ClientNotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title={t.profile.notFoundTitle}
      subTitle={t.profile.notFoundText}
      data-testid="client-not-found"
      extra={
        <Link to="/clients">
          <Button type="primary">{t.common.backToList}</Button>
        </Link>
      }
    />
  );
}

function ProfileSkeleton() {
  return (
    <Flex vertical gap={16} data-testid="profile-loading">
      <Card>
        <Skeleton avatar active paragraph={{ rows: 2 }} />
      </Card>
      <Card>
        <Skeleton active paragraph={{ rows: 4 }} />
      </Card>
    </Flex>
  );
}

export function ClientProfilePage() {
  const params = useParams();
  const id = /^[1-9]\d{0,14}$/.test(params.id ?? '') ? Number(params.id) : null;
  return id === null ? <ClientNotFound /> : <ClientProfile id={id} />;
}

function ClientProfile({ id }: { id: number }) {
  const t = useT();
  const client = useClient(id);
  const canTransfer = useCan('client.transfer');
  const [editing, setEditing] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  // The open tab lives in the address (?tab=documents) so a link or a reload lands on it.
  const [search, setSearch] = useSearchParams();
  const tab = search.get('tab') ?? 'overview';
  useDocumentTitle(client.data?.name ?? t.clients.title);

  const back = (
    <Link to="/clients" style={{ display: 'inline-block', marginBottom: 12 }}>
      <ArrowLeftOutlined /> {t.common.backToList}
    </Link>
  );

  if (client.isPending) {
    return (
      <>
        {back}
        <ProfileSkeleton />
      </>
    );
  }
  if (client.isError) {
    if (isApiError(client.error) && client.error.status === 404) return <ClientNotFound />;
    return (
      <>
        {back}
        <ErrorAlert error={client.error} onRetry={() => void client.refetch()} />
      </>
    );
  }

  const detail = client.data;
  return (
    <>
      {back}
      <Flex vertical gap={16}>
        <ProfileHeader
          detail={detail}
          canTransfer={canTransfer}
          onEdit={() => setEditing(true)}
          onTransfer={() => setTransferring(true)}
          onReview={() => setReviewing(true)}
        />
        <Tabs
          activeKey={tab}
          onChange={(key) => setSearch(key === 'overview' ? {} : { tab: key }, { replace: true })}
          data-testid="profile-tabs"
          items={[
            {
              key: 'overview',
              label: t.profileTabs.overview,
              children: (
                <Flex vertical gap={16}>
                  <ClientFacts detail={detail} />
                </Flex>
              ),
            },
            { key: 'finance', label: t.profileTabs.finance, children: <FinanceTab detail={detail} /> },
            {
              key: 'relationships',
              label: t.profileTabs.relationships,
              children: <RelationshipsTab detail={detail} />,
            },
            { key: 'documents', label: t.profileTabs.documents, children: <DocumentsTab detail={detail} /> },
            { key: 'consents', label: t.profileTabs.consents, children: <ConsentsTab detail={detail} /> },
            {
              key: 'quality',
              label: t.profileTabs.quality,
              children: <QualityTab detail={detail} onEdit={() => setEditing(true)} />,
            },
            { key: 'history', label: t.profileTabs.history, children: <FieldHistoryTab detail={detail} /> },
          ]}
        />
      </Flex>
      {detail.canEdit ? (
        <ClientEditDrawer
          detail={detail}
          open={editing}
          onClose={() => setEditing(false)}
          onReload={async () => (await client.refetch()).data}
        />
      ) : null}
      {detail.canEdit ? (
        <KycReviewModal detail={detail} open={reviewing} onClose={() => setReviewing(false)} />
      ) : null}
      {canTransfer ? (
        <TransferModal detail={detail} open={transferring} onClose={() => setTransferring(false)} />
      ) : null}
    </>
  );
}
