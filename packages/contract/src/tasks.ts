import { z } from 'zod';
import { Id, IsoDate, PageQuery, pageOf } from './common.ts';

export const TASK_SOURCES = ['manual', 'document_expiry', 'kyc_review', 'stale_profile', 'alert'] as const;
export const TaskSource = z.enum(TASK_SOURCES);
export type TaskSource = z.infer<typeof TaskSource>;

export const TaskPriority = z.enum(['high', 'medium', 'low']);
export type TaskPriority = z.infer<typeof TaskPriority>;

export const TaskStatus = z.enum(['open', 'done', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const TaskCreate = z.strictObject({
  title: z.string().trim().min(2, 'is required').max(120),
  detail: z.string().trim().max(1000).optional(),
  clientId: Id.optional(),
  /** Defaults to the caller. */
  assigneeId: Id.optional(),
  dueOn: IsoDate,
  priority: TaskPriority.default('medium'),
});
export type TaskCreate = z.infer<typeof TaskCreate>;

export const TaskUpdate = z.strictObject({ status: z.enum(['open', 'done', 'cancelled']) });

export const Task = z.object({
  id: Id,
  title: z.string(),
  detail: z.string().nullable(),
  client: z.object({ id: Id, code: z.string(), name: z.string() }).nullable(),
  assignee: z.object({ id: Id, displayName: z.string() }),
  dueOn: z.string(),
  priority: TaskPriority,
  status: TaskStatus,
  source: TaskSource,
  overdue: z.boolean(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type Task = z.infer<typeof Task>;

export const TaskListQuery = z.strictObject({
  status: TaskStatus.optional(),
  clientId: z.coerce.number().int().positive().optional(),
  ...PageQuery,
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;
export const TaskPage = pageOf(Task);
export type TaskPage = z.infer<typeof TaskPage>;

export const Notification = z.object({
  id: Id,
  title: z.string(),
  body: z.string().nullable(),
  /** Where it leads in the app, e.g. /clients/12 or /tasks. */
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof Notification>;
export const NotificationList = z.object({ items: z.array(Notification), unread: z.number().int() });
export type NotificationList = z.infer<typeof NotificationList>;

export const JobRunResult = z.object({
  job: z.string(),
  created: z.number().int(),
  considered: z.number().int(),
});
export type JobRunResult = z.infer<typeof JobRunResult>;
