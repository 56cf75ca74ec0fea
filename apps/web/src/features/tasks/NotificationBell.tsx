import { BellOutlined } from '@ant-design/icons';
import type { Notification } from '@dossier/contract';
import { Badge, Button, Empty, Flex, List, Popover, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../../i18n/i18n.tsx';
import { formatInstant } from '../../lib/time.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useMarkRead, useNotifications } from './tasks.api.ts';

/** The header bell: unread count, the latest notifications, click to read and go where it leads. */
export function NotificationBell() {
  const t = useT();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const list = useNotifications();
  const markRead = useMarkRead();
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];

  const openOne = (item: Notification) => {
    if (!item.readAt) markRead.mutate(item.id);
    setOpen(false);
    if (item.link?.startsWith('/')) navigate(item.link);
  };

  const content = (
    <div style={{ width: 360 }} data-testid="notification-list">
      <Flex justify="space-between" align="center" style={{ padding: '4px 4px 8px' }}>
        <Typography.Text strong>
          {t.notifications.title}
          {unread > 0 ? (
            <Typography.Text type="secondary" style={{ fontWeight: 400, marginInlineStart: 8 }}>
              {t.notifications.unreadCount(unread)}
            </Typography.Text>
          ) : null}
        </Typography.Text>
        <Button
          size="small"
          type="link"
          disabled={unread === 0}
          loading={markRead.isPending && markRead.variables === 'all'}
          onClick={() => markRead.mutate('all')}
          data-testid="notifications-read-all"
        >
          {t.notifications.readAll}
        </Button>
      </Flex>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isPending ? (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin />
        </Flex>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.notifications.empty} />
      ) : (
        <List<Notification>
          size="small"
          dataSource={items}
          style={{ maxHeight: 420, overflow: 'auto' }}
          renderItem={(item) => (
            <List.Item
              onClick={() => openOne(item)}
              data-testid="notification-item"
              style={{
                cursor: 'pointer',
                padding: '8px 8px',
                borderRadius: 6,
                background: item.readAt ? undefined : '#f0f5ff',
                marginBottom: 2,
              }}
            >
              <Flex vertical gap={2} style={{ minWidth: 0, width: '100%' }}>
                <Flex gap={6} align="center">
                  {item.readAt ? null : <Badge status="processing" />}
                  <Typography.Text strong={!item.readAt} ellipsis={{ tooltip: item.title }}>
                    {item.title}
                  </Typography.Text>
                </Flex>
                {item.body ? (
                  <Typography.Text
                    type="secondary"
                    style={{ fontSize: 12 }}
                    ellipsis={{ tooltip: item.body }}
                  >
                    {item.body}
                  </Typography.Text>
                ) : null}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatInstant(item.createdAt)}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      content={content}
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      arrow={false}
    >
      <Button
        type="text"
        aria-label={t.notifications.bell(unread)}
        data-testid="notification-bell"
        style={{ display: 'flex', alignItems: 'center' }}
        icon={
          <Badge count={unread} size="small" overflowCount={99} data-testid="notification-count">
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        }
      />
    </Popover>
  );
}
