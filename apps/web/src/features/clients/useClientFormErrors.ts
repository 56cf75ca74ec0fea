import type { ClientKind } from '@dossier/contract';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { type FieldIssue, isApiError } from '../../api/http.ts';
import { useT } from '../../i18n/i18n.tsx';
import { showServerErrors } from '../../lib/formErrors.ts';
import { serverMessage } from '../../ui/errorText.ts';
import { MONEY_FIELDS, formFieldsFor } from './clientForm.ts';

const DUPLICATE_FIELD: Record<string, string> = {
  'client.duplicate_id_number': 'idNumber',
  'client.duplicate_credit_code': 'creditCode',
};

/** Spreads a refused save over the form: field errors beside fields, the rest in the summary. */
export function useClientFormErrors(form: FormInstance, kind: ClientKind, contactsOnForm: boolean) {
  const t = useT();
  const [unplaced, setUnplaced] = useState<FieldIssue[]>([]);

  const show = (error: unknown) => {
    if (!isApiError(error)) {
      setUnplaced([]);
      return;
    }
    const fields = new Set(formFieldsFor(kind));
    const isOnForm = (path: (string | number)[]) => {
      const [first] = path;
      if (first === 'contacts') return contactsOnForm && (path.length === 1 || path.length === 3);
      return typeof first === 'string' && fields.has(first) && path.length === 1;
    };
    const duplicate = DUPLICATE_FIELD[error.code];
    if (duplicate) {
      const code = error.details.existingClientCode;
      const message =
        typeof code === 'string' ? t.create.duplicateField(code) : serverMessage(t, error.message);
      form.setFields([{ name: duplicate, errors: [message] }]);
      setUnplaced([]);
      return;
    }
    setUnplaced(
      showServerErrors(form, error, isOnForm, {
        moneyFields: MONEY_FIELDS,
        translate: (m) => serverMessage(t, m),
      }),
    );
  };

  return { unplaced, show, clear: () => setUnplaced([]) };
}
