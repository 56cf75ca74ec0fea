import { KYC_RISK_RATINGS, type ClientDetail, type KycRiskRating } from '@dossier/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Col, Form, Input, Modal, Row, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { useT } from '../../i18n/i18n.tsx';
import type { Dictionary } from '../../i18n/zh.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { clientKeys } from '../clients/clients.api.ts';
import { recordKycReview } from './reviews.api.ts';
import { confirmableFacts } from './reviewFacts.ts';

interface KycReviewModalProps {
  detail: ClientDetail;
  open: boolean;
  onClose: () => void;
}

interface ReviewForm {
  riskRating?: KycRiskRating;
  confirmedFields: string[];
  note?: string;
}

function factLabel(t: Dictionary, field: string): string {
  return (t.fields as Record<string, string>)[field] ?? field;
}

/** The periodic KYC review: settle the AML rating and confirm, fact by fact, what is still true. */
export function KycReviewModal({ detail, open, onClose }: KycReviewModalProps) {
  const t = useT();
  const r = t.kycReview;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ReviewForm>();
  const facts = confirmableFacts(detail);
  const confirmed = Form.useWatch('confirmedFields', form) ?? [];

  const review = useMutation({
    mutationFn: (values: ReviewForm) =>
      recordKycReview(detail.id, {
        riskRating: values.riskRating!,
        confirmedFields: values.confirmedFields,
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      }),
    onSuccess: (updated) => {
      queryClient.setQueryData(clientKeys.detail(detail.id), updated);
      // The review re-dates facts and closes review tasks: quality, tasks and history change with it.
      for (const key of [['quality', detail.id], ['tasks'], ['history', detail.id], ['notifications']]) {
        void queryClient.invalidateQueries({ queryKey: key });
      }
      message.success(r.done(updated.kycReviewDueOn ?? ''));
      onClose();
    },
  });

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue({ riskRating: detail.kycRiskRating ?? undefined, confirmedFields: [], note: '' });
    review.reset();
  }, [open, form, detail.kycRiskRating, review.reset]);

  return (
    <Modal
      open={open}
      title={r.title(detail.name)}
      okText={r.submit}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={review.isPending}
      width={640}
      forceRender
      data-testid="kyc-review-modal"
    >
      <Typography.Paragraph type="secondary">{r.intro}</Typography.Paragraph>
      {review.isError ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={review.error} />
        </div>
      ) : null}
      <Form<ReviewForm>
        form={form}
        name="kycReview"
        layout="vertical"
        onFinish={(values) => review.mutate(values)}
      >
        <Form.Item
          name="riskRating"
          label={r.rating}
          extra={r.cycle}
          rules={[{ required: true, message: r.ratingRequired }]}
        >
          <Select
            style={{ maxWidth: 240 }}
            options={KYC_RISK_RATINGS.map((rating) => ({
              value: rating,
              label: t.enums.kycRiskRating[rating],
            }))}
            data-testid="review-rating"
          />
        </Form.Item>
        <Form.Item
          label={
            <span>
              {r.confirm}{' '}
              <Checkbox
                style={{ marginInlineStart: 12 }}
                checked={facts.length > 0 && confirmed.length === facts.length}
                indeterminate={confirmed.length > 0 && confirmed.length < facts.length}
                onChange={(e) => form.setFieldValue('confirmedFields', e.target.checked ? facts : [])}
                disabled={facts.length === 0}
                data-testid="review-select-all"
              >
                {r.selectAll}
              </Checkbox>
            </span>
          }
        >
          {facts.length === 0 ? (
            <Alert type="info" showIcon title={r.nothingRecorded} />
          ) : (
            <Form.Item name="confirmedFields" noStyle>
              <Checkbox.Group style={{ width: '100%' }} data-testid="review-facts">
                <Row gutter={[8, 8]}>
                  {facts.map((field) => (
                    <Col key={field} xs={12} sm={8}>
                      <Checkbox value={field}>{factLabel(t, field)}</Checkbox>
                    </Col>
                  ))}
                </Row>
              </Checkbox.Group>
            </Form.Item>
          )}
        </Form.Item>
        <Form.Item name="note" label={r.note}>
          <Input.TextArea rows={2} maxLength={500} showCount placeholder={r.notePlaceholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
