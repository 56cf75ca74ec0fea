import { ConsentLedger, type ConsentRecord } from '@dossier/contract';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/http.ts';

export const consentKeys = {
  client: (clientId: number) => ['consents', clientId] as const,
};

export function useConsentLedger(clientId: number) {
  return useQuery({
    queryKey: consentKeys.client(clientId),
    queryFn: ({ signal }) => request(`/api/clients/${clientId}/consents`, { schema: ConsentLedger, signal }),
  });
}

/** Answers with the whole ledger as it stands after the decision. */
export function recordConsent(clientId: number, body: ConsentRecord): Promise<ConsentLedger> {
  return request(`/api/clients/${clientId}/consents`, { method: 'POST', body, schema: ConsentLedger });
}
