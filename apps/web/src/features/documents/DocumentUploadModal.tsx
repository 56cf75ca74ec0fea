import { UploadOutlined } from '@ant-design/icons';
import { DOCUMENT_MAX_BYTES, type DocumentKind, type DocumentSummary } from '@dossier/contract';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Modal, Select, Typography, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, isApiError } from '../../api/http.ts';
import { useT } from '../../i18n/i18n.tsx';
import { showServerErrors } from '../../lib/formErrors.ts';
import { toIsoDate } from '../../lib/time.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { serverMessage } from '../../ui/errorText.ts';
import { refreshDocuments, uploadDocument, uploadVersion } from './documents.api.ts';

export type UploadTarget =
  | { mode: 'new'; kind?: DocumentKind | undefined }
  | { mode: 'version'; document: DocumentSummary };

interface FormValues {
  kind?: DocumentKind;
  number?: string;
  issuer?: string;
  issuedOn?: Dayjs | null;
  expiresOn?: Dayjs | null;
}

const FORM_FIELDS = new Set(['file', 'kind', 'number', 'issuer', 'issuedOn', 'expiresOn']);

interface DocumentUploadModalProps {
  clientId: number;
  kinds: DocumentKind[];
  target: UploadTarget | null;
  onClose: () => void;
}

/** Uploads a document, or a new version of one; the server's field errors appear beside fields. */
export function DocumentUploadModal({ clientId, kinds, target, onClose }: DocumentUploadModalProps) {
  const t = useT();
  const d = t.documents;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const close = () => {
    setFile(null);
    setFileError(null);
    setError(null);
    onClose();
  };

  /** 413 and 415 are explained in words a person can act on, beside the file. */
  const explain = (cause: ApiError): ApiError => {
    if (cause.status === 413 || cause.code === 'request.too_large') {
      return new ApiError({
        ...cause,
        message: cause.message,
        field: 'file',
        issues: [{ field: 'file', message: d.form.tooLarge }],
      });
    }
    if (cause.status === 415 || cause.code === 'document.unsupported_type') {
      return new ApiError({
        ...cause,
        message: cause.message,
        field: 'file',
        issues: [{ field: 'file', message: d.form.unsupported }],
      });
    }
    return cause;
  };

  const submit = async (values: FormValues) => {
    if (!file) {
      setFileError(d.form.fileRequired);
      return;
    }
    if (file.size > DOCUMENT_MAX_BYTES) {
      setFileError(d.form.tooLarge);
      return;
    }
    const fields = {
      kind: target?.mode === 'version' ? target.document.kind : values.kind,
      number: values.number?.trim(),
      issuer: values.issuer?.trim(),
      issuedOn: toIsoDate(values.issuedOn),
      expiresOn: toIsoDate(values.expiresOn),
    };
    setSaving(true);
    setError(null);
    try {
      if (target?.mode === 'version') await uploadVersion(clientId, target.document.id, file, fields);
      else await uploadDocument(clientId, file, fields);
      await refreshDocuments(queryClient);
      message.success(d.form.uploaded);
      close();
    } catch (cause) {
      if (!isApiError(cause)) {
        setError(cause);
        return;
      }
      const explained = explain(cause);
      const fileIssue = explained.issues.find((issue) => issue.field === 'file');
      if (fileIssue) setFileError(serverMessage(t, fileIssue.message));
      const leftover = showServerErrors(
        form,
        explained,
        (path) => path.length === 1 && FORM_FIELDS.has(String(path[0])) && path[0] !== 'file',
        { translate: (m) => serverMessage(t, m) },
      ).filter((issue) => issue.field !== 'file');
      const placed = explained.issues.length > 0 || explained.field !== undefined;
      setError(placed && leftover.length === 0 ? null : explained);
    } finally {
      setSaving(false);
    }
  };

  const version = target?.mode === 'version' ? target.document : null;
  return (
    <Modal
      open={target !== null}
      title={version ? d.form.versionTitle(d.kinds[version.kind]) : d.form.uploadTitle}
      onCancel={close}
      onOk={() => form.submit()}
      okText={d.form.submit}
      cancelText={t.common.cancel}
      confirmLoading={saving}
      destroyOnHidden
      width={560}
      okButtonProps={{ 'data-testid': 'document-submit' }}
    >
      {version ? <Typography.Paragraph type="secondary">{d.form.versionIntro}</Typography.Paragraph> : null}
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} testId="document-error" />
        </div>
      ) : null}
      {target ? (
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          requiredMark={false}
          data-testid="document-form"
          initialValues={{
            kind: version ? version.kind : target.mode === 'new' ? target.kind : undefined,
            issuer: version?.latest.issuer ?? undefined,
          }}
        >
          <Form.Item
            label={d.form.file}
            required
            style={{ marginBottom: 20 }}
            validateStatus={fileError ? 'error' : undefined}
            help={fileError ?? d.form.fileHint}
          >
            <Upload
              maxCount={1}
              accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff"
              beforeUpload={(chosen) => {
                setFile(chosen);
                setFileError(chosen.size > DOCUMENT_MAX_BYTES ? d.form.tooLarge : null);
                return false;
              }}
              onRemove={() => {
                setFile(null);
                return true;
              }}
              fileList={
                file ? [{ uid: 'chosen', name: file.name, size: file.size, status: 'done' as const }] : []
              }
            >
              <Button icon={<UploadOutlined />} data-testid="document-file">
                {d.form.choose}
              </Button>
            </Upload>
          </Form.Item>
          <Form.Item
            name="kind"
            label={d.form.kind}
            rules={[{ required: !version, message: d.form.kindRequired }]}
          >
            <Select
              disabled={version !== null}
              data-testid="document-kind"
              options={kinds.map((kind) => ({ value: kind, label: d.kinds[kind] }))}
            />
          </Form.Item>
          <Form.Item name="number" label={d.form.number} extra={d.form.numberHint}>
            <Input maxLength={64} autoComplete="off" data-testid="document-number" />
          </Form.Item>
          <Form.Item name="issuer" label={d.form.issuer}>
            <Input maxLength={120} />
          </Form.Item>
          <div style={{ display: 'flex', gap: 16 }}>
            <Form.Item name="issuedOn" label={d.form.issuedOn} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="document-issued-on" />
            </Form.Item>
            <Form.Item name="expiresOn" label={d.form.expiresOn} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="document-expires-on" />
            </Form.Item>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.form.expiresHint}
          </Typography.Text>
        </Form>
      ) : null}
    </Modal>
  );
}
