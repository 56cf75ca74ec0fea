import { Alert, Button } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n.tsx';
import { errorText } from './errorText.ts';

interface ErrorAlertProps {
  error: unknown;
  onRetry?: (() => void) | undefined;
  /** Extra lines below the message (e.g. a link to the existing client). */
  extra?: ReactNode;
  testId?: string;
  /** Leave out the server's sentence (when every problem is already shown beside its field). */
  hideDetail?: boolean;
}

export function ErrorAlert({
  error,
  onRetry,
  extra,
  testId = 'error-alert',
  hideDetail = false,
}: ErrorAlertProps) {
  const t = useT();
  const full = errorText(t, error);
  const text = hideDetail ? { ...full, detail: undefined } : full;
  const description =
    text.detail || extra ? (
      <>
        {text.detail ? <div>{text.detail}</div> : null}
        {extra}
      </>
    ) : undefined;
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      title={text.title}
      description={description}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t.common.retry}
          </Button>
        ) : undefined
      }
    />
  );
}
