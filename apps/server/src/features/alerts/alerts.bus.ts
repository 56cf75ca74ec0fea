import { EventEmitter } from 'node:events';
import type { Deps } from '../../core/context.ts';
import type { Db } from '../../db/dialect.ts';
import type { AlertNotice } from './warning.service.ts';

/**
 * Committed alert changes, for the live stream of this server process. One bus per database, so
 * two banks in one process (tests) never hear each other. Publish only after the commit: a
 * browser must never see an alert that a rollback took back.
 */
const buses = new WeakMap<Db, EventEmitter>();

function busOf(db: Db): EventEmitter {
  let bus = buses.get(db);
  if (!bus) {
    bus = new EventEmitter();
    bus.setMaxListeners(0);
    buses.set(db, bus);
  }
  return bus;
}

export function publishAlerts(deps: Pick<Deps, 'db'>, notices: AlertNotice[]): void {
  if (notices.length > 0) busOf(deps.db).emit('alerts', notices);
}

/** Calls `listener` with every batch of notices until the returned function is called. */
export function subscribeAlerts(
  deps: Pick<Deps, 'db'>,
  listener: (notices: AlertNotice[]) => void,
): () => void {
  const bus = busOf(deps.db);
  bus.on('alerts', listener);
  return () => bus.off('alerts', listener);
}
