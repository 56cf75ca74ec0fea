import type { RevealRequest } from '@dossier/contract';
import { useMutation } from '@tanstack/react-query';
import { Alert, type ButtonProps, Form, Input, Modal, Typography } from 'antd';
import { useEffect } from 'react';
import { fieldMessage, isApiError } from '../../api/http.ts';
import type { RevealableField } from '../../i18n/zh.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { serverMessage } from '../../ui/errorText.ts';
import { revealField } from './clients.api.ts';

interface RevealModalProps {
  clientId: number;
  field: RevealableField;
  contactId?: number | undefined;
  open: boolean;
  onClose: () => void;
  onRevealed: (value: string | null) => void;
  /** Turns the clear value into what a person reads (an income band code into its label). */
  display: (value: string) => string;
}

/** Asks why the clear value is needed (the server audits it), then shows it. */
export function RevealModal({
  clientId,
  field,
  contactId,
  open,
  onClose,
  onRevealed,
  display,
}: RevealModalProps) {
  const t = useT();
  const [form] = Form.useForm<{ purpose: string }>();
  const reveal = useMutation({
    mutationFn: (body: RevealRequest) => revealField(clientId, body),
    onSuccess: (answer) => onRevealed(answer.value),
    onError: (error) => {
      if (isApiError(error) && error.field === 'purpose') {
        form.setFields([{ name: 'purpose', errors: [serverMessage(t, fieldMessage(error))] }]);
      }
    },
  });

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    reveal.reset();
  }, [open, form, reveal.reset]);

  const label = t.enums.revealField[field];
  const done = reveal.isSuccess;

  return (
    <Modal
      open={open}
      title={t.reveal.title(label)}
      onCancel={onClose}
      okText={done ? t.common.close : t.reveal.submit}
      cancelButtonProps={{ style: done ? { display: 'none' } : undefined }}
      onOk={() => (done ? onClose() : form.submit())}
      okButtonProps={{ loading: reveal.isPending, 'data-testid': 'reveal-submit' } as ButtonProps}
      destroyOnHidden
      data-testid="reveal-modal"
    >
      {done ? (
        <>
          <Typography.Text type="secondary">{t.reveal.value}</Typography.Text>
          <Typography.Paragraph
            copyable={reveal.data.value ? { text: reveal.data.value } : false}
            className="dossier-masked"
            style={{ fontSize: 20, margin: '4px 0 0' }}
            data-testid="revealed-value"
          >
            {reveal.data.value ? display(reveal.data.value) : t.reveal.empty}
          </Typography.Paragraph>
        </>
      ) : (
        <>
          <Alert type="warning" showIcon title={t.reveal.notice} style={{ marginBottom: 16 }} />
          {reveal.isError && !(isApiError(reveal.error) && reveal.error.field === 'purpose') ? (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={reveal.error} />
            </div>
          ) : null}
          <Form
            form={form}
            layout="vertical"
            onFinish={({ purpose }) => reveal.mutate({ field, contactId, purpose: purpose.trim() })}
          >
            <Form.Item
              name="purpose"
              label={t.reveal.purpose}
              rules={[
                { required: true, message: t.reveal.purposeTooShort },
                {
                  validator: (_, value: string | undefined) =>
                    (value ?? '').trim().length >= 4
                      ? Promise.resolve()
                      : Promise.reject(new Error(t.reveal.purposeTooShort)),
                },
              ]}
            >
              <Input.TextArea
                autoFocus
                rows={2}
                maxLength={200}
                showCount
                placeholder={t.reveal.purposePlaceholder}
                data-testid="reveal-purpose"
              />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
