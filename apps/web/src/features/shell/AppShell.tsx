import {
  AlertOutlined,
  AuditOutlined,
  BellOutlined,
  CarryOutOutlined,
  CloudUploadOutlined,
  ControlOutlined,
  FileProtectOutlined,
  FileSyncOutlined,
  MergeCellsOutlined,
  LogoutOutlined,
  TeamOutlined,
  UserAddOutlined,
  UserOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import type { Me, Permission } from '@dossier/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Avatar, Button, Flex, Layout, Menu, type MenuProps, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useT } from '../../i18n/i18n.tsx';
import { forgetSession, logout } from '../auth/auth.api.ts';
import { useCurrentUser } from '../auth/permissions.ts';
import { AlertBadge } from '../alerts/AlertBadge.tsx';
import { NotificationBell } from '../tasks/NotificationBell.tsx';
import { Brand } from './Brand.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

type MenuKey =
  | 'tasks'
  | 'alerts'
  | 'clients'
  | 'newClient'
  | 'staleProfiles'
  | 'imports'
  | 'duplicates'
  | 'guaranteeCircles'
  | 'rules'
  | 'audit'
  | 'users'
  | 'requiredDocuments';

interface MenuEntry {
  key: MenuKey;
  path: string;
  /** Who sees the entry: a permission, or a rule about the user (tasks are for everyone but the admin). */
  permission: Permission | ((me: Me) => boolean);
  icon: ReactNode;
}

const MENU: MenuEntry[] = [
  { key: 'tasks', path: '/tasks', permission: (me) => me.role !== 'admin', icon: <CarryOutOutlined /> },
  { key: 'alerts', path: '/alerts', permission: 'alert.read', icon: <BellOutlined /> },
  { key: 'clients', path: '/clients', permission: 'client.read', icon: <TeamOutlined /> },
  { key: 'newClient', path: '/clients/new', permission: 'client.create', icon: <UserAddOutlined /> },
  {
    key: 'staleProfiles',
    path: '/profiles/needing-update',
    permission: 'client.read',
    icon: <FileSyncOutlined />,
  },
  {
    key: 'imports',
    path: '/imports',
    // Client files for the front line; account transactions for whoever feeds core banking data.
    permission: (me) =>
      me.permissions.includes('client.create') || me.permissions.includes('transaction.ingest'),
    icon: <CloudUploadOutlined />,
  },
  { key: 'duplicates', path: '/duplicates', permission: 'client.read', icon: <MergeCellsOutlined /> },
  {
    key: 'guaranteeCircles',
    path: '/guarantee-circles',
    permission: 'guarantee.monitor',
    icon: <AlertOutlined />,
  },
  { key: 'rules', path: '/rules', permission: 'rule.read', icon: <ControlOutlined /> },
  { key: 'audit', path: '/audit', permission: 'audit.read', icon: <AuditOutlined /> },
  { key: 'users', path: '/users', permission: 'user.admin', icon: <UsergroupAddOutlined /> },
  {
    key: 'requiredDocuments',
    path: '/settings/required-documents',
    permission: 'user.admin',
    icon: <FileProtectOutlined />,
  },
];

function selectedKey(pathname: string): MenuKey | undefined {
  if (pathname === '/clients/new') return 'newClient';
  if (pathname.startsWith('/clients')) return 'clients';
  if (pathname.startsWith('/tasks')) return 'tasks';
  if (pathname.startsWith('/alerts')) return 'alerts';
  if (pathname.startsWith('/rules')) return 'rules';
  if (pathname.startsWith('/profiles/needing-update')) return 'staleProfiles';
  if (pathname.startsWith('/imports')) return 'imports';
  if (pathname.startsWith('/duplicates')) return 'duplicates';
  if (pathname.startsWith('/guarantee-circles')) return 'guaranteeCircles';
  if (pathname.startsWith('/audit')) return 'audit';
  if (pathname.startsWith('/users')) return 'users';
  if (pathname.startsWith('/settings/required-documents')) return 'requiredDocuments';
  return undefined;
}

const SIDER_BG = '#0f2744';

export function AppShell() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [collapsed, setCollapsed] = useState(false);

  const signOut = useMutation({
    mutationFn: logout,
    onSettled: () => {
      forgetSession(queryClient);
      navigate('/login', { replace: true });
    },
  });

  const visible = (entry: MenuEntry) =>
    typeof entry.permission === 'function' ? entry.permission(me) : me.permissions.includes(entry.permission);
  const items: MenuProps['items'] = MENU.filter(visible).map((entry) => ({
    key: entry.key,
    icon: entry.icon,
    label: <span data-testid={`nav-${entry.key}`}>{t.shell.menu[entry.key]}</span>,
    onClick: () => navigate(entry.path),
  }));
  const current = selectedKey(location.pathname);

  return (
    <Layout hasSider style={{ minHeight: '100vh' }}>
      {/* The dark column runs the full page height; the menu inside it stays in view while scrolling. */}
      <div style={{ background: SIDER_BG, flexShrink: 0 }}>
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          width={208}
          breakpoint="lg"
          style={{ background: SIDER_BG, position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <div style={{ padding: collapsed ? '16px 0 16px 26px' : '16px 20px', height: 64 }}>
            <Brand collapsed={collapsed} dark />
          </div>
          <Menu
            theme="dark"
            mode="inline"
            items={items}
            selectedKeys={current ? [current] : []}
            style={{ background: SIDER_BG, borderInlineEnd: 0 }}
          />
        </Layout.Sider>
      </div>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            borderBottom: '1px solid #e8ecf2',
            height: 56,
            lineHeight: '56px',
          }}
        >
          <Flex justify="flex-end" align="center" gap={16} style={{ height: '100%' }}>
            <LanguageSwitch />
            {me.permissions.includes('alert.read') ? <AlertBadge /> : null}
            {me.role === 'admin' ? null : <NotificationBell />}
            <Flex align="center" gap={8} data-testid="current-user">
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1f4e8c' }} />
              <Typography.Text strong>{me.displayName}</Typography.Text>
              <Tag style={{ marginInlineEnd: 0 }}>{t.enums.role[me.role]}</Tag>
            </Flex>
            <Button
              type="text"
              icon={<LogoutOutlined />}
              loading={signOut.isPending}
              onClick={() => signOut.mutate()}
              data-testid="logout"
            >
              {t.auth.logout}
            </Button>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          <div style={{ maxWidth: 1440, margin: '0 auto' }}>
            <Outlet />
          </div>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
