import { type RequiredDocumentsMatrix, RequiredDocumentsSettings } from '@dossier/contract';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/http.ts';

export const settingsKeys = {
  requiredDocuments: ['settings', 'required-documents'] as const,
};

export function useRequiredDocuments() {
  return useQuery({
    queryKey: settingsKeys.requiredDocuments,
    queryFn: ({ signal }) =>
      request('/api/settings/required-documents', { schema: RequiredDocumentsSettings, signal }),
  });
}

export function saveRequiredDocuments(matrix: RequiredDocumentsMatrix): Promise<RequiredDocumentsSettings> {
  return request('/api/settings/required-documents', {
    method: 'PUT',
    body: matrix,
    schema: RequiredDocumentsSettings,
  });
}
