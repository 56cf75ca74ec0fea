import { ROLES, type Role, type UserCreate } from '@dossier/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, type ButtonProps, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { type FieldIssue, isApiError } from '../../api/http.ts';
import { useOrg } from '../../api/org.api.ts';
import { useT } from '../../i18n/i18n.tsx';
import { showServerErrors } from '../../lib/formErrors.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { serverMessage } from '../../ui/errorText.ts';
import { createUser, userKeys } from './users.api.ts';

interface UserFormValues {
  username: string;
  displayName: string;
  role: Role;
  branchId?: number;
  teamId?: number;
  password: string;
}

const FORM_FIELDS = new Set(['username', 'displayName', 'role', 'branchId', 'teamId', 'password']);
const USERNAME = /^[a-z][a-z0-9_.-]{2,31}$/;

interface UserCreateModalProps {
  open: boolean;
  onClose: () => void;
}

export function UserCreateModal({ open, onClose }: UserCreateModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const org = useOrg(open);
  const [form] = Form.useForm<UserFormValues>();
  const branchId = Form.useWatch('branchId', form);
  const teams = (org.data?.teams ?? []).filter((team) => team.branchId === branchId);
  const f = t.users.form;

  const create = useMutation<unknown, unknown, UserCreate, unknown>({
    mutationFn: createUser,
    onSuccess: (_, body) => {
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
      message.success(t.users.created(body.displayName));
      onClose();
    },
  });

  const [banner, setBanner] = useState(false);
  const [unplaced, setUnplaced] = useState<FieldIssue[]>([]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    create.reset();
    setBanner(false);
  }, [open, form, create.reset]);

  const submit = (values: UserFormValues) => {
    setBanner(false);
    create.mutate(
      {
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        role: values.role,
        branchId: values.branchId ?? null,
        teamId: values.teamId ?? null,
        password: values.password,
      },
      {
        onError: (failure) => {
          if (isApiError(failure) && failure.code === 'user.duplicate_username') {
            form.setFields([{ name: 'username', errors: [serverMessage(t, failure.message)] }]);
            return;
          }
          // Field errors (a weak password, a bad username) go beside the field; anything else above the form.
          const placed = isApiError(failure) && (failure.field !== undefined || failure.issues.length > 0);
          const leftover = isApiError(failure)
            ? showServerErrors(
                form,
                failure,
                (path) => path.length === 1 && FORM_FIELDS.has(String(path[0])),
                {
                  translate: (m) => serverMessage(t, m),
                },
              )
            : [];
          setUnplaced(leftover);
          setBanner(!placed || leftover.length > 0);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t.users.create}
      okText={t.common.save}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      forceRender
      width={560}
      okButtonProps={{ 'data-testid': 'user-create-submit' } as ButtonProps}
      data-testid="user-create-modal"
    >
      {create.isError && banner ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert
            error={create.error}
            extra={unplaced.map((issue) => (
              <div key={`${issue.field}:${issue.message}`}>{issue.message}</div>
            ))}
          />
        </div>
      ) : null}
      <Form<UserFormValues> form={form} layout="vertical" onFinish={submit} requiredMark>
        <Form.Item
          name="username"
          label={f.username}
          extra={f.usernameHint}
          rules={[
            { required: true, message: t.validation.required },
            { pattern: USERNAME, message: t.validation.username },
          ]}
        >
          <Input autoComplete="off" maxLength={32} data-testid="user-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={f.displayName}
          rules={[{ required: true, whitespace: true, message: t.validation.required }]}
        >
          <Input maxLength={50} data-testid="user-displayName" />
        </Form.Item>
        <Form.Item name="role" label={f.role} rules={[{ required: true, message: t.validation.required }]}>
          <Select
            options={ROLES.map((role) => ({ value: role, label: t.enums.role[role] }))}
            data-testid="user-role"
          />
        </Form.Item>
        <Form.Item name="branchId" label={f.branch}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={org.isLoading}
            options={(org.data?.branches ?? []).map((branch) => ({ value: branch.id, label: branch.name }))}
            onChange={() => form.setFieldValue('teamId', undefined)}
            data-testid="user-branch"
          />
        </Form.Item>
        <Form.Item name="teamId" label={f.team}>
          <Select
            allowClear
            disabled={!branchId}
            placeholder={branchId ? undefined : f.teamPlaceholder}
            options={teams.map((team) => ({ value: team.id, label: team.name }))}
            data-testid="user-team"
          />
        </Form.Item>
        <Form.Item
          name="password"
          label={f.password}
          extra={f.passwordHint}
          rules={[{ required: true, message: t.validation.required }]}
        >
          <Input.Password autoComplete="new-password" maxLength={256} data-testid="user-password" />
        </Form.Item>
      </Form>
      {org.isError ? <ErrorAlert error={org.error} onRetry={() => void org.refetch()} /> : null}
    </Modal>
  );
}
