import { WarningOutlined } from '@ant-design/icons';
import { Badge, Button, Tooltip } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../../i18n/i18n.tsx';
import { useOpenAlertCounts } from './alerts.api.ts';
import { useLiveAlertQueries } from './alertStream.ts';

/**
 * The header's alert count: every alert not yet resolved in the user's scope. It holds the app's
 * one alert stream open, so the count, the inbox and an open alert page follow new alerts live.
 */
export function AlertBadge() {
  const t = useT();
  const navigate = useNavigate();
  const counts = useOpenAlertCounts(true);
  useLiveAlertQueries(true);
  const open = counts.data
    ? counts.data.low + counts.data.medium + counts.data.high + counts.data.critical
    : 0;
  const urgent = counts.data ? counts.data.high + counts.data.critical : 0;

  return (
    <Tooltip title={t.alerts.badge(open)}>
      <Button
        type="text"
        aria-label={t.alerts.badge(open)}
        data-testid="alert-badge"
        data-count={counts.data ? open : undefined}
        onClick={() => navigate('/alerts')}
        style={{ display: 'flex', alignItems: 'center' }}
        icon={
          <Badge
            count={open}
            size="small"
            overflowCount={999}
            color={urgent > 0 ? '#cf1322' : '#fa8c16'}
            data-testid="alert-count"
          >
            <WarningOutlined style={{ fontSize: 18 }} />
          </Badge>
        }
      />
    </Tooltip>
  );
}
