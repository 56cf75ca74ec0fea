import {
  IdParam,
  NotificationList,
  Task,
  TaskCreate,
  TaskListQuery,
  TaskPage,
  TaskUpdate,
} from '@dossier/contract';
import { z } from 'zod';
import type { Deps } from '../../core/context.ts';
import { type App, ctxOf } from '../../http/app.ts';
import { myNotifications, readNotification } from '../notifications/notifications.service.ts';
import { createTask, myTasks, updateTaskStatus } from './tasks.service.ts';

export function registerTaskRoutes(app: App, deps: Deps): void {
  app.get(
    '/tasks',
    { schema: { tags: ['tasks'], querystring: TaskListQuery, response: { 200: TaskPage } } },
    (req) => myTasks(ctxOf(deps, req), req.query),
  );
  app.post(
    '/tasks',
    { schema: { tags: ['tasks'], body: TaskCreate, response: { 201: Task } } },
    async (req, reply) => {
      const task = await createTask(ctxOf(deps, req), req.body);
      reply.status(201);
      return task;
    },
  );
  app.patch(
    '/tasks/:id',
    { schema: { tags: ['tasks'], params: IdParam, body: TaskUpdate, response: { 200: Task } } },
    (req) => updateTaskStatus(ctxOf(deps, req), req.params.id, req.body.status),
  );
  app.get('/notifications', { schema: { tags: ['tasks'], response: { 200: NotificationList } } }, (req) =>
    myNotifications(ctxOf(deps, req)),
  );
  app.post(
    '/notifications/:id/read',
    { schema: { tags: ['tasks'], params: IdParam, response: { 200: NotificationList } } },
    (req) => readNotification(ctxOf(deps, req), req.params.id),
  );
  app.post(
    '/notifications/read-all',
    { schema: { tags: ['tasks'], body: z.strictObject({}).optional(), response: { 200: NotificationList } } },
    (req) => readNotification(ctxOf(deps, req), undefined),
  );
}
