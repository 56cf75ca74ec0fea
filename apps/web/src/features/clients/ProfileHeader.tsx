import { EditOutlined, SafetyCertificateOutlined, SwapOutlined } from '@ant-design/icons';
import type { ClientDetail } from '@dossier/contract';
import { Avatar, Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useT } from '../../i18n/i18n.tsx';
import { formatInstant } from '../../lib/time.ts';
import { KindTag, StatusBadge, TierTag } from '../../ui/EnumTags.tsx';

interface ProfileHeaderProps {
  detail: ClientDetail;
  canTransfer: boolean;
  onEdit: () => void;
  onTransfer: () => void;
  onReview: () => void;
}

export function ProfileHeader({ detail, canTransfer, onEdit, onTransfer, onReview }: ProfileHeaderProps) {
  const t = useT();
  const dash = t.common.empty;
  return (
    <Card data-testid="client-header">
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <Flex gap={16} align="center" style={{ minWidth: 0 }}>
          <Avatar
            size={56}
            style={{
              background: detail.kind === 'corporate' ? '#13808a' : '#1f4e8c',
              fontSize: 24,
              flexShrink: 0,
            }}
          >
            {detail.name.slice(0, 1)}
          </Avatar>
          <Flex vertical gap={6} style={{ minWidth: 0 }}>
            <Flex align="center" gap={8} wrap>
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="client-name">
                {detail.name}
              </Typography.Title>
              <TierTag tier={detail.tier} />
              <KindTag kind={detail.kind} />
            </Flex>
            <Flex align="center" gap={16} wrap>
              <Typography.Text type="secondary" copyable={{ text: detail.code }} data-testid="client-code">
                {detail.code}
              </Typography.Text>
              <StatusBadge status={detail.status} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t.profile.updatedAt(formatInstant(detail.updatedAt))}
              </Typography.Text>
            </Flex>
          </Flex>
        </Flex>
        <Flex gap={8} wrap>
          {canTransfer ? (
            <Button icon={<SwapOutlined />} onClick={onTransfer} data-testid="transfer-client">
              {t.profile.transfer}
            </Button>
          ) : null}
          {detail.canEdit ? (
            <Button icon={<SafetyCertificateOutlined />} onClick={onReview} data-testid="review-client">
              {t.kycReview.button}
            </Button>
          ) : null}
          {detail.canEdit ? (
            <Button type="primary" icon={<EditOutlined />} onClick={onEdit} data-testid="edit-client">
              {t.profile.edit}
            </Button>
          ) : null}
        </Flex>
      </Flex>
      <Descriptions
        size="small"
        style={{ marginTop: 16 }}
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          {
            key: 'owner',
            label: t.fields.owner,
            children: <span data-testid="client-owner">{detail.owner.displayName}</span>,
          },
          {
            key: 'coServicing',
            label: t.fields.coServicing,
            children: detail.coServicing.length
              ? detail.coServicing.map((user) => user.displayName).join('、')
              : dash,
          },
          { key: 'team', label: t.fields.team, children: detail.team.name },
          { key: 'branch', label: t.fields.branch, children: detail.branch.name },
          {
            key: 'tags',
            label: t.fields.tags,
            span: 'filled',
            children: detail.tags.length ? (
              <Flex gap={4} wrap>
                {detail.tags.map((tag) => (
                  <Tag key={tag} style={{ marginInlineEnd: 0 }}>
                    {tag}
                  </Tag>
                ))}
              </Flex>
            ) : (
              dash
            ),
          },
        ]}
      />
    </Card>
  );
}
