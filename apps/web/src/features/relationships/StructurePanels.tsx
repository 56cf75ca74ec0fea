import type { RelatedParty } from '@dossier/contract';
import { Card, Descriptions, Empty, Flex, Skeleton, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { formatMoney } from '../../lib/money.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { KindTag } from '../../ui/EnumTags.tsx';
import { roleLabel } from './relationshipLabels.ts';
import { useGroup, useHousehold } from './relationships.api.ts';

/** A related client's name: a link when in the viewer's book, a grey masked name otherwise. */
export function PartyName({ party, hiddenTitle }: { party: RelatedParty; hiddenTitle: string }) {
  if (party.visible && party.id !== null) return <Link to={`/clients/${party.id}`}>{party.name}</Link>;
  return (
    <Typography.Text type="secondary" title={hiddenTitle}>
      {party.name}
    </Typography.Text>
  );
}

function Roles({ roles }: { roles: string[] }) {
  const t = useT();
  return (
    <Flex gap={4} wrap>
      {roles.map((role) => (
        <Tag key={role} color={role === 'self' ? 'gold' : 'blue'} style={{ marginInlineEnd: 0 }}>
          {roleLabel(t, role)}
        </Tag>
      ))}
    </Flex>
  );
}

export function HouseholdPanel({ clientId }: { clientId: number }) {
  const t = useT();
  const h = t.relationships.household;
  const household = useHousehold(clientId, true);
  let body: React.ReactNode;
  if (household.isPending) body = <Skeleton active paragraph={{ rows: 3 }} />;
  else if (household.isError)
    body = <ErrorAlert error={household.error} onRetry={() => void household.refetch()} />;
  else if (household.data.members.length <= 1)
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={h.empty} />;
  else
    body = (
      <>
        <Typography.Paragraph type="secondary">
          {h.members(household.data.totals.members, household.data.totals.visibleMembers)}
        </Typography.Paragraph>
        <Table
          size="small"
          pagination={false}
          rowKey={(member) => `${member.id ?? member.name}-${member.roles.join()}`}
          dataSource={household.data.members}
          columns={[
            {
              title: t.relationships.memberColumn,
              key: 'name',
              render: (_, member) => <PartyName party={member} hiddenTitle={t.relationships.hidden} />,
            },
            {
              title: t.relationships.rolesColumn,
              key: 'roles',
              render: (_, member) => <Roles roles={member.roles} />,
            },
          ]}
        />
      </>
    );
  return (
    <Card size="small" title={h.title} data-testid="household-panel">
      {body}
    </Card>
  );
}

export function GroupPanel({ clientId }: { clientId: number }) {
  const t = useT();
  const { lang } = useLang();
  const g = t.relationships.group;
  const group = useGroup(clientId, true);
  let body: React.ReactNode;
  if (group.isPending) body = <Skeleton active paragraph={{ rows: 3 }} />;
  else if (group.isError) body = <ErrorAlert error={group.error} onRetry={() => void group.refetch()} />;
  else if (group.data.members.length <= 1)
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={g.empty} />;
  else {
    const { apex, totals, members } = group.data;
    body = (
      <Flex vertical gap={12}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: 'apex',
              label: g.apex,
              children: apex ? <PartyName party={apex} hiddenTitle={t.relationships.hidden} /> : g.noApex,
            },
            { key: 'companies', label: g.companies, children: totals.companies },
            {
              key: 'capital',
              label: g.registeredCapital,
              children: formatMoney(totals.registeredCapital, lang) || t.common.empty,
            },
            {
              key: 'revenue',
              label: g.annualRevenue,
              children: formatMoney(totals.annualRevenue, lang) || t.common.empty,
            },
            { key: 'employees', label: g.employees, children: totals.employees.toLocaleString() },
          ]}
        />
        <Table
          size="small"
          pagination={false}
          rowKey={(member) => `${member.id ?? member.name}-${member.depth}`}
          dataSource={[...members].sort(
            (a, b) => (a.depth < 0 ? 99 : a.depth) - (b.depth < 0 ? 99 : b.depth),
          )}
          columns={[
            {
              title: t.relationships.memberColumn,
              key: 'name',
              render: (_, member) => (
                <span style={{ paddingInlineStart: Math.max(member.depth, 0) * 16, whiteSpace: 'nowrap' }}>
                  <PartyName party={member} hiddenTitle={t.relationships.hidden} />{' '}
                  <KindTag kind={member.kind} />
                </span>
              ),
            },
            { title: g.depth, key: 'depth', render: (_, member) => g.depthValue(member.depth) },
            {
              title: t.relationships.rolesColumn,
              key: 'roles',
              render: (_, member) => <Roles roles={member.roles} />,
            },
          ]}
        />
      </Flex>
    );
  }
  return (
    <Card size="small" title={g.title} data-testid="group-panel">
      {body}
    </Card>
  );
}
