import type { DocumentSummary } from '@dossier/contract';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/http.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { contentUrl, refreshDocuments, verifyDocument } from './documents.api.ts';

interface FormValues {
  decision: 'verified' | 'rejected';
  reason?: string;
}

/** Maker-checker review of the latest version: verify, or reject saying what to fix. */
export function DocumentReviewModal({
  document,
  selfUploaded,
  onClose,
}: {
  document: DocumentSummary | null;
  /** The reviewer uploaded this version: the server refuses, so the form explains instead. */
  selfUploaded: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const r = t.documents.review;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const decision = Form.useWatch('decision', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const close = () => {
    setError(null);
    onClose();
  };

  const submit = async (values: FormValues) => {
    if (!document) return;
    setSaving(true);
    setError(null);
    try {
      await verifyDocument(document.id, {
        decision: values.decision,
        versionId: document.latest.id,
        ...(values.decision === 'rejected' && values.reason ? { reason: values.reason.trim() } : {}),
      });
      await refreshDocuments(queryClient);
      message.success(r.done);
      close();
    } catch (cause) {
      setError(cause);
      if (isApiError(cause) && cause.field === 'reason') {
        form.setFields([{ name: 'reason', errors: [r.reasonRequired] }]);
      }
    } finally {
      setSaving(false);
    }
  };

  const refusedAsSelf = isApiError(error) && error.code === 'document.self_verification';
  return (
    <Modal
      open={document !== null}
      title={document ? r.title(t.documents.kinds[document.kind]) : ''}
      onCancel={close}
      onOk={() => form.submit()}
      okText={r.submit}
      cancelText={t.common.cancel}
      confirmLoading={saving}
      okButtonProps={{
        disabled: selfUploaded,
        danger: decision === 'rejected',
        'data-testid': 'review-submit',
      }}
      destroyOnHidden
    >
      {document ? (
        <>
          <Typography.Paragraph type="secondary">
            {r.intro}{' '}
            <Typography.Link href={contentUrl(document.latest.id, 'inline')} target="_blank" rel="noopener">
              {r.openFile}
            </Typography.Link>
          </Typography.Paragraph>
          {selfUploaded || refusedAsSelf ? (
            <Alert
              type="warning"
              showIcon
              title={r.selfUploaded}
              style={{ marginBottom: 16 }}
              data-testid="self-verification"
            />
          ) : null}
          {error && !refusedAsSelf ? (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={error} testId="review-error" />
            </div>
          ) : null}
          <Form<FormValues>
            form={form}
            layout="vertical"
            onFinish={submit}
            initialValues={{ decision: 'verified' }}
            requiredMark={false}
            disabled={selfUploaded}
          >
            <Form.Item name="decision" label={r.decision}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: 'verified', label: r.verified },
                  { value: 'rejected', label: r.rejected },
                ]}
              />
            </Form.Item>
            {decision === 'rejected' ? (
              <Form.Item
                name="reason"
                label={r.reason}
                rules={[{ required: true, min: 2, whitespace: true, message: r.reasonRequired }]}
              >
                <Input.TextArea rows={3} maxLength={500} placeholder={r.reasonPlaceholder} />
              </Form.Item>
            ) : null}
          </Form>
        </>
      ) : null}
    </Modal>
  );
}
