import {
  NotificationList,
  ProfilesNeedingUpdate,
  Task,
  type TaskCreate,
  TaskPage,
  type TaskStatus,
} from '@dossier/contract';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/http.ts';

export interface TaskFilters {
  status: TaskStatus | undefined;
  page: number;
  pageSize: number;
}

export const taskKeys = {
  all: ['tasks'] as const,
  list: (filters: TaskFilters) => ['tasks', 'list', filters] as const,
};

export const notificationKeys = { all: ['notifications'] as const };

export function useMyTasks(filters: TaskFilters) {
  return useQuery({
    queryKey: taskKeys.list(filters),
    queryFn: ({ signal }) => request('/api/tasks', { query: { ...filters }, schema: TaskPage, signal }),
    placeholderData: keepPreviousData,
  });
}

export function createTask(body: TaskCreate): Promise<Task> {
  return request('/api/tasks', { method: 'POST', body, schema: Task });
}

/** Completes, cancels or reopens; afterwards every task list (and the profile's task panel) is stale. */
export function useTaskStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status }: { id: number; status: TaskStatus }) =>
      request(`/api/tasks/${id}`, { method: 'PATCH', body: { status }, schema: Task }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

/** The bell polls once a minute; a new task or an expiring document shows up without a reload. */
export function useNotifications() {
  return useQuery({
    queryKey: notificationKeys.all,
    queryFn: ({ signal }) => request('/api/notifications', { schema: NotificationList, signal }),
    refetchInterval: 60_000,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number | 'all') =>
      id === 'all'
        ? request('/api/notifications/read-all', { method: 'POST', body: {}, schema: NotificationList })
        : request(`/api/notifications/${id}/read`, { method: 'POST', schema: NotificationList }),
    onSuccess: (list) => queryClient.setQueryData(notificationKeys.all, list),
  });
}

export function useProfilesNeedingUpdate(page: number, pageSize: number) {
  return useQuery({
    queryKey: ['profiles', 'needing-update', page, pageSize],
    queryFn: ({ signal }) =>
      request('/api/profiles/needing-update', {
        query: { page, pageSize },
        schema: ProfilesNeedingUpdate,
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}
