import {
  GroupFinance,
  GroupView,
  GuaranteeCircleView,
  HouseholdView,
  Relationship,
  type RelationshipCreate,
  RelationshipGraph,
} from '@dossier/contract';
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { request } from '../../api/http.ts';

/** A link changes both ends' graphs, households, groups and circles: they are refreshed together. */
export const relationshipKeys = {
  all: ['relationships'] as const,
  graph: (clientId: number) => ['relationships', 'graph', clientId] as const,
  household: (clientId: number) => ['relationships', 'household', clientId] as const,
  group: (clientId: number) => ['relationships', 'group', clientId] as const,
  groupFinance: (clientId: number) => ['relationships', 'group-finance', clientId] as const,
  circle: (clientId: number) => ['relationships', 'circle', clientId] as const,
};

export function useRelationshipGraph(clientId: number) {
  return useQuery({
    queryKey: relationshipKeys.graph(clientId),
    queryFn: ({ signal }) =>
      request(`/api/clients/${clientId}/relationships`, { schema: RelationshipGraph, signal }),
  });
}

export function useHousehold(clientId: number, enabled: boolean) {
  return useQuery({
    queryKey: relationshipKeys.household(clientId),
    queryFn: ({ signal }) => request(`/api/clients/${clientId}/household`, { schema: HouseholdView, signal }),
    enabled,
  });
}

export function useGroup(clientId: number, enabled: boolean) {
  return useQuery({
    queryKey: relationshipKeys.group(clientId),
    queryFn: ({ signal }) => request(`/api/clients/${clientId}/group`, { schema: GroupView, signal }),
    enabled,
  });
}

export function useGuaranteeCircle(clientId: number) {
  return useQuery({
    queryKey: relationshipKeys.circle(clientId),
    queryFn: ({ signal }) =>
      request(`/api/clients/${clientId}/guarantee-circle`, { schema: GuaranteeCircleView, signal }),
  });
}

export function createRelationship(clientId: number, body: RelationshipCreate): Promise<Relationship> {
  return request(`/api/clients/${clientId}/relationships`, { method: 'POST', body, schema: Relationship });
}

export function deleteRelationship(clientId: number, relationshipId: number): Promise<void> {
  return request<void>(`/api/clients/${clientId}/relationships/${relationshipId}`, { method: 'DELETE' });
}

export function refreshRelationships(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: relationshipKeys.all });
}

/** The group's deposits, loans and facilities over the companies the viewer may see. */
export function useGroupFinance(clientId: number, enabled: boolean) {
  return useQuery({
    queryKey: relationshipKeys.groupFinance(clientId),
    queryFn: ({ signal }) =>
      request(`/api/clients/${clientId}/group/finance`, { schema: GroupFinance, signal }),
    enabled,
  });
}
