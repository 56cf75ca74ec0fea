import { BankOutlined, UserOutlined } from '@ant-design/icons';
import { type ClientDetail, type ClientKind, residentIdFacts, residentIdProblem } from '@dossier/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Segmented } from 'antd';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import { useT } from '../../i18n/i18n.tsx';
import { todayInBank } from '../../lib/time.ts';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import {
  CorporateFields,
  type FieldSpan,
  IndividualFields,
  ProvenanceFields,
  ServicingFields,
} from './ClientFormFields.tsx';
import { ServerErrorAlert } from './ServerErrorAlert.tsx';
import { type ClientFormValues, toCreateBody } from './clientForm.ts';
import { clientKeys, createClient } from './clients.api.ts';
import { useClientFormErrors } from './useClientFormErrors.ts';

const SPAN: FieldSpan = { xs: 24, md: 12, xl: 8 };

export function ClientCreatePage() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ClientFormValues>();
  const kind = Form.useWatch('kind', form) ?? 'individual';
  const errors = useClientFormErrors(form, kind);
  useDocumentTitle(t.create.title);

  const create = useMutation({
    mutationFn: (values: ClientFormValues) => createClient(toCreateBody(values)),
    onSuccess: (created: ClientDetail) => {
      queryClient.setQueryData(clientKeys.detail(created.id), created);
      void queryClient.invalidateQueries({ queryKey: ['clients', 'list'] });
      message.success(t.create.created(created.code));
      navigate(`/clients/${created.id}`);
    },
    onError: errors.show,
  });

  /** A valid resident ID already says when the client was born and whether male or female. */
  const fillFromResidentId = (changed: Partial<ClientFormValues>, all: ClientFormValues) => {
    if (!('idNumber' in changed) || all.idType !== 'resident_id') return;
    const id = all.idNumber?.trim().toUpperCase() ?? '';
    if (residentIdProblem(id) !== null) return;
    const facts = residentIdFacts(id);
    if (all.birthDate || all.gender) return;
    form.setFieldsValue({ birthDate: dayjs(facts.birthDate), gender: facts.gender });
    message.info(t.create.idFactsFilled);
  };

  return (
    <>
      <PageHeader title={t.create.title} subtitle={t.create.subtitle} />
      <Card>
        {create.isError ? (
          <div style={{ marginBottom: 16 }}>
            <ServerErrorAlert error={create.error} unplaced={errors.unplaced} />
          </div>
        ) : null}
        <Form<ClientFormValues>
          form={form}
          layout="vertical"
          initialValues={{
            kind: 'individual',
            tier: 'standard',
            status: 'prospect',
            idType: 'resident_id',
            source: 'manual',
            asOf: dayjs(todayInBank()),
          }}
          onValuesChange={fillFromResidentId}
          onFinish={(values) => {
            errors.clear();
            create.mutate(values);
          }}
          scrollToFirstError={{ block: 'center' }}
          disabled={create.isPending}
        >
          <Form.Item name="kind" label={t.create.kind}>
            <Segmented<ClientKind>
              data-testid="client-kind"
              options={[
                { value: 'individual', label: t.enums.kind.individual, icon: <UserOutlined /> },
                { value: 'corporate', label: t.enums.kind.corporate, icon: <BankOutlined /> },
              ]}
            />
          </Form.Item>
          <ServicingFields span={SPAN} mode="create" />
          {kind === 'individual' ? <IndividualFields span={SPAN} /> : <CorporateFields span={SPAN} />}
          <ProvenanceFields span={SPAN} />
          <Flex justify="flex-end" gap={8}>
            <Button onClick={() => navigate(-1)}>{t.common.cancel}</Button>
            <Button
              type="primary"
              htmlType="submit"
              loading={create.isPending}
              data-testid="create-client-submit"
            >
              {t.create.submit}
            </Button>
          </Flex>
        </Form>
      </Card>
    </>
  );
}
