import type { NotificationList } from '@dossier/contract';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { countUnread, listNotifications, markRead } from './notifications.repo.ts';

export async function myNotifications(ctx: Ctx, limit = 30): Promise<NotificationList> {
  const [rows, unread] = await Promise.all([
    listNotifications(ctx.db, ctx.actor.id, limit),
    countUnread(ctx.db, ctx.actor.id),
  ]);
  return {
    unread,
    items: rows.map((r) => ({
      id: Number(r.id),
      title: r.title,
      body: r.body,
      link: r.link,
      createdAt: r.created_at,
      readAt: r.read_at,
    })),
  };
}

export async function readNotification(ctx: Ctx, id: number | undefined): Promise<NotificationList> {
  const changed = await markRead(ctx.db, ctx.actor.id, ctx.now.toISOString(), id);
  if (id !== undefined && changed === 0) {
    const mine = (await listNotifications(ctx.db, ctx.actor.id, 1000)).some((n) => Number(n.id) === id);
    if (!mine) throw new AppError('request.not_found', 'No such notification.');
  }
  return myNotifications(ctx);
}
