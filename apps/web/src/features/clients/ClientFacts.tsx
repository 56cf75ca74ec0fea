import type { ClientDetail, SensitiveField } from '@dossier/contract';
import { Card, Descriptions, type DescriptionsProps, Flex, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useLang, useT } from '../../i18n/i18n.tsx';
import type { Dictionary } from '../../i18n/zh.ts';
import { formatMoney } from '../../lib/money.ts';
import { todayInBank } from '../../lib/time.ts';
import { daysUntil } from '../reviews/reviewFacts.ts';
import { ContactsTable } from './ContactsTable.tsx';
import { MaskedValue } from './MaskedValue.tsx';
import { Provenanced } from './Provenanced.tsx';
import { incomeBandLabel } from './clientLabels.ts';

type FieldName = keyof Dictionary['fields'];
type Item = NonNullable<DescriptionsProps['items']>[number];

function Section({ title, items }: { title: string; items: Item[] }) {
  return (
    <Card title={title} size="small">
      <Descriptions
        size="small"
        bordered
        className="dossier-facts"
        column={{ xs: 1, sm: 1, md: 2, xl: 3 }}
        items={items}
        styles={{ label: { width: 128, whiteSpace: 'nowrap' }, content: { minWidth: 180 } }}
      />
    </Card>
  );
}

/** Builds Descriptions items: an empty value is a quiet dash, a filled one carries its provenance. */
function useItems(detail: ClientDetail) {
  const t = useT();
  const empty = <Typography.Text type="secondary">{t.common.empty}</Typography.Text>;

  const item = (field: FieldName, value: ReactNode): Item => ({
    key: field,
    label: t.fields[field],
    children:
      value === null || value === undefined || value === '' ? (
        empty
      ) : (
        <Provenanced detail={detail} field={field}>
          {value}
        </Provenanced>
      ),
  });

  const sensitive = (field: SensitiveField, display: (value: string) => string = (value) => value): Item => {
    const value = detail[field];
    if (!value) return item(field, null);
    if (!detail.maskedFields.includes(field)) return item(field, display(value));
    return item(
      field,
      <MaskedValue
        clientId={detail.id}
        field={field}
        masked={value}
        canReveal={detail.canReveal}
        display={display}
      />,
    );
  };

  return { item, sensitive };
}

function IndividualFacts({ detail }: { detail: ClientDetail }) {
  const t = useT();
  const { item, sensitive } = useItems(detail);
  const e = t.enums;
  return (
    <>
      <Section
        title={t.profile.sections.identity}
        items={[
          item('idType', detail.idType ? e.idType[detail.idType] : null),
          sensitive('idNumber'),
          item('gender', detail.gender ? e.gender[detail.gender] : null),
          item('birthDate', detail.birthDate),
          item('maritalStatus', detail.maritalStatus ? e.maritalStatus[detail.maritalStatus] : null),
          item('education', detail.education ? e.education[detail.education] : null),
        ]}
      />
      <Section
        title={t.profile.sections.contact}
        items={[sensitive('mobile'), sensitive('email'), sensitive('address')]}
      />
      <Section
        title={t.profile.sections.career}
        items={[
          item('occupation', detail.occupation),
          item('employer', detail.employer),
          sensitive('annualIncomeBand', (value) => incomeBandLabel(t, value)),
        ]}
      />
      <Section
        title={t.profile.sections.risk}
        items={[
          item('riskTolerance', detail.riskTolerance ? e.riskTolerance[detail.riskTolerance] : null),
          item('riskAssessedOn', detail.riskAssessedOn),
        ]}
      />
    </>
  );
}

function CorporateFacts({ detail }: { detail: ClientDetail }) {
  const t = useT();
  const { lang } = useLang();
  const { item } = useItems(detail);
  const e = t.enums;
  return (
    <>
      <Section
        title={t.profile.sections.company}
        items={[
          item(
            'creditCode',
            detail.creditCode ? <span className="dossier-masked">{detail.creditCode}</span> : null,
          ),
          item('industryCode', detail.industryCode),
          item('legalRepresentative', detail.legalRepresentative),
          item('foundedOn', detail.foundedOn),
          item('registeredCapital', formatMoney(detail.registeredCapital, lang)),
          item('employees', detail.employees === null ? null : detail.employees.toLocaleString()),
          item('listedStatus', detail.listedStatus ? e.listedStatus[detail.listedStatus] : null),
        ]}
      />
      <Section
        title={t.profile.sections.finance}
        items={[
          item('annualRevenue', formatMoney(detail.annualRevenue, lang)),
          item('creditRating', detail.creditRating ? e.creditRating[detail.creditRating] : null),
        ]}
      />
      <Card title={t.profile.sections.contacts} size="small">
        <ContactsTable detail={detail} />
      </Card>
    </>
  );
}

const RATING_COLOR = { high: 'red', medium: 'orange', low: 'green' } as const;

/** The AML rating and where the client stands in the periodic review cycle. */
function KycFacts({ detail }: { detail: ClientDetail }) {
  const t = useT();
  const r = t.kycReview;
  const { item } = useItems(detail);
  const due = detail.kycReviewDueOn;
  const days = due ? daysUntil(due, todayInBank()) : null;
  return (
    <Section
      title={t.profile.sections.kyc}
      items={[
        item(
          'kycRiskRating',
          detail.kycRiskRating ? (
            <Tag color={RATING_COLOR[detail.kycRiskRating]} data-testid="kyc-rating">
              {t.enums.kycRiskRating[detail.kycRiskRating]}
            </Tag>
          ) : (
            <Typography.Text type="secondary" data-testid="kyc-rating">
              {r.noRating}
            </Typography.Text>
          ),
        ),
        item(
          'kycReviewedOn',
          detail.kycReviewedOn ?? <Typography.Text type="secondary">{r.never}</Typography.Text>,
        ),
        item(
          'kycReviewDueOn',
          due ? (
            <Flex gap={8} align="center" data-testid="kyc-due">
              {due}
              {days !== null && days < 0 ? <Tag color="red">{r.overdue}</Tag> : null}
              {days !== null && days >= 0 && days <= 30 ? <Tag color="orange">{r.dueSoon(30)}</Tag> : null}
            </Flex>
          ) : null,
        ),
      ]}
    />
  );
}

export function ClientFacts({ detail }: { detail: ClientDetail }) {
  return (
    <>
      {detail.kind === 'individual' ? (
        <IndividualFacts detail={detail} />
      ) : (
        <CorporateFacts detail={detail} />
      )}
      <KycFacts detail={detail} />
    </>
  );
}
