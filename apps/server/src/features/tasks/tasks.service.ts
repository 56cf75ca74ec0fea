import type {
  Task,
  TaskCreate,
  TaskListQuery,
  TaskPage,
  TaskPriority,
  TaskSource,
  TaskStatus,
} from '@dossier/contract';
import type { Ctx, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { authorize, clientScope } from '../../core/policy.ts';
import type { Tx } from '../../db/dialect.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import { findClientInScope, findUsersForServicing } from '../clients/clients.repo.ts';
import { formatClientCode } from '../clients/clients.present.ts';
import { insertNotification } from '../notifications/notifications.repo.ts';
import { type TaskRow, findTask, insertTaskOnce, listTasksOf, setTaskStatus } from './tasks.repo.ts';
import { bankToday } from '../../finance/ledger.ts';

export function presentTask(r: TaskRow, today: string): Task {
  return {
    id: Number(r.id),
    title: r.title,
    detail: r.detail,
    client:
      r.client_id === null
        ? null
        : { id: Number(r.client_id), code: formatClientCode(Number(r.client_id)), name: r.client_name ?? '' },
    assignee: { id: Number(r.assignee_id), displayName: r.assignee_name },
    dueOn: r.due_on,
    priority: r.priority as TaskPriority,
    status: r.status as TaskStatus,
    source: r.source as TaskSource,
    overdue: r.status === 'open' && r.due_on < today,
    createdAt: r.created_at,
    completedAt: r.completed_at,
  };
}

/** What a job asks for. `sourceKey` makes creation idempotent. */
export type TaskDraft = {
  clientId: number | null;
  assigneeId: number;
  title: string;
  detail?: string;
  dueOn: string;
  priority: TaskPriority;
  source: TaskSource;
  sourceKey: string;
};

/**
 * Creates the task unless its source key was used before, and tells the assignee. Returns whether
 * it was created. Runs inside the caller's transaction.
 */
export async function raiseTask(
  tx: Tx,
  deps: Pick<Deps, 'dialect'>,
  draft: TaskDraft,
  now: Date,
  createdBy: number | null,
): Promise<number | null> {
  const at = now.toISOString();
  const id = await insertTaskOnce(tx, {
    client_id: draft.clientId,
    assignee_id: draft.assigneeId,
    title: draft.title,
    detail: draft.detail ?? null,
    due_on: draft.dueOn,
    priority: draft.priority,
    status: 'open',
    source: draft.source,
    source_key: draft.sourceKey,
    created_by: createdBy,
    created_at: at,
  });
  if (id === null) return null;
  await insertNotification(tx, {
    user_id: draft.assigneeId,
    title: draft.title,
    body: draft.detail ?? null,
    link: draft.clientId ? `/clients/${draft.clientId}` : '/tasks',
    task_id: id,
    created_at: at,
  });
  await appendAudit(tx, deps, {
    action: 'task.create',
    actorId: createdBy,
    clientId: draft.clientId,
    targetType: 'task',
    targetId: id,
    ip: null,
    userAgent: null,
    after: { title: draft.title, assigneeId: draft.assigneeId, dueOn: draft.dueOn, source: draft.source },
    at: now,
  });
  return id;
}

export async function createTask(ctx: Ctx, input: TaskCreate): Promise<Task> {
  authorize(ctx.actor, 'client.read');
  const id = await ctx.db.transaction().execute(async (tx) => {
    if (
      input.clientId !== undefined &&
      !(await findClientInScope(tx, clientScope(ctx.actor), input.clientId))
    ) {
      throw new AppError('client.not_found', 'No such client, or it is outside your book.', {
        field: 'clientId',
      });
    }
    const assigneeId = input.assigneeId ?? ctx.actor.id;
    if (assigneeId !== ctx.actor.id) {
      const [u] = await findUsersForServicing(tx, [assigneeId]);
      const scope = clientScope(ctx.actor);
      const ok =
        u !== undefined &&
        u.active === 1 &&
        (scope.kind === 'all' ||
          (scope.kind === 'branch' && Number(u.branch_id) === scope.branchId) ||
          (scope.kind === 'team' && Number(u.team_id) === scope.teamId));
      if (!ok)
        throw new AppError(
          'task.invalid_assignee',
          'You can assign tasks to yourself or to people in your team or branch.',
          { field: 'assigneeId' },
        );
    }
    const newId = await insertTaskOnce(tx, {
      client_id: input.clientId ?? null,
      assignee_id: assigneeId,
      title: input.title,
      detail: input.detail ?? null,
      due_on: input.dueOn,
      priority: input.priority,
      status: 'open',
      source: 'manual',
      source_key: null,
      created_by: ctx.actor.id,
      created_at: ctx.now.toISOString(),
    });
    if (assigneeId !== ctx.actor.id) {
      await insertNotification(tx, {
        user_id: assigneeId,
        title: input.title,
        body: `${ctx.actor.displayName}`,
        link: input.clientId ? `/clients/${input.clientId}` : '/tasks',
        task_id: newId,
        created_at: ctx.now.toISOString(),
      });
    }
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'task.create',
      clientId: input.clientId ?? null,
      targetType: 'task',
      targetId: newId,
      after: { title: input.title, assigneeId, dueOn: input.dueOn, priority: input.priority },
    });
    return newId!;
  });
  return presentTask((await findTask(ctx.db, id))!, bankToday(ctx.now));
}

export async function myTasks(ctx: Ctx, q: TaskListQuery): Promise<TaskPage> {
  const { rows, total } = await listTasksOf(ctx.db, ctx.actor.id, q);
  const today = bankToday(ctx.now);
  return { items: rows.map((r) => presentTask(r, today)), total, page: q.page, pageSize: q.pageSize };
}

/** Completes, cancels or reopens a task: its assignee or whoever created it. */
export async function updateTaskStatus(ctx: Ctx, id: number, status: TaskStatus): Promise<Task> {
  await ctx.db.transaction().execute(async (tx) => {
    const task = await findTask(tx, id);
    if (!task || (Number(task.assignee_id) !== ctx.actor.id && Number(task.created_by) !== ctx.actor.id)) {
      throw new AppError('task.not_found', 'No such task among yours.');
    }
    if (task.status === status) return;
    await setTaskStatus(tx, id, status, ctx.actor.id, ctx.now.toISOString());
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'task.update',
      clientId: task.client_id === null ? null : Number(task.client_id),
      targetType: 'task',
      targetId: id,
      before: { status: task.status },
      after: { status },
    });
  });
  return presentTask((await findTask(ctx.db, id))!, bankToday(ctx.now));
}
