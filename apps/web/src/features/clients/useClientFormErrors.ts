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

/** The inputs of a contact row; a problem with an `id` has no input and goes to the summary. */
const CONTACT_INPUTS: ReadonlySet<unknown> = new Set(['name', 'role', 'phone', 'email']);

/** Spreads a refused save over the form: field errors beside fields, the rest in the summary. */
export function useClientFormErrors(form: FormInstance, kind: ClientKind) {
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
      if (first === 'contacts')
        return path.length === 1 || (path.length === 3 && CONTACT_INPUTS.has(path[2]));
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
        // "contacts.1: repeats an earlier contact" belongs beside that contact's name.
        placeAt: (path) => (path[0] === 'contacts' && path.length === 2 ? [...path, 'name'] : path),
      }),
    );
  };

  return { unplaced, show, clear: () => setUnplaced([]) };
}
