import type { TaskCreate, TaskPriority } from '@dossier/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, type ButtonProps, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useRms } from '../../api/org.api.ts';
import { useT } from '../../i18n/i18n.tsx';
import { todayInBank, toIsoDate } from '../../lib/time.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useCurrentUser } from '../auth/permissions.ts';
import { useSuggestions } from '../clients/clients.api.ts';
import { createTask, taskKeys } from './tasks.api.ts';

interface TaskFormValues {
  title: string;
  detail?: string;
  clientId?: number;
  assigneeId?: number;
  dueOn: Dayjs;
  priority: TaskPriority;
}

/** Team leads and branch managers hand work to their relationship managers; others file tasks for themselves. */
const ASSIGNING_ROLES = new Set(['team_lead', 'branch_manager']);

function ClientSelect({ value, onChange }: { value?: number; onChange?: (id: number | undefined) => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const suggestions = useSuggestions(q);
  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value}
      onChange={(id) => onChange?.(id)}
      placeholder={t.tasks.form.clientPlaceholder}
      loading={suggestions.isFetching}
      notFoundContent={null}
      options={(suggestions.data ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.code}）` }))}
      data-testid="task-client"
    />
  );
}

export function TaskCreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const f = t.tasks.form;
  const me = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TaskFormValues>();
  const canAssign = ASSIGNING_ROLES.has(me.role);
  const rms = useRms(open && canAssign);

  const create = useMutation({
    mutationFn: (body: TaskCreate) => createTask(body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: taskKeys.all });
      message.success(t.tasks.created);
      onClose();
    },
  });

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    create.reset();
  }, [open, form, create.reset]);

  const submit = (values: TaskFormValues) => {
    const body: TaskCreate = {
      title: values.title.trim(),
      dueOn: toIsoDate(values.dueOn) ?? todayInBank(),
      priority: values.priority,
      ...(values.detail?.trim() ? { detail: values.detail.trim() } : {}),
      ...(values.clientId ? { clientId: values.clientId } : {}),
      ...(values.assigneeId && values.assigneeId !== me.id ? { assigneeId: values.assigneeId } : {}),
    };
    create.mutate(body);
  };

  const teammates = (rms.data ?? []).filter(
    (rm) => rm.id !== me.id && (me.role !== 'team_lead' || rm.teamId === me.teamId),
  );

  return (
    <Modal
      open={open}
      title={f.title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={f.submit}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'task-submit' } as ButtonProps}
      destroyOnHidden
    >
      {create.isError ? <ErrorAlert error={create.error} /> : null}
      <Form<TaskFormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ priority: 'medium', assigneeId: me.id }}
        style={{ marginTop: 12 }}
      >
        <Form.Item
          name="title"
          label={f.name}
          rules={[{ required: true, min: 2, whitespace: true, message: f.nameRequired }]}
        >
          <Input maxLength={120} placeholder={f.namePlaceholder} data-testid="task-title" />
        </Form.Item>
        <Form.Item name="detail" label={f.detail}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <Form.Item name="clientId" label={f.client}>
          <ClientSelect />
        </Form.Item>
        {canAssign ? (
          <Form.Item name="assigneeId" label={f.assignee} extra={f.assigneeHint}>
            <Select
              loading={rms.isPending}
              options={[
                { value: me.id, label: `${f.self}（${me.displayName}）` },
                ...teammates.map((rm) => ({ value: rm.id, label: `${rm.displayName}（${rm.username}）` })),
              ]}
              data-testid="task-assignee"
            />
          </Form.Item>
        ) : null}
        <Form.Item name="dueOn" label={f.dueOn} rules={[{ required: true, message: f.dueRequired }]}>
          <DatePicker style={{ width: '100%' }} data-testid="task-due" />
        </Form.Item>
        <Form.Item name="priority" label={f.priority}>
          <Radio.Group
            optionType="button"
            options={(['high', 'medium', 'low'] as const).map((p) => ({
              value: p,
              label: t.quality.priority[p],
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
