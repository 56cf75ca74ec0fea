import { Space } from 'antd';
import { Link } from 'react-router';
import { type FieldIssue, isApiError } from '../../api/http.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { serverMessage } from '../../ui/errorText.ts';

interface ServerErrorAlertProps {
  error: unknown;
  /** Problems the form could not put beside a field. */
  unplaced: FieldIssue[];
}

/** The top-of-form summary of a refused save, with a link to the client a duplicate points at. */
export function ServerErrorAlert({ error, unplaced }: ServerErrorAlertProps) {
  const t = useT();
  const existing = isApiError(error) ? error.details.existingClientId : undefined;
  const existingCode = isApiError(error) ? error.details.existingClientCode : undefined;
  const extra = (
    <Space orientation="vertical" size={4}>
      {unplaced.map((issue) => (
        <div key={`${issue.field}:${issue.message}`}>
          {issue.field ? `${issue.field}: ` : ''}
          {serverMessage(t, issue.message)}
        </div>
      ))}
      {typeof existing === 'number' ? (
        <Link to={`/clients/${existing}`} data-testid="existing-client-link">
          {t.create.openExisting}
          {typeof existingCode === 'string' ? ` ${existingCode}` : ''}
        </Link>
      ) : null}
    </Space>
  );
  const allBesideFields = isApiError(error) && error.code === 'request.invalid' && unplaced.length === 0;
  return <ErrorAlert error={error} extra={extra} testId="form-error" hideDetail={allBesideFields} />;
}
