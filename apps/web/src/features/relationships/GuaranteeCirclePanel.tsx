import { Alert, Card, Descriptions, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { formatMoney } from '../../lib/money.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { type GraphLink, type GraphParty, PartyGraph } from './PartyGraph.tsx';
import { PartyName } from './StructurePanels.tsx';
import { useGuaranteeCircle } from './relationships.api.ts';

/** Says plainly whether the client sits in a guarantee circle, who is in it and who is exposed. */
export function GuaranteeCirclePanel({ clientId }: { clientId: number }) {
  const t = useT();
  const { lang } = useLang();
  const c = t.relationships.circle;
  const navigate = useNavigate();
  const view = useGuaranteeCircle(clientId);

  const graph = useMemo(() => {
    if (!view.data) return null;
    const inCircle = new Set(view.data.circle);
    const parties: GraphParty[] = view.data.parties.map((party) => ({
      key: party.key,
      name: party.name,
      kind: party.kind,
      id: party.id,
      visible: party.visible,
      center: party.id === clientId,
      highlight: inCircle.has(party.key),
    }));
    const links: GraphLink[] = view.data.edges.map((edge) => ({
      source: edge.guarantor,
      target: edge.guaranteed,
      label: edge.amount ? formatMoney(edge.amount, lang) : '',
      directed: true,
      highlight: inCircle.has(edge.guarantor) && inCircle.has(edge.guaranteed),
    }));
    return { parties, links };
  }, [view.data, clientId, lang]);

  let body: React.ReactNode;
  if (view.isPending) body = <Skeleton active paragraph={{ rows: 4 }} />;
  else if (view.isError) body = <ErrorAlert error={view.error} onRetry={() => void view.refetch()} />;
  else {
    const data = view.data;
    const byKey = new Map(data.parties.map((party) => [party.key, party]));
    const list = (keys: string[]) =>
      keys.length === 0 ? (
        <Typography.Text type="secondary">{c.none}</Typography.Text>
      ) : (
        <Flex gap={6} wrap>
          {keys.map((key) => {
            const party = byKey.get(key);
            return party ? (
              <Tag key={key} style={{ marginInlineEnd: 0 }}>
                <PartyName party={party} hiddenTitle={t.relationships.hidden} />
              </Tag>
            ) : null;
          })}
        </Flex>
      );
    const inCircle = data.circle.length > 0;
    body = (
      <Flex vertical gap={12}>
        <Alert
          type={inCircle ? 'error' : 'success'}
          showIcon
          data-testid="guarantee-circle-verdict"
          title={inCircle ? c.inCircle(data.circle.length) : c.notInCircle}
          description={inCircle ? c.inCircleText : c.notInCircleText}
        />
        {data.edges.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={c.noGuarantees} />
        ) : (
          <>
            <Descriptions
              size="small"
              column={1}
              styles={{ label: { width: 200 } }}
              items={[
                ...(inCircle ? [{ key: 'circle', label: c.members, children: list(data.circle) }] : []),
                { key: 'exposed', label: c.exposedGuarantors, children: list(data.exposedGuarantors) },
                { key: 'chain', label: c.guaranteedChain, children: list(data.guaranteedChain) },
                {
                  key: 'total',
                  label: c.totalGuaranteed,
                  children: formatMoney(data.totalGuaranteed, lang) || t.common.empty,
                },
              ]}
            />
            {graph ? (
              <PartyGraph
                parties={graph.parties}
                links={graph.links}
                height={280}
                testId="guarantee-graph"
                hiddenLabel={t.relationships.hidden}
                onOpen={(id) => navigate(`/clients/${id}`)}
              />
            ) : null}
          </>
        )}
      </Flex>
    );
  }
  return (
    <Card size="small" title={c.title} data-testid="guarantee-circle-panel">
      {body}
    </Card>
  );
}
