import {
  Alert,
  type AlertActionDecision,
  type AlertActionRequest,
  AlertPage,
  type AlertResolution,
  type AlertStatus,
  Rule,
  type RuleDecision,
  RuleList,
  type Severity,
} from '@dossier/contract';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/http.ts';
import { notificationKeys, taskKeys } from '../tasks/tasks.api.ts';

export interface AlertFilters {
  status: AlertStatus | undefined;
  severity: Severity | undefined;
  page: number;
  pageSize: number;
}

export const alertKeys = {
  all: ['alerts'] as const,
  list: (filters: AlertFilters) => ['alerts', 'list', filters] as const,
  counts: ['alerts', 'counts'] as const,
  one: (id: number) => ['alerts', 'one', id] as const,
};

export const ruleKeys = { all: ['rules'] as const };

/** One page of alerts in the viewer's scope, newest first, with the open counts by severity. */
export function useAlerts(filters: AlertFilters) {
  return useQuery({
    queryKey: alertKeys.list(filters),
    queryFn: ({ signal }) => request('/api/alerts', { query: { ...filters }, schema: AlertPage, signal }),
    placeholderData: keepPreviousData,
  });
}

/** The open alerts by severity, whatever the filters: what the header badge counts. */
export function useOpenAlertCounts(enabled: boolean) {
  return useQuery({
    queryKey: alertKeys.counts,
    queryFn: ({ signal }) =>
      request('/api/alerts', { query: { page: 1, pageSize: 1 }, schema: AlertPage, signal }),
    select: (page) => page.openBySeverity,
    enabled,
  });
}

export function useAlert(id: number) {
  return useQuery({
    queryKey: alertKeys.one(id),
    queryFn: ({ signal }) => request(`/api/alerts/${id}`, { schema: Alert, signal }),
  });
}

export interface StatusChange {
  status: AlertStatus;
  resolution?: AlertResolution | undefined;
  comment?: string | undefined;
}

/** Acknowledge, start work or resolve; the answer is the alert as it now is. */
export function useAlertStatus(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: StatusChange) =>
      request(`/api/alerts/${id}/status`, { method: 'POST', body: change, schema: Alert }),
    onSuccess: (alert) => {
      queryClient.setQueryData(alertKeys.one(id), alert);
      void queryClient.invalidateQueries({ queryKey: ['alerts', 'list'] });
      void queryClient.invalidateQueries({ queryKey: alertKeys.counts });
    },
  });
}

export function useAlertComment(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (comment: string) =>
      request(`/api/alerts/${id}/comments`, { method: 'POST', body: { comment }, schema: Alert }),
    onSuccess: (alert) => queryClient.setQueryData(alertKeys.one(id), alert),
  });
}

/**
 * A playbook action: a contact task for the RM (done at once) or a limit review or freeze request
 * that waits for a risk officer. The alert moves to "in progress"; the answer is the alert as it now is.
 */
export function useAlertAction(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AlertActionRequest) =>
      request(`/api/alerts/${id}/actions`, { method: 'POST', body, schema: Alert }),
    onSuccess: (alert) => {
      queryClient.setQueryData(alertKeys.one(id), alert);
      void queryClient.invalidateQueries({ queryKey: ['alerts', 'list'] });
      void queryClient.invalidateQueries({ queryKey: alertKeys.counts });
      // A contact task lands on the RM's task list.
      void queryClient.invalidateQueries({ queryKey: taskKeys.all });
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });
}

/** A risk officer approves or rejects a request made by someone else (403 action.self_approval otherwise). */
export function useAlertActionDecision(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ actionId, ...body }: AlertActionDecision & { actionId: number }) =>
      request(`/api/alerts/${id}/actions/${actionId}/decision`, { method: 'POST', body, schema: Alert }),
    onSuccess: (alert) => queryClient.setQueryData(alertKeys.one(id), alert),
  });
}

export function useRules() {
  return useQuery({
    queryKey: ruleKeys.all,
    queryFn: ({ signal }) => request('/api/rules', { schema: RuleList, signal }),
  });
}

/** Approves or rejects the change waiting on a rule (never the proposer's own: 403 rule.self_approval). */
export function useRuleDecision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: RuleDecision & { id: number }) =>
      request(`/api/rules/${id}/decision`, { method: 'POST', body, schema: Rule }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ruleKeys.all }),
  });
}
