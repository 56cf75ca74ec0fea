import type { ClientDetail } from '@dossier/contract';
import { Empty, Table, Typography } from 'antd';
import { useT } from '../../i18n/i18n.tsx';
import { MaskedValue } from './MaskedValue.tsx';
import { looksMasked } from './clientLabels.ts';

type Contact = ClientDetail['contacts'][number];

export function ContactsTable({ detail }: { detail: ClientDetail }) {
  const t = useT();
  const dash = <Typography.Text type="secondary">{t.common.empty}</Typography.Text>;

  const sensitive = (contact: Contact, field: 'contactPhone' | 'contactEmail', value: string | null) => {
    if (!value) return dash;
    if (!looksMasked(value)) return <span className="dossier-masked">{value}</span>;
    return (
      <MaskedValue
        clientId={detail.id}
        field={field}
        contactId={contact.id}
        masked={value}
        canReveal={detail.canReveal}
      />
    );
  };

  return (
    <Table<Contact>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={detail.contacts}
      data-testid="contacts-table"
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.profile.noContacts} />,
      }}
      columns={[
        { title: t.fields.contactName, dataIndex: 'name', width: 140 },
        {
          title: t.fields.contactRole,
          dataIndex: 'role',
          width: 160,
          render: (role: string | null) => role ?? dash,
        },
        {
          title: t.fields.contactPhone,
          dataIndex: 'phone',
          width: 240,
          render: (_, contact) => sensitive(contact, 'contactPhone', contact.phone),
        },
        {
          title: t.fields.contactEmail,
          dataIndex: 'email',
          render: (_, contact) => sensitive(contact, 'contactEmail', contact.email),
        },
      ]}
    />
  );
}
