import type { Permission } from '@dossier/contract';
import { Flex, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useT } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { ForbiddenPage } from '../../ui/ResultPages.tsx';
import { useMe, wasSessionLost } from './auth.api.ts';
import { hasPermission } from './permissions.ts';

/** Renders its children only for a signed-in user; otherwise sends the browser to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const t = useT();

  if (me.isPending) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" description={t.common.loading} />
      </Flex>
    );
  }
  if (me.isError) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 24 }}>
        <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
      </Flex>
    );
  }
  if (!me.data) {
    const params = new URLSearchParams();
    const next = `${location.pathname}${location.search}`;
    if (next !== '/') params.set('next', next);
    if (wasSessionLost()) params.set('expired', '1');
    const query = params.toString();
    return <Navigate to={query ? `/login?${query}` : '/login'} replace />;
  }
  return children;
}

/** Shows the page to a user holding the permission (or any one of several). */
export function RequirePermission({
  permission,
  children,
}: {
  permission: Permission | readonly Permission[];
  children: ReactNode;
}) {
  const me = useMe();
  const anyOf = typeof permission === 'string' ? [permission] : permission;
  return anyOf.some((p) => hasPermission(me.data, p)) ? children : <ForbiddenPage />;
}
