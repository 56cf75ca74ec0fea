import { ClientDetail, type KycReviewRequest } from '@dossier/contract';
import { request } from '../../api/http.ts';

/** Records a periodic KYC review; the answer is the client as it now stands (next due date included). */
export function recordKycReview(clientId: number, body: KycReviewRequest): Promise<ClientDetail> {
  return request(`/api/clients/${clientId}/review`, { method: 'POST', body, schema: ClientDetail });
}
