import { PlusOutlined } from '@ant-design/icons';
import type { ClientDetail } from '@dossier/contract';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Flex, Row, Skeleton, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { AddRelationshipModal } from './AddRelationshipModal.tsx';
import { GuaranteeCirclePanel } from './GuaranteeCirclePanel.tsx';
import { type GraphLink, type GraphParty, PartyGraph } from './PartyGraph.tsx';
import { RelationshipTable } from './RelationshipTable.tsx';
import { GroupFinancePanel } from './GroupFinance.tsx';
import { GroupPanel, HouseholdPanel } from './StructurePanels.tsx';
import { isDirected, linkLabel } from './relationshipLabels.ts';
import { deleteRelationship, refreshRelationships, useRelationshipGraph } from './relationships.api.ts';

/** The 关系 tab: the client's direct links as a graph and a list, its household or group, its guarantee circle. */
export function RelationshipsTab({ detail }: { detail: ClientDetail }) {
  const t = useT();
  const { lang } = useLang();
  const r = t.relationships;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const graph = useRelationshipGraph(detail.id);
  const [adding, setAdding] = useState(false);

  const drawn = useMemo(() => {
    if (!graph.data) return null;
    const parties: GraphParty[] = graph.data.nodes.map((node) => ({
      key: node.key,
      name: node.name,
      kind: node.kind,
      id: node.id,
      visible: node.visible,
      center: node.center,
    }));
    const links: GraphLink[] = graph.data.edges.map((edge) => ({
      source: edge.source,
      target: edge.target,
      label: linkLabel(t, lang, edge),
      directed: isDirected(edge.kind),
    }));
    return { parties, links };
  }, [graph.data, t, lang]);

  const remove = async (relationshipId: number) => {
    await deleteRelationship(detail.id, relationshipId);
    await refreshRelationships(queryClient);
  };

  const addButton = detail.canEdit ? (
    <Button
      type="primary"
      icon={<PlusOutlined />}
      onClick={() => setAdding(true)}
      data-testid="relationship-add"
    >
      {r.add}
    </Button>
  ) : null;

  let main: React.ReactNode;
  if (graph.isPending) {
    main = (
      <Card size="small" title={r.graphTitle}>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  } else if (graph.isError) {
    main = <ErrorAlert error={graph.error} onRetry={() => void graph.refetch()} />;
  } else {
    const empty = graph.data.relationships.length === 0;
    main = (
      <>
        <Card size="small" title={r.graphTitle} extra={addButton}>
          {empty || !drawn ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={r.graphEmpty} />
          ) : (
            <>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.graphHint}
              </Typography.Text>
              <PartyGraph
                parties={drawn.parties}
                links={drawn.links}
                height={380}
                testId="relationship-graph"
                hiddenLabel={r.hidden}
                onOpen={(id) => {
                  if (id !== detail.id) navigate(`/clients/${id}`);
                }}
              />
            </>
          )}
        </Card>
        <Card size="small" title={r.listTitle}>
          <RelationshipTable
            clientId={detail.id}
            relationships={graph.data.relationships}
            canEdit={detail.canEdit}
            onDelete={remove}
          />
        </Card>
      </>
    );
  }

  return (
    <Flex vertical gap={16} data-testid="relationships-tab">
      {main}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          {detail.kind === 'individual' ? (
            <HouseholdPanel clientId={detail.id} />
          ) : (
            <GroupPanel clientId={detail.id} />
          )}
        </Col>
        <Col xs={24} xl={12}>
          <GuaranteeCirclePanel clientId={detail.id} />
        </Col>
      </Row>
      {detail.kind === 'corporate' ? <GroupFinancePanel clientId={detail.id} /> : null}
      {detail.canEdit ? (
        <AddRelationshipModal detail={detail} open={adding} onClose={() => setAdding(false)} />
      ) : null}
    </Flex>
  );
}
