import { Result } from 'antd';
import { Navigate } from 'react-router';
import { useT } from '../../i18n/i18n.tsx';
import { useCurrentUser } from './permissions.ts';

/** The first page the user's role may use: clients for bankers, the audit log for compliance, users for admins. */
export function HomeRedirect() {
  const me = useCurrentUser();
  const t = useT();
  if (me.permissions.includes('client.read')) return <Navigate to="/clients" replace />;
  if (me.permissions.includes('audit.read')) return <Navigate to="/audit" replace />;
  if (me.permissions.includes('user.admin')) return <Navigate to="/users" replace />;
  return <Result status="info" title={t.common.nothingTitle} subTitle={t.common.nothingText} />;
}
