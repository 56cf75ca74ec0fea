import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useT } from '../i18n/i18n.tsx';

export function NotFoundPage() {
  const t = useT();
  return (
    <Result
      status="404"
      title={t.common.notFoundTitle}
      subTitle={t.common.notFoundText}
      data-testid="not-found"
      extra={
        <Link to="/">
          <Button type="primary">{t.common.backHome}</Button>
        </Link>
      }
    />
  );
}

export function ForbiddenPage() {
  const t = useT();
  return (
    <Result
      status="403"
      title={t.common.forbiddenTitle}
      subTitle={t.common.forbiddenText}
      data-testid="forbidden"
      extra={
        <Link to="/">
          <Button>{t.common.backHome}</Button>
        </Link>
      }
    />
  );
}
