import { GuaranteeCircleList } from '@dossier/contract';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/http.ts';

export function useGuaranteeCircles() {
  return useQuery({
    queryKey: ['guarantee-circles'],
    queryFn: ({ signal }) =>
      request('/api/guarantee-circles', { query: { limit: 100 }, schema: GuaranteeCircleList, signal }),
  });
}
