import type { ClientDetail, ClientPatch } from '@dossier/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Alert, Button, Drawer, Flex, Form } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo } from 'react';
import { isApiError } from '../../api/http.ts';
import { useT } from '../../i18n/i18n.tsx';
import { todayInBank } from '../../lib/time.ts';
import {
  CorporateFields,
  type FieldSpan,
  IndividualFields,
  ProvenanceFields,
  ServicingFields,
} from './ClientFormFields.tsx';
import { ServerErrorAlert } from './ServerErrorAlert.tsx';
import { type ClientFormValues, detailToFormValues, toPatch } from './clientForm.ts';
import { clientKeys, patchClient } from './clients.api.ts';
import { useClientFormErrors } from './useClientFormErrors.ts';

const SPAN: FieldSpan = { xs: 24, md: 12 };

interface ClientEditDrawerProps {
  detail: ClientDetail;
  open: boolean;
  onClose: () => void;
  onReload: () => Promise<ClientDetail | undefined>;
}

export function ClientEditDrawer({ detail, open, onClose, onReload }: ClientEditDrawerProps) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ClientFormValues>();
  const errors = useClientFormErrors(form, detail.kind);
  const initial = useMemo(() => detailToFormValues(detail), [detail]);

  const save = useMutation({
    mutationFn: (patch: ClientPatch) => patchClient(detail.id, detail.version, patch),
    onSuccess: (updated) => {
      queryClient.setQueryData(clientKeys.detail(detail.id), updated);
      void queryClient.invalidateQueries({ queryKey: ['clients', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['clients', 'suggest'] });
      message.success(t.edit.saved);
      onClose();
    },
    onError: errors.show,
  });

  const resetTo = (values: ClientFormValues) => {
    form.resetFields();
    form.setFieldsValue({ ...values, source: 'manual', asOf: dayjs(todayInBank()) });
    errors.clear();
    save.reset();
  };

  // Start from the file as it is now each time the drawer opens.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on opening, not on every refetch
  useEffect(() => {
    if (open) resetTo(initial);
  }, [open]);

  const submit = (values: ClientFormValues) => {
    const patch = toPatch(detail, initial, { ...values, kind: detail.kind });
    if (Object.keys(patch).length === 0) {
      message.info(t.edit.noChanges);
      onClose();
      return;
    }
    save.mutate(patch);
  };

  const reload = async () => {
    const fresh = await onReload();
    if (fresh) resetTo(detailToFormValues(fresh));
  };

  const conflict = isApiError(save.error) && save.error.code === 'request.precondition_failed';

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t.edit.title(detail.name)}
      size={760}
      forceRender
      data-testid="edit-drawer"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="save-client"
          >
            {t.common.save}
          </Button>
        </Flex>
      }
    >
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          data-testid="edit-conflict"
          title={t.edit.conflictTitle}
          description={t.edit.conflictText}
          action={
            <Button size="small" onClick={() => void reload()}>
              {t.common.reload}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {save.isError && !conflict ? (
        <div style={{ marginBottom: 16 }}>
          <ServerErrorAlert error={save.error} unplaced={errors.unplaced} />
        </div>
      ) : null}
      <Form<ClientFormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        scrollToFirstError={{ block: 'center' }}
        disabled={save.isPending}
      >
        <ServicingFields span={SPAN} mode="edit" />
        {detail.kind === 'individual' ? (
          <IndividualFields span={SPAN} detail={detail} />
        ) : (
          <CorporateFields span={SPAN} detail={detail} />
        )}
        <ProvenanceFields span={SPAN} />
      </Form>
    </Drawer>
  );
}
