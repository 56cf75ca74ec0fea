/**
 * Alert latency benchmark: from the commit of an ingest request to the event reaching an SSE
 * client. Target: p99 ≤ 50 ms at 10,000 transactions per second offered.
 *
 * One process, two threads. The main thread runs the server (buildApp on a loopback port) over a
 * fresh bank: the demo seed's users and `--clients` clients with one ¥1,000,000 demand deposit
 * each. A worker thread is the outside world: it POSTs /api/transactions/batch as `admin` (HTTP,
 * open loop: batch k leaves at k × interval, at most `--inflight` in flight) and reads
 * /api/alerts/stream as `risk01` (a risk officer sees every client), noting when each event has
 * been parsed. t_commit is taken in the main thread when publishAlerts (right after the commit)
 * hands the notices on: a listener on the in-process bus on SQLite; on PostgreSQL, where they go
 * through NOTIFY and back by LISTEN, the notifier's publish, wrapped. Both threads read one clock
 * (performance.timeOrigin + performance.now()).
 *
 * Traffic: booking times rise from 30 hours ago towards now. Each batch holds small movements
 * (≤ ¥500) on random accounts and, for `--drains` clients taken in turn from a fifth of the book,
 * a debit of 70 % of the balance and later in the batch a credit restoring it: balance_drain hits
 * (raised once per client, then alert.updated), and from a client's second drain
 * large_outflow_week too.
 * Baseline, same run: `idle`, 40 batches of one drain each sent one at a time 100 ms apart before
 * the load (after 5 such batches to warm up, not counted).
 *
 * Usage: npm run bench:alert-latency -- [--seconds 15] [--rate 10000] [--batch 1000] [--clients 300] [--drains 3] [--inflight 16] [--pg postgres://…]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import type { AccountBatch, TransactionItem } from '@dossier/contract';
import { loadConfig } from '../apps/server/src/config.ts';
import { actorOf } from '../apps/server/src/core/context.ts';
import { importAccounts } from '../apps/server/src/features/accounts/accounts.service.ts';
import { subscribeAlerts } from '../apps/server/src/features/alerts/alerts.bus.ts';
import type { AlertNotice } from '../apps/server/src/features/alerts/warning.service.ts';
import { createRng } from '../apps/server/src/features/demo/demo.generator.ts';
import { seedDemoBank } from '../apps/server/src/features/demo/demo.seed.ts';
import { findUserByUsername } from '../apps/server/src/features/users/users.repo.ts';
import { buildApp } from '../apps/server/src/http/app.ts';
import { openRuntime } from '../apps/server/src/runtime.ts';

const clock = () => performance.timeOrigin + performance.now();
type Plan = { url: string; adminCookie: string; riskCookie: string; idle: string[]; load: string[] };
type Got = { key: string; t: number };
type Outcome = { got: Got[]; idleAt: number; loadAt: number; endAt: number; inserted: number; lag: number };

const opt = { type: 'string' } as const;
const { values } = parseArgs({
  options: { seconds: opt, rate: opt, batch: opt, clients: opt, drains: opt, inflight: opt, pg: opt },
  strict: true,
});
const SECONDS = Number(values.seconds ?? 15);
const RATE = Number(values.rate ?? 10_000);
const BATCH = Number(values.batch ?? 1000);
const CLIENTS = Number(values.clients ?? 300);
const DRAINS = Number(values.drains ?? 3);
const IN_FLIGHT = Number(values.inflight ?? 16);
const INTERVAL_MS = (BATCH / RATE) * 1000;
const BATCHES = Math.round((SECONDS * 1000) / INTERVAL_MS);
const BALANCE = 100_000_000;
const PASSWORD = 'Bench-Password-2026';
const accountNo = (i: number) => `62220300${String(i).padStart(11, '0')}`;

/** Batch bodies as the worker sends them, made before the clock starts. */
function plan(): { idle: string[]; load: string[] } {
  const rng = createRng(7);
  const drainers = Math.max(DRAINS, Math.floor(CLIENTS / 5));
  let seq = 0;
  let next = 0;
  const item = (a: number, at: number, amountMinor: number, debit: boolean): TransactionItem => ({
    externalId: `L${String(seq++).padStart(10, '0')}`,
    accountNo: accountNo(a),
    bookedAt: new Date(at).toISOString(),
    amountMinor,
    direction: debit ? 'debit' : 'credit',
    currency: 'CNY',
    channel: 'mobile',
    category: debit ? (amountMinor > 50_000 ? 'transfer_out' : 'consumption') : 'transfer_in',
  });
  const body = (transactions: TransactionItem[]) => JSON.stringify({ source: 'core_banking', transactions });
  const drain = (at: number, gap: number) => {
    const a = next++ % drainers;
    return [item(a, at, BALANCE * 0.7, true), item(a, at + gap, BALANCE * 0.7, false)];
  };
  const from = Date.now() - 30 * 3_600_000;
  const idle = Array.from({ length: 45 }, (_, i) => body(drain(from + i * 60_000, 1000)));
  const span = (29 * 3_600_000) / BATCHES;
  const step = span / BATCH;
  const load: string[] = [];
  for (let k = 0; k < BATCHES; k++) {
    const start = from + 3_600_000 + k * span;
    const items: TransactionItem[] = [];
    for (let i = 0; items.length < BATCH - 2 * DRAINS; i++)
      items.push(
        item(rng.int(drainers, CLIENTS - 1), start + i * step, rng.int(100, 50_000), rng.chance(0.5)),
      );
    for (let d = 1; d <= DRAINS; d++) items.push(...drain(start + d * step * 10, step * 400));
    load.push(body(items));
  }
  return { idle, load };
}

/** The worker: posts the batches and reads the stream. */
async function outside(p: Plan): Promise<Outcome> {
  const ac = new AbortController();
  const res = await fetch(`${p.url}/api/alerts/stream`, {
    headers: { cookie: p.riskCookie },
    signal: ac.signal,
  });
  if (res.status !== 200) throw new Error(`stream: HTTP ${res.status}`);
  const got: Got[] = [];
  let last = clock();
  const reading = (async () => {
    const decoder = new TextDecoder();
    let text = '';
    try {
      for await (const chunk of res.body!) {
        text += decoder.decode(chunk as Uint8Array, { stream: true });
        for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!event || !data) continue;
          const { alert } = JSON.parse(data) as { alert: { id: number } };
          last = clock();
          got.push({ key: `${event}:${alert.id}`, t: last });
        }
      }
    } catch {
      // aborted at the end
    }
  })();
  const send = async (body: string) => {
    const headers = { cookie: p.adminCookie, 'content-type': 'application/json' };
    const r = await fetch(`${p.url}/api/transactions/batch`, { method: 'POST', headers, body });
    if (r.status !== 200) throw new Error(`batch: HTTP ${r.status} ${await r.text()}`);
    return ((await r.json()) as { inserted: number }).inserted;
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
  let idleStart = 0;
  for (const [i, b] of p.idle.entries()) {
    if (i === 5) idleStart = clock();
    await send(b);
    await sleep(100);
  }
  await sleep(500);
  const loadStart = clock();
  let inserted = 0;
  let lag = 0;
  const inFlight = new Set<Promise<void>>();
  for (let k = 0; k < p.load.length; k++) {
    await sleep(loadStart + k * INTERVAL_MS - clock());
    while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    lag = Math.max(lag, clock() - (loadStart + k * INTERVAL_MS));
    const req: Promise<void> = send(p.load[k]!).then((n) => {
      inserted += n;
      inFlight.delete(req);
    });
    inFlight.add(req);
  }
  await Promise.all(inFlight);
  const loadEnd = clock();
  while (clock() - last < 2000 && clock() - loadEnd < 15_000) await sleep(100);
  ac.abort();
  await reading;
  return { got, idleAt: idleStart, loadAt: loadStart, endAt: loadEnd, inserted, lag };
}

function stats(label: string, ms: number[]): number {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) =>
    s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
  const f = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
  console.log(
    `  ${label.padEnd(14)} events ${String(s.length).padStart(5)}  p50 ${f(at(50))}  p95 ${f(at(95))}  p99 ${f(at(99))}  max ${f(at(100))}`,
  );
  return at(99);
}

async function run(engine: string, env: Record<string, string>) {
  const now = new Date();
  const load0 = os.loadavg()[0]!;
  const rt = await openRuntime(loadConfig({ ...process.env, LOG_LEVEL: 'silent', ...env }));
  const seed = { clients: CLIENTS, seed: 11, password: PASSWORD, now, accounts: false } as const;
  await seedDemoBank(rt.deps, { ...seed, transactionsFor: 'none' });
  const admin = actorOf((await findUserByUsername(rt.deps.db, 'admin'))!);
  const ctx = { ...rt.deps, actor: admin, now, ip: null, userAgent: 'bench' };
  const clients = await rt.deps.db.selectFrom('clients').select('id').orderBy('id').execute();
  const accounts: AccountBatch['accounts'] = clients.map((c, i) => ({
    clientId: Number(c.id),
    kind: 'demand_deposit',
    productName: '活期储蓄',
    accountNo: accountNo(i),
    currency: 'CNY',
    status: 'active',
    openedOn: '2020-01-01',
    balanceMinor: BALANCE,
    balanceAsOf: new Date(now.getTime() - 3 * 86_400_000).toISOString(),
    externalId: `AL${String(i).padStart(8, '0')}`,
  }));
  await importAccounts(ctx, { source: 'core_banking', accounts });

  const committed = new Map<string, number[]>();
  const record = (notices: AlertNotice[]) => {
    const t = clock();
    for (const n of notices) {
      const key = `${n.type}:${n.alertId}`;
      committed.set(key, [...(committed.get(key) ?? []), t]);
    }
  };
  const notifier = rt.deps.notifier;
  if (notifier) {
    const publish = notifier.publish.bind(notifier);
    notifier.publish = (channel, payload) => {
      if (channel === 'dossier_alerts') record(JSON.parse(payload) as AlertNotice[]);
      return publish(channel, payload);
    };
  }
  const unsubscribe = notifier ? () => {} : subscribeAlerts(rt.deps, record);
  const app = await buildApp({ deps: rt.deps, webDist: null });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const login = async (username: string) => {
    const body = JSON.stringify({ username, password: PASSWORD });
    const headers = { 'content-type': 'application/json' };
    const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers, body });
    if (r.status !== 200) throw new Error(`login ${username}: HTTP ${r.status}`);
    return r.headers.get('set-cookie')!.split(';')[0]!;
  };
  const p: Plan = { url, adminCookie: await login('admin'), riskCookie: await login('risk01'), ...plan() };
  const self = JSON.stringify(import.meta.url);
  const worker = new Worker(`import('tsx/esm/api').then((a) => a.tsImport(${self}, ${self}))`, {
    eval: true,
    argv: process.argv.slice(2),
    workerData: p,
  });
  const out = await new Promise<Outcome>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  unsubscribe();
  await app.close();
  await rt.close();

  // Events of one alert and type reach the stream in commit order: the n-th received is the n-th committed.
  const pending = new Map([...committed].map(([k, v]) => [k, [...v]]));
  const idle: number[] = [];
  const load: number[] = [];
  let unmatched = 0;
  for (const g of out.got) {
    const t = pending.get(g.key)?.shift();
    if (t === undefined) unmatched++;
    else if (t >= out.idleAt) (t < out.loadAt ? idle : load).push(g.t - t);
  }
  const count = (m: Map<string, number[]>) => [...m.values()].reduce((n, v) => n + v.length, 0);
  const missing = count(pending);
  const secs = Math.max(out.endAt - out.loadAt, BATCHES * INTERVAL_MS) / 1000;
  const achieved = out.inserted / secs;
  const n = (v: number) => Math.round(v).toLocaleString('en');
  console.log(
    `\nalert latency on ${engine}: ${CLIENTS} clients, HTTP batches of ${BATCH} (≤ ${IN_FLIGHT} in flight), ${DRAINS} drains each`,
  );
  console.log(
    `  offered ${n(RATE)} tx/s for ${SECONDS} s (${BATCHES} batches); achieved ${n(achieved)} tx/s (${n(out.inserted)} tx in ${secs.toFixed(2)} s); max send lag ${out.lag.toFixed(0)} ms`,
  );
  console.log(
    `  alert events: published ${count(committed)}, received ${out.got.length}, never received ${missing}, unmatched ${unmatched}`,
  );
  stats('baseline idle', idle);
  const p99 = stats('under load', load);
  const sustained = achieved >= 0.95 * RATE;
  const verdict = p99 <= 50 && missing === 0 && sustained ? 'met' : 'NOT met';
  const why = sustained ? '' : ` (offered rate not sustained: ${n(achieved)} tx/s)`;
  console.log(`  target p99 ≤ 50 ms at ${n(RATE)} tx/s offered → ${verdict}${why}`);
  const after = os.loadavg()[0]!;
  console.log(
    `  host: ${os.cpus().length} CPUs, load average ${load0.toFixed(2)} before, ${after.toFixed(2)} after`,
  );
}

if (!isMainThread) parentPort!.postMessage(await outside(workerData as Plan));
else if (values.pg) {
  const name = `dossier_bench_alerts_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: values.pg });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const u = new URL(values.pg);
    u.pathname = `/${name}`;
    await run('PostgreSQL', { DATABASE_URL: u.toString() });
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-alerts-'));
  try {
    await run('SQLite (WAL, synchronous = NORMAL)', { DOSSIER_DATA_DIR: dir, DATABASE_URL: '' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
