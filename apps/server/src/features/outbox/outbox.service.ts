import crypto from 'node:crypto';
import type { Deps } from '../../core/context.ts';
import type { Tx } from '../../db/dialect.ts';
import { insertOutbox, listDueOutbox, markDelivered, markFailed } from './outbox.repo.ts';

/** Where approved actions go, and the secret that signs them; none: messages wait in the outbox. */
export type WebhookTarget = { url: string; secret: string };

/** Writes a message in the caller's transaction: it exists exactly when the change it announces does. */
export async function enqueue(
  tx: Tx,
  topic: string,
  body: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await insertOutbox(tx, { topic, payload: JSON.stringify(body), created_at: now.toISOString() });
}

/** The signature header: HMAC-SHA256 of `${timestamp}.${body}` with the shared secret, hex. */
export function signature(secret: string, timestamp: string, body: string): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Back-off after the n-th failed attempt: 5 s, 10 s, 20 s … at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(3600_000, 5000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers what is due: POSTs each message (JSON: id, topic, createdAt, data) with headers
 * `x-dossier-event`, `x-dossier-delivery` (the message id: receivers drop repeats),
 * `x-dossier-timestamp` and `x-dossier-signature`. A 2xx answer delivers it; anything else is
 * tried again later. Returns the numbers delivered and failed.
 */
export async function deliverOutbox(
  deps: Pick<Deps, 'db' | 'log' | 'clock'>,
  target: WebhookTarget,
  opts: { limit?: number; timeoutMs?: number } = {},
): Promise<{ delivered: number; failed: number }> {
  const due = await listDueOutbox(deps.db, deps.clock().toISOString(), opts.limit ?? 50);
  let delivered = 0;
  let failed = 0;
  for (const m of due) {
    const body = JSON.stringify({
      id: Number(m.id),
      topic: m.topic,
      createdAt: m.created_at,
      data: JSON.parse(m.payload),
    });
    const timestamp = String(Math.floor(deps.clock().getTime() / 1000));
    const attempts = m.attempts + 1;
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-dossier-event': m.topic,
          'x-dossier-delivery': String(m.id),
          'x-dossier-timestamp': timestamp,
          'x-dossier-signature': `sha256=${signature(target.secret, timestamp, body)}`,
        },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      if (!res.ok) throw new Error(`answered ${res.status}`);
      await markDelivered(deps.db, Number(m.id), deps.clock().toISOString(), attempts);
      delivered += 1;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const next = new Date(deps.clock().getTime() + retryDelayMs(attempts)).toISOString();
      await markFailed(deps.db, Number(m.id), attempts, next, message);
      deps.log.warn({ outbox: Number(m.id), attempts, err: message }, 'webhook delivery failed; will retry');
      failed += 1;
    }
  }
  return { delivered, failed };
}
