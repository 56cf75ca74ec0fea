import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  CLIENT_STATUSES,
  KYC_RISK_RATINGS,
  CREDIT_RATINGS,
  type ClientDetail,
  FIELD_SOURCES,
  ID_TYPES,
  INCOME_BANDS,
  RISK_TOLERANCES,
  type SensitiveField,
  TIERS,
  isIndustryCode,
  isMainlandMobile,
  residentIdProblem,
  usccProblem,
} from '@dossier/contract';
import {
  Button,
  Col,
  type ColProps,
  type FormRule,
  DatePicker,
  Divider,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Typography,
} from 'antd';

import type { ReactNode } from 'react';
import { useRms } from '../../api/org.api.ts';
import { useT } from '../../i18n/i18n.tsx';
import type { Dictionary } from '../../i18n/zh.ts';
import { wanTextToMinor } from '../../lib/money.ts';
import { KeptSecretInput } from './KeptSecretInput.tsx';

/** How wide one field is: three to a row on the create page, two in the edit drawer. */
export type FieldSpan = Pick<ColProps, 'xs' | 'md' | 'xl' | 'span'>;

interface FieldsProps {
  span: FieldSpan;
  /** In the edit drawer, masked values are shown as placeholders and left empty. */
  detail?: ClientDetail | undefined;
}

const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

function options<K extends string>(keys: readonly K[], labels: Record<K, string>) {
  return keys.map((key) => ({ value: key, label: labels[key] }));
}

function rules(t: Dictionary) {
  const check =
    (ok: (value: string) => boolean, message: string): FormRule =>
    () => ({
      validator: (_, value: string | undefined) =>
        !value?.trim() || ok(value.trim().toUpperCase())
          ? Promise.resolve()
          : Promise.reject(new Error(message)),
    });
  return {
    required: { required: true, whitespace: true, message: t.validation.required } satisfies FormRule,
    mobile: check(isMainlandMobile, t.validation.mobile),
    phone: check((value) => isMainlandMobile(value) || LANDLINE.test(value), t.validation.phone),
    email: { type: 'email', message: t.validation.email } satisfies FormRule,
    uscc: check((value) => usccProblem(value) === null, t.validation.uscc),
    industry: check(isIndustryCode, t.validation.industryCode),
    amount: check((value) => wanTextToMinor(value) !== null, t.validation.amount),
  };
}

function Grid({ children }: { children: ReactNode }) {
  return <Row gutter={16}>{children}</Row>;
}

function SectionTitle({ children }: { children: ReactNode }) {
  return (
    <Divider titlePlacement="start" plain style={{ marginTop: 4 }}>
      <Typography.Text strong>{children}</Typography.Text>
    </Divider>
  );
}

function maskedHint(
  t: Dictionary,
  detail: ClientDetail | undefined,
  field: SensitiveField,
): string | undefined {
  const value = detail?.maskedFields.includes(field) ? detail[field] : null;
  return value ? t.edit.maskedPlaceholder(value) : undefined;
}

export function ServicingFields({ span, mode }: { span: FieldSpan; mode: 'create' | 'edit' }) {
  const t = useT();
  const rms = useRms();
  const rmOptions = (rms.data ?? []).map((rm) => ({
    value: rm.id,
    label: `${rm.displayName}（${rm.username}）`,
  }));
  const r = rules(t);
  return (
    <>
      <SectionTitle>{t.profile.sections.servicing}</SectionTitle>
      <Grid>
        <Col {...span}>
          <Form.Item name="name" label={t.fields.name} rules={[r.required]}>
            <Input maxLength={100} data-testid="field-name" />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="tier" label={t.fields.tier}>
            <Select options={options(TIERS, t.enums.tier)} data-testid="field-tier" />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="status" label={t.fields.status}>
            <Select options={options(CLIENT_STATUSES, t.enums.status)} data-testid="field-status" />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="kycRiskRating" label={t.fields.kycRiskRating} extra={t.kycReview.cycle}>
            <Select
              allowClear={mode === 'create'}
              options={options(KYC_RISK_RATINGS, t.enums.kycRiskRating)}
              data-testid="field-kycRiskRating"
            />
          </Form.Item>
        </Col>
        {mode === 'create' ? (
          <Col {...span}>
            <Form.Item name="ownerId" label={t.fields.owner} extra={t.create.ownerHint}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={rmOptions}
                loading={rms.isLoading}
                data-testid="field-owner"
              />
            </Form.Item>
          </Col>
        ) : null}
        <Col {...span}>
          <Form.Item name="coServicingIds" label={t.fields.coServicing}>
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={rmOptions}
              loading={rms.isLoading}
              maxCount={10}
            />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="tags" label={t.fields.tags}>
            <Select
              mode="tags"
              maxCount={20}
              tokenSeparators={[',', '，']}
              open={false}
              placeholder={t.create.tagsPlaceholder}
            />
          </Form.Item>
        </Col>
      </Grid>
    </>
  );
}

export function IndividualFields({ span, detail }: FieldsProps) {
  const t = useT();
  const r = rules(t);
  const editing = detail !== undefined;
  const idMasked = maskedHint(t, detail, 'idNumber');
  const residentId: FormRule = ({ getFieldValue }) => ({
    validator: (_, value: string | undefined) => {
      const id = value?.trim().toUpperCase();
      if (!id || getFieldValue('idType') !== 'resident_id') return Promise.resolve();
      return residentIdProblem(id) === null
        ? Promise.resolve()
        : Promise.reject(new Error(t.validation.residentId));
    },
  });
  const e = t.enums;
  const sections = t.profile.sections;
  return (
    <>
      <SectionTitle>{sections.identity}</SectionTitle>
      <Grid>
        <Col {...span}>
          <Form.Item
            name="idType"
            label={t.fields.idType}
            rules={editing ? [] : [{ required: true, message: t.validation.required }]}
          >
            <Select options={options(ID_TYPES, e.idType)} data-testid="field-idType" />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item
            name="idNumber"
            label={t.fields.idNumber}
            dependencies={['idType']}
            rules={idMasked ? [residentId] : [r.required, residentId]}
          >
            <Input
              maxLength={32}
              placeholder={idMasked}
              className="dossier-masked"
              data-testid="field-idNumber"
            />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="gender" label={t.fields.gender}>
            <Select allowClear options={options(['male', 'female'] as const, e.gender)} />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="birthDate" label={t.fields.birthDate}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="maritalStatus" label={t.fields.maritalStatus}>
            <Select
              allowClear
              options={options(['single', 'married', 'divorced', 'widowed'] as const, e.maritalStatus)}
            />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="education" label={t.fields.education}>
            <Select
              allowClear
              options={options(
                ['below_high_school', 'high_school', 'associate', 'bachelor', 'master', 'doctorate'] as const,
                e.education,
              )}
            />
          </Form.Item>
        </Col>
      </Grid>
      <SectionTitle>{sections.contact}</SectionTitle>
      <Grid>
        <Col {...span}>
          <Form.Item name="mobile" label={t.fields.mobile} rules={[r.mobile]}>
            <Input
              maxLength={11}
              inputMode="tel"
              placeholder={maskedHint(t, detail, 'mobile')}
              data-testid="field-mobile"
            />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="email" label={t.fields.email} rules={[r.email]}>
            <Input maxLength={254} inputMode="email" placeholder={maskedHint(t, detail, 'email')} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="address" label={t.fields.address}>
            <Input maxLength={200} placeholder={maskedHint(t, detail, 'address')} />
          </Form.Item>
        </Col>
      </Grid>
      <SectionTitle>{sections.career}</SectionTitle>
      <Grid>
        <Col {...span}>
          <Form.Item name="occupation" label={t.fields.occupation}>
            <Input maxLength={50} data-testid="field-occupation" />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="employer" label={t.fields.employer}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="annualIncomeBand" label={t.fields.annualIncomeBand}>
            <Select
              allowClear
              options={options(INCOME_BANDS, e.incomeBand)}
              placeholder={maskedHint(t, detail, 'annualIncomeBand')}
            />
          </Form.Item>
        </Col>
      </Grid>
      <SectionTitle>{sections.risk}</SectionTitle>
      <Grid>
        <Col {...span}>
          <Form.Item name="riskTolerance" label={t.fields.riskTolerance}>
            <Select allowClear options={options(RISK_TOLERANCES, e.riskTolerance)} />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="riskAssessedOn" label={t.fields.riskAssessedOn}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Grid>
    </>
  );
}

export function CorporateFields({ span, detail }: FieldsProps) {
  const t = useT();
  const r = rules(t);
  const e = t.enums;
  return (
    <>
      <SectionTitle>{t.profile.sections.company}</SectionTitle>
      <Grid>
        <Col {...span}>
          <Form.Item name="creditCode" label={t.fields.creditCode} rules={[r.required, r.uscc]}>
            <Input maxLength={18} className="dossier-masked" data-testid="field-creditCode" />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="industryCode" label={t.fields.industryCode} rules={[r.required, r.industry]}>
            <Input maxLength={5} placeholder="C39" data-testid="field-industryCode" />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="legalRepresentative" label={t.fields.legalRepresentative}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="foundedOn" label={t.fields.foundedOn}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="registeredCapital" label={t.fields.registeredCapital} rules={[r.amount]}>
            <InputNumber<string>
              stringMode
              min="0"
              precision={2}
              suffix={t.money.inputSuffix}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="annualRevenue" label={t.fields.annualRevenue} rules={[r.amount]}>
            <InputNumber<string>
              stringMode
              min="0"
              precision={2}
              suffix={t.money.inputSuffix}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="employees" label={t.fields.employees}>
            <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="listedStatus" label={t.fields.listedStatus}>
            <Select
              allowClear
              options={options(
                ['unlisted', 'listed_a', 'listed_hk', 'listed_overseas', 'neeq'] as const,
                e.listedStatus,
              )}
            />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="creditRating" label={t.fields.creditRating}>
            <Select allowClear options={options(CREDIT_RATINGS, e.creditRating)} />
          </Form.Item>
        </Col>
      </Grid>
      <SectionTitle>{t.profile.sections.contacts}</SectionTitle>
      <ContactsList detail={detail} />
    </>
  );
}

type StoredContact = ClientDetail['contacts'][number];

/**
 * The company's contacts. In the edit drawer, a contact already on file shows its phone and e-mail
 * masked inside the empty input; see KeptSecretInput for what leaving, typing and clearing send.
 */
function ContactsList({ detail }: { detail?: ClientDetail | undefined }) {
  const t = useT();
  const r = rules(t);
  const form = Form.useFormInstance();
  const stored = new Map<number, StoredContact>((detail?.contacts ?? []).map((c) => [c.id, c]));
  const showsMasked = (detail?.contacts ?? []).some((c) => c.phone || c.email);
  return (
    <Form.List name="contacts">
      {(fields, { add, remove }, { errors }) => (
        <>
          {showsMasked ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
              {t.edit.contactsHint}
            </Typography.Paragraph>
          ) : null}
          {fields.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={t.create.noContacts}
              style={{ margin: '8px 0' }}
            />
          ) : null}
          {fields.length > 0 ? (
            // Column names: a masked phone or "cleared on save" in a box says nothing about which field it is.
            <Row gutter={8} className="dossier-contacts-head" aria-hidden>
              <Col xs={0} md={5}>
                {t.fields.contactName}
              </Col>
              <Col xs={0} md={5}>
                {t.fields.contactRole}
              </Col>
              <Col xs={0} md={6}>
                {t.fields.contactPhone}
              </Col>
              <Col xs={0} md={7}>
                {t.fields.contactEmail}
              </Col>
            </Row>
          ) : null}
          {fields.map((field) => {
            const id: unknown = form.getFieldValue(['contacts', field.name, 'id']);
            const was = typeof id === 'number' ? stored.get(id) : undefined;
            return (
              <Row key={field.key} gutter={8} align="top" data-testid="contact-row">
                <Col xs={24} md={5}>
                  {/* Registered so the save names this contact by id and the server keeps what is stored. */}
                  <Form.Item name={[field.name, 'id']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} rules={[r.required]}>
                    <Input placeholder={t.fields.contactName} maxLength={100} data-testid="contact-name" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={5}>
                  <Form.Item name={[field.name, 'role']}>
                    <Input placeholder={t.fields.contactRole} maxLength={50} data-testid="contact-role" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item name={[field.name, 'phone']} rules={[r.phone]}>
                    <KeptSecretInput
                      stored={was?.phone ?? null}
                      placeholder={t.fields.contactPhone}
                      label={t.fields.contactPhone}
                      maxLength={20}
                      inputMode="tel"
                      testId="contact-phone"
                    />
                  </Form.Item>
                </Col>
                <Col xs={22} md={7}>
                  <Form.Item name={[field.name, 'email']} rules={[r.email]}>
                    <KeptSecretInput
                      stored={was?.email ?? null}
                      placeholder={t.fields.contactEmail}
                      label={t.fields.contactEmail}
                      maxLength={254}
                      inputMode="email"
                      testId="contact-email"
                    />
                  </Form.Item>
                </Col>
                <Col xs={2} md={1}>
                  <Button
                    type="text"
                    danger
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label={t.create.removeContact}
                    title={t.create.removeContact}
                    data-testid="remove-contact"
                  />
                </Col>
              </Row>
            );
          })}
          <Form.ErrorList errors={errors} />
          {fields.length < 20 ? (
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() => add({})}
              data-testid="add-contact"
              style={{ marginBottom: 16 }}
            >
              {t.create.addContact}
            </Button>
          ) : null}
        </>
      )}
    </Form.List>
  );
}

export function ProvenanceFields({ span }: { span: FieldSpan }) {
  const t = useT();
  return (
    <>
      <SectionTitle>{t.edit.provenanceSection}</SectionTitle>
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {t.edit.provenanceHint}
      </Typography.Paragraph>
      <Grid>
        <Col {...span}>
          <Form.Item name="source" label={t.fields.source}>
            <Select options={options(FIELD_SOURCES, t.enums.fieldSource)} />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="asOf" label={t.fields.asOf}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Grid>
    </>
  );
}
