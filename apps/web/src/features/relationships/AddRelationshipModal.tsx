import {
  type ClientDetail,
  RELATIONSHIP_KINDS,
  type RelationshipCreate,
  type RelationshipKind,
} from '@dossier/contract';
import { useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, type FieldIssue, isApiError } from '../../api/http.ts';
import { useT } from '../../i18n/i18n.tsx';
import { showServerErrors } from '../../lib/formErrors.ts';
import { toIsoDate } from '../../lib/time.ts';
import { ServerErrorAlert } from '../clients/ServerErrorAlert.tsx';
import { serverMessage } from '../../ui/errorText.ts';
import { wanTextToMinor } from '../../lib/money.ts';
import { ClientPicker } from './ClientPicker.tsx';
import { createRelationship, refreshRelationships } from './relationships.api.ts';

/** Which kinds a link may start from, by the kind of client this page shows (the server's rule). */
const FROM_INDIVIDUAL: readonly RelationshipKind[] = [
  'spouse',
  'parent',
  'household_member',
  'shareholder',
  'legal_representative',
  'actual_controller',
  'related_party',
  'guarantor',
];
const FROM_CORPORATE: readonly RelationshipKind[] = [
  'shareholder',
  'actual_controller',
  'parent_company',
  'related_party',
  'guarantor',
];

interface FormValues {
  toClientId?: number;
  kind?: RelationshipKind;
  sharePct?: number | null;
  amountWan?: number | null;
  startsOn?: Dayjs | null;
  endsOn?: Dayjs | null;
  note?: string;
}

const FORM_FIELDS = new Set(['toClientId', 'kind', 'sharePct', 'amountWan', 'startsOn', 'endsOn', 'note']);

interface AddRelationshipModalProps {
  detail: ClientDetail;
  open: boolean;
  onClose: () => void;
}

export function AddRelationshipModal({ detail, open, onClose }: AddRelationshipModalProps) {
  const t = useT();
  const r = t.relationships;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<FieldIssue[]>([]);
  const allowed = detail.kind === 'individual' ? FROM_INDIVIDUAL : FROM_CORPORATE;

  const close = () => {
    form.resetFields();
    setError(null);
    setUnplaced([]);
    onClose();
  };

  const submit = async (values: FormValues) => {
    if (values.toClientId === undefined || values.kind === undefined) return;
    const body: RelationshipCreate = { toClientId: values.toClientId, kind: values.kind };
    if (values.kind === 'shareholder' && values.sharePct != null) body.sharePct = values.sharePct;
    if (values.kind === 'guarantor') {
      const minor = values.amountWan == null ? null : wanTextToMinor(String(values.amountWan));
      if (minor !== null) body.amount = { minor, currency: 'CNY' };
      const startsOn = toIsoDate(values.startsOn);
      const endsOn = toIsoDate(values.endsOn);
      if (startsOn) body.startsOn = startsOn;
      if (endsOn) body.endsOn = endsOn;
    }
    const note = values.note?.trim();
    if (note) body.note = note;
    setSaving(true);
    setError(null);
    setUnplaced([]);
    try {
      await createRelationship(detail.id, body);
      await refreshRelationships(queryClient);
      message.success(r.created);
      close();
    } catch (cause) {
      setError(cause);
      if (isApiError(cause)) {
        // The amount is typed in 万元 on this form: the server's `amount` is that box.
        const toBox = (field: string) => (field.startsWith('amount') ? 'amountWan' : field);
        const remapped = new ApiError({
          status: cause.status,
          code: cause.code,
          message: cause.message,
          field: cause.field === undefined ? undefined : toBox(cause.field),
          issues: cause.issues.map((issue) => ({ ...issue, field: toBox(issue.field) })),
        });
        setUnplaced(
          showServerErrors(form, remapped, (path) => FORM_FIELDS.has(String(path[0])) && path.length === 1, {
            translate: (m) => serverMessage(t, m),
          }),
        );
      }
    } finally {
      setSaving(false);
    }
  };

  const placedAll =
    isApiError(error) && (error.field !== undefined || error.issues.length > 0) && unplaced.length === 0;

  return (
    <Modal
      open={open}
      title={r.addTitle}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t.common.save}
      cancelText={t.common.cancel}
      confirmLoading={saving}
      destroyOnHidden
      width={560}
      okButtonProps={{ 'data-testid': 'relationship-submit' }}
    >
      <Typography.Paragraph type="secondary">{r.addIntro(detail.name)}</Typography.Paragraph>
      {error && !placedAll ? (
        <div style={{ marginBottom: 16 }}>
          <ServerErrorAlert error={error} unplaced={unplaced} />
        </div>
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        data-testid="relationship-form"
      >
        <Form.Item
          name="toClientId"
          label={r.related}
          rules={[{ required: true, message: r.relatedRequired }]}
        >
          <ClientPicker excludeId={detail.id} placeholder={r.relatedPlaceholder} />
        </Form.Item>
        <Form.Item
          name="kind"
          label={r.kind(detail.name)}
          rules={[{ required: true, message: r.kindRequired }]}
          extra={r.reverseHint}
        >
          <Select<RelationshipKind>
            data-testid="relationship-kind"
            options={RELATIONSHIP_KINDS.filter((k) => allowed.includes(k)).map((k) => ({
              value: k,
              label: r.kindsFrom[k],
            }))}
          />
        </Form.Item>
        {kind === 'shareholder' ? (
          <Form.Item
            name="sharePct"
            label={r.sharePct}
            rules={[{ required: true, message: r.sharePctRequired }]}
          >
            <InputNumber min={0.01} max={100} step={0.01} precision={2} style={{ width: 200 }} suffix="%" />
          </Form.Item>
        ) : null}
        {kind === 'guarantor' ? (
          <>
            <Form.Item
              name="amountWan"
              label={r.amount}
              rules={[{ required: true, message: r.amountRequired }]}
            >
              <InputNumber min={0} step={100} style={{ width: 240 }} suffix={t.money.inputSuffix} />
            </Form.Item>
            <Form.Item noStyle>
              <div style={{ display: 'flex', gap: 16 }}>
                <Form.Item name="startsOn" label={r.startsOn} style={{ flex: 1 }}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="endsOn" label={r.endsOn} style={{ flex: 1 }}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </div>
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="note" label={r.note}>
          <Input maxLength={200} placeholder={r.notePlaceholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
