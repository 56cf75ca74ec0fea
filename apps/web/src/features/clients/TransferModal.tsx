import type { ClientDetail, TransferRequest } from '@dossier/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { fieldMessage, isApiError } from '../../api/http.ts';
import { useRms } from '../../api/org.api.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { serverMessage } from '../../ui/errorText.ts';
import { clientKeys, transferClient } from './clients.api.ts';

interface TransferModalProps {
  detail: ClientDetail;
  open: boolean;
  onClose: () => void;
}

export function TransferModal({ detail, open, onClose }: TransferModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const rms = useRms(open);
  const [form] = Form.useForm<TransferRequest>();

  const transfer = useMutation({
    mutationFn: (body: TransferRequest) => transferClient(detail.id, body),
    onSuccess: (updated) => {
      queryClient.setQueryData(clientKeys.detail(detail.id), updated);
      void queryClient.invalidateQueries({ queryKey: ['clients', 'list'] });
      message.success(t.transfer.success(updated.owner.displayName));
      onClose();
    },
    onError: (error) => {
      if (isApiError(error) && (error.field === 'toOwnerId' || error.field === 'reason')) {
        form.setFields([{ name: error.field, errors: [serverMessage(t, fieldMessage(error))] }]);
      }
    },
  });

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    transfer.reset();
  }, [open, form, transfer.reset]);

  const options = (rms.data ?? [])
    .filter((rm) => rm.id !== detail.owner.id)
    .map((rm) => ({ value: rm.id, label: `${rm.displayName}（${rm.username}）` }));
  const fieldError =
    isApiError(transfer.error) && (transfer.error.field === 'toOwnerId' || transfer.error.field === 'reason');

  return (
    <Modal
      open={open}
      title={t.transfer.title}
      okText={t.transfer.submit}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={transfer.isPending}
      forceRender
      data-testid="transfer-modal"
    >
      <Typography.Paragraph type="secondary">
        {t.transfer.intro(detail.name, detail.owner.displayName)}
      </Typography.Paragraph>
      {transfer.isError && !fieldError ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={transfer.error} />
        </div>
      ) : null}
      {rms.isError ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={rms.error} onRetry={() => void rms.refetch()} />
        </div>
      ) : null}
      <Form<TransferRequest>
        form={form}
        layout="vertical"
        onFinish={(values) => transfer.mutate({ toOwnerId: values.toOwnerId, reason: values.reason.trim() })}
      >
        <Form.Item
          name="toOwnerId"
          label={t.transfer.toOwner}
          rules={[{ required: true, message: t.transfer.toOwnerPlaceholder }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t.transfer.toOwnerPlaceholder}
            options={options}
            loading={rms.isLoading}
            data-testid="transfer-owner"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t.transfer.reason}
          rules={[
            {
              validator: (_, value: string | undefined) =>
                (value ?? '').trim().length >= 4
                  ? Promise.resolve()
                  : Promise.reject(new Error(t.transfer.reasonTooShort)),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount placeholder={t.transfer.reasonPlaceholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
