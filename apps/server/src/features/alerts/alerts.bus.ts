import { EventEmitter } from 'node:events';
import type { Deps } from '../../core/context.ts';
import type { Db } from '../../db/dialect.ts';
import type { AlertNotice } from './warning.service.ts';

/**
 * Committed alert changes, for the live streams. Publish only after the commit: a browser must
 * never see an alert that a rollback took back.
 *
 * One process (SQLite): an in-process bus per database, so two banks in one process (tests)
 * never hear each other. Several processes on PostgreSQL: the notices go through NOTIFY on
 * `dossier_alerts`, and each process's one LISTEN connection feeds its bus, so a browser
 * connected to any process hears what any process committed.
 */
const CHANNEL = 'dossier_alerts';
/** NOTIFY payloads stay under PostgreSQL's 8,000 bytes. */
const MESSAGE_BYTES = 7_000;

type Bus = { emitter: EventEmitter; listening: Promise<unknown> | null };
const buses = new WeakMap<Db, Bus>();

function busOf(db: Db): Bus {
  let bus = buses.get(db);
  if (!bus) {
    bus = { emitter: new EventEmitter(), listening: null };
    bus.emitter.setMaxListeners(0);
    buses.set(db, bus);
  }
  return bus;
}

export function publishAlerts(deps: Pick<Deps, 'db' | 'notifier' | 'log'>, notices: AlertNotice[]): void {
  if (notices.length === 0) return;
  if (!deps.notifier) {
    busOf(deps.db).emitter.emit('alerts', notices);
    return;
  }
  for (const payload of messages(notices))
    deps.notifier
      .publish(CHANNEL, payload)
      .catch((err) => deps.log?.warn({ err }, 'alert notice not sent to the other processes'));
}

/** Notices as JSON arrays of at most MESSAGE_BYTES each; one too large to carry goes without its alert. */
function messages(notices: AlertNotice[]): string[] {
  const out: string[] = [];
  let part: string[] = [];
  let bytes = 2;
  for (const n of notices) {
    let json = JSON.stringify(n);
    if (Buffer.byteLength(json) + 2 > MESSAGE_BYTES) json = JSON.stringify({ ...n, alert: undefined });
    const size = Buffer.byteLength(json) + 1;
    if (part.length > 0 && bytes + size > MESSAGE_BYTES) {
      out.push(`[${part.join(',')}]`);
      part = [];
      bytes = 2;
    }
    part.push(json);
    bytes += size;
  }
  if (part.length > 0) out.push(`[${part.join(',')}]`);
  return out;
}

/** Calls `listener` with every batch of notices until the returned function is called. */
export function subscribeAlerts(
  deps: Pick<Deps, 'db' | 'notifier' | 'log'>,
  listener: (notices: AlertNotice[]) => void,
): () => void {
  const bus = busOf(deps.db);
  if (deps.notifier && !bus.listening)
    bus.listening = deps.notifier
      .listen(CHANNEL, (payload) => bus.emitter.emit('alerts', JSON.parse(payload) as AlertNotice[]))
      .catch((err) => {
        bus.listening = null;
        deps.log?.error({ err }, 'cannot listen for alerts from the other processes');
      });
  bus.emitter.on('alerts', listener);
  return () => bus.emitter.off('alerts', listener);
}

/** Resolves once this process hears the other processes (at once on SQLite). */
export async function alertsHeard(deps: Pick<Deps, 'db'>): Promise<void> {
  await busOf(deps.db).listening;
}
