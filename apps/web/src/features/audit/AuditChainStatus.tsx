import { ReloadOutlined } from '@ant-design/icons';
import type { AuditVerifyResponse } from '@dossier/contract';
import { Alert, Button, Spin } from 'antd';
import { useT } from '../../i18n/i18n.tsx';
import type { Dictionary } from '../../i18n/zh.ts';
import { formatInstant } from '../../lib/time.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useAuditChain } from './audit.api.ts';

/** The server explains a break in English; these are its sentences in the reader's language. */
function reasonText(t: Dictionary, reason: string): string {
  const known = t.audit.chain.reasons[reason];
  if (known) return known;
  const missing = /^expected entry (\d+) next, found (\d+)/.exec(reason);
  return missing?.[1] && missing[2] ? t.audit.chain.missing(missing[1], missing[2]) : reason;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** One line above the log: is the hash chain intact, checked when, and a button to check again. */
export function AuditChainStatus() {
  const t = useT();
  const chain = useAuditChain();
  const c = t.audit.chain;

  if (chain.isPending) {
    return (
      <Alert
        type="info"
        showIcon
        icon={<Spin size="small" />}
        title={c.checking}
        data-testid="audit-chain"
        data-state="checking"
      />
    );
  }
  if (chain.isError) {
    return <ErrorAlert error={chain.error} onRetry={() => void chain.refetch()} testId="audit-chain" />;
  }

  const result: AuditVerifyResponse = chain.data;
  const at = formatInstant(result.verifiedAt, true);
  const recheck = (
    <Button
      size="small"
      icon={<ReloadOutlined />}
      loading={chain.isFetching}
      onClick={() => void chain.refetch()}
      data-testid="audit-chain-recheck"
    >
      {c.recheck}
    </Button>
  );
  if (result.ok || !result.broken) {
    return (
      <Alert
        type="success"
        showIcon
        title={c.intact(count(result.checked), at)}
        action={recheck}
        data-testid="audit-chain"
        data-state="intact"
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      title={c.broken(result.broken.id, reasonText(t, result.broken.reason))}
      description={c.brokenHint(count(result.checked), at)}
      action={recheck}
      data-testid="audit-chain"
      data-state="broken"
    />
  );
}
