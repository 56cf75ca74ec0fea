/**
 * Transaction ingest benchmark: transactions per second through the batch path
 * (`ingestTransactions`: validation, content hashes, sealed counterparties, idempotency check,
 * balances and the four rollups, one audit entry per batch of 10,000), beside a raw insert of the
 * very rows it stored into an identical database (same schema, same indexes, same durability
 * settings), measured batch by batch in the same run.
 *
 * SQLite: the app's settings (WAL, synchronous = NORMAL, foreign keys on); the baseline is one
 * prepared better-sqlite3 INSERT per row, 10,000 rows per transaction. PostgreSQL (`--pg URL`):
 * the baseline is COPY FROM STDIN of the same rows, 10,000 per COPY.
 * Keys are time-ordered: booking times and external ids rise together, as a core system sends them.
 *
 * Two shapes of traffic, each measured on its own pair of databases:
 *   feed      a live core-banking feed: each batch of 10,000 spans a few days of the whole book,
 *             so nearly every transaction lands on its own account-day, client-day and month row
 *             of the rollups (the worst case for the rollups);
 *   backfill  account histories sent account by account, oldest first (a migration, the demo
 *             bank): rollup rows are shared by many transactions.
 *
 * The early-warning rules run at ingest (the eleven defaults, enabled); `--rules off` switches them
 * off in the service's database. `--rules compare` measures what judging costs: the same batches go
 * to two banks, one with the rules and one without, batch by batch in turns (the raw baseline is
 * not run), and the ratio of their rates is printed (target ≥ 0.75).
 *
 * Usage: npm run bench:ingest -- [--transactions N] [--accounts A] [--days D] [--profile feed|backfill|both] [--rules on|off|compare] [--pg postgres://…]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { AccountBatch, TransactionItem } from '@dossier/contract';
import { loadConfig } from '../apps/server/src/config.ts';
import { actorOf } from '../apps/server/src/core/context.ts';
import type { Ctx } from '../apps/server/src/core/context.ts';
import { importAccounts } from '../apps/server/src/features/accounts/accounts.service.ts';
import { createRng } from '../apps/server/src/features/demo/demo.generator.ts';
import { GIVEN_MALE, SURNAMES } from '../apps/server/src/features/demo/demo.data.ts';
import { seedDemoBank } from '../apps/server/src/features/demo/demo.seed.ts';
import { ingestTransactions } from '../apps/server/src/features/transactions/transactions.service.ts';
import { findUserByUsername } from '../apps/server/src/features/users/users.repo.ts';
import { type Runtime, openRuntime } from '../apps/server/src/runtime.ts';

const { values } = parseArgs({
  options: {
    transactions: { type: 'string' },
    accounts: { type: 'string' },
    pg: { type: 'string' },
    profile: { type: 'string' },
    days: { type: 'string' },
    rules: { type: 'string' },
  },
  strict: true,
});
const N = Number(values.transactions ?? 200_000);
type Profile = 'feed' | 'backfill';
const PROFILES: Profile[] =
  values.profile === 'feed' || values.profile === 'backfill' ? [values.profile] : ['feed', 'backfill'];
const ACCOUNTS = Number(values.accounts ?? 2000);
/** How far back the bookings reach: the rules judge only the last 181 days of them. */
const DAYS = Number(values.days ?? 400);
const BATCH = 10_000;
const CLIENTS = Math.max(1, Math.ceil(ACCOUNTS / 2));
const now = new Date();

/** One bank, seeded the same way twice: the ids of clients and accounts agree in both. */
async function openBank(
  env: Record<string, string>,
  rules = values.rules !== 'off',
): Promise<{ rt: Runtime; ctx: Ctx }> {
  const rt = await openRuntime(loadConfig({ ...process.env, LOG_LEVEL: 'silent', ...env }));
  await seedDemoBank(rt.deps, {
    clients: CLIENTS,
    seed: 9,
    password: 'Bench-Password-2026',
    now,
    accounts: false,
    transactionsFor: 'none',
  });
  if (!rules) await rt.deps.db.updateTable('warning_rules').set({ enabled: 0 }).execute();
  const admin = actorOf((await findUserByUsername(rt.deps.db, 'admin'))!);
  const ctx: Ctx = { ...rt.deps, actor: admin, now, ip: null, userAgent: 'bench' };
  const clients = (await rt.deps.db.selectFrom('clients').select('id').orderBy('id').execute()).map((c) =>
    Number(c.id),
  );
  for (let from = 0; from < ACCOUNTS; from += 1000) {
    const accounts: AccountBatch['accounts'] = [];
    for (let i = from; i < Math.min(ACCOUNTS, from + 1000); i++)
      accounts.push({
        clientId: clients[i % clients.length]!,
        kind: 'demand_deposit',
        productName: '活期储蓄',
        accountNo: accountNo(i),
        currency: 'CNY',
        status: 'active',
        openedOn: '2020-01-01',
        balanceMinor: 5_000_000,
        balanceAsOf: '2024-01-01T00:00:00Z',
        externalId: `A${String(i).padStart(8, '0')}`,
      });
    await importAccounts(ctx, { source: 'core_banking', accounts });
  }
  return { rt, ctx };
}

function accountNo(i: number): string {
  return `62220200${String(i).padStart(11, '0')}`;
}

/**
 * N transactions over the last DAYS days (default 400), most with a counterparty. `feed`: rising in time and id
 * across all accounts. `backfill`: account after account, each oldest first.
 */
function* batches(profile: Profile): Generator<TransactionItem[]> {
  const rng = createRng(2026);
  const balances = new Array<number>(ACCOUNTS).fill(5_000_000);
  const counterparties = Array.from({ length: 5000 }, (_, i) => ({
    name: `${rng.pick(SURNAMES)}${rng.pick(GIVEN_MALE)}`,
    account: `62170000${String(i).padStart(11, '0')}`,
  }));
  const start = now.getTime() - DAYS * 86_400_000;
  const step = (DAYS * 86_400_000 - 60_000) / N;
  let batch: TransactionItem[] = [];
  const perAccount = Math.ceil(N / ACCOUNTS);
  for (let i = 0; i < N; i++) {
    const a = profile === 'feed' ? rng.int(0, ACCOUNTS - 1) : Math.floor(i / perAccount);
    const at = profile === 'feed' ? i : (i % perAccount) * ACCOUNTS + a;
    const credit = balances[a]! < 100_000 || rng.chance(0.45);
    const amount = rng.int(100, credit ? 2_000_000 : Math.min(1_500_000, balances[a]!));
    balances[a]! += credit ? amount : -amount;
    const cp = rng.chance(0.7) ? counterparties[rng.int(0, counterparties.length - 1)]! : null;
    const bookedAt = new Date(start + Math.floor(at * step)).toISOString();
    batch.push({
      externalId: `${profile === 'feed' ? 'T' : 'B'}${bookedAt.slice(0, 10).replaceAll('-', '')}${String(i).padStart(10, '0')}`,
      accountNo: accountNo(a),
      bookedAt,
      amountMinor: amount,
      direction: credit ? 'credit' : 'debit',
      currency: 'CNY',
      channel: rng.pick(['mobile', 'online', 'pos', 'transfer', 'atm'] as const),
      category: credit
        ? rng.pick(['salary', 'transfer_in', 'investment_redemption'] as const)
        : rng.pick(['consumption', 'transfer_out', 'loan_repayment', 'fee'] as const),
      ...(credit ? {} : { merchantCategory: '5411' }),
      ...(cp ? { counterpartyName: cp.name, counterpartyAccount: cp.account } : {}),
      balanceAfterMinor: balances[a]!,
    });
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

type Row = Record<string, unknown>;

function report(
  profile: Profile,
  engine: string,
  baseline: string,
  serviceMs: number,
  rawMs: number,
  stored: number,
) {
  const svc = stored / (serviceMs / 1000);
  const raw = stored / (rawMs / 1000);
  console.log(
    `\n${profile}: ingest of ${stored.toLocaleString('en')} transactions on ${engine}, ${ACCOUNTS.toLocaleString('en')} accounts, batches of ${BATCH.toLocaleString('en')}, booked over ${DAYS} days, warning rules ${values.rules === 'off' ? 'off' : 'on'}`,
  );
  console.log(
    `  ingestTransactions (checks, hashes, sealing, balances, 4 rollups, audit): ${(serviceMs / 1000).toFixed(2)} s  ${Math.round(svc).toLocaleString('en')} tx/s`,
  );
  console.log(
    `  baseline ${baseline} of the same rows:`.padEnd(76) +
      ` ${(rawMs / 1000).toFixed(2)} s  ${Math.round(raw).toLocaleString('en')} tx/s`,
  );
  console.log(
    `  ratio service/raw: ${(svc / raw).toFixed(2)}   target ≥ 50,000 tx/s and ≥ 0.5 × raw → ${svc >= 50_000 && svc / raw >= 0.5 ? 'met' : 'NOT met'}`,
  );
}

async function sqliteRun(profile: Profile) {
  const dirA = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-ingest-'));
  const dirB = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-ingest-raw-'));
  const bank = await openBank({ DOSSIER_DATA_DIR: dirA, DATABASE_URL: '' });
  const twin = await openBank({ DOSSIER_DATA_DIR: dirB, DATABASE_URL: '' });
  await twin.rt.close();
  const open = (dir: string) => {
    const db = new SQLite(path.join(dir, 'dossier.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -65536');
    return db;
  };
  const reader = open(dirA);
  const raw = open(dirB);
  const cols = (reader.prepare('select * from transactions limit 0').columns() as { name: string }[])
    .map((c) => c.name)
    .filter((c) => c !== 'id');
  const read = reader.prepare(`select ${cols.join(', ')}, id from transactions where id > ? order by id`);
  const insert = raw.prepare(
    `insert into transactions (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`,
  );
  const insertAll = raw.transaction((rows: Row[]) => {
    for (const r of rows) insert.run(r);
  });
  let serviceMs = 0;
  let rawMs = 0;
  let stored = 0;
  let lastId = 0;
  for (const items of batches(profile)) {
    const t0 = performance.now();
    const r = await ingestTransactions(bank.ctx, { source: 'core_banking', transactions: items });
    serviceMs += performance.now() - t0;
    stored += r.inserted;
    const rows = read.all(lastId) as Row[];
    lastId = Number(rows.at(-1)!.id);
    for (const row of rows) delete row.id;
    const t1 = performance.now();
    insertAll(rows);
    rawMs += performance.now() - t1;
    process.stdout.write(`\r  ${stored.toLocaleString('en')} / ${N.toLocaleString('en')}`);
  }
  const alerts = reader.prepare('select count(*) as n, coalesce(sum(hits), 0) as hits from alerts').get() as {
    n: number;
    hits: number;
  };
  const states = reader
    .prepare('select count(*) as n, avg(length(state)) as size from warning_states')
    .get() as {
    n: number;
    size: number;
  };
  console.log(
    `\n  alerts opened: ${alerts.n.toLocaleString('en')}, rule hits on them: ${alerts.hits.toLocaleString('en')}; warning states: ${states.n.toLocaleString('en')}, ${Math.round(states.size ?? 0).toLocaleString('en')} bytes each on average`,
  );
  reader.close();
  raw.close();
  await bank.rt.close();
  report(
    profile,
    'SQLite (WAL, synchronous = NORMAL)',
    'raw better-sqlite3 INSERT',
    serviceMs,
    rawMs,
    stored,
  );
  fs.rmSync(dirA, { recursive: true, force: true });
  fs.rmSync(dirB, { recursive: true, force: true });
}

/** A CSV field as COPY reads it: null unquoted-empty, everything else quoted. */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  return `"${String(v).replaceAll('"', '""')}"`;
}

async function postgresRun(base: string, profile: Profile) {
  const suffix = crypto.randomBytes(4).toString('hex');
  const names = [`dossier_bench_ingest_${suffix}`, `dossier_bench_raw_${suffix}`];
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  for (const n of names) await admin.query(`create database ${n}`);
  const urlOf = (n: string) => {
    const u = new URL(base);
    u.pathname = `/${n}`;
    return u.toString();
  };
  try {
    const bank = await openBank({ DATABASE_URL: urlOf(names[0]!) });
    const twin = await openBank({ DATABASE_URL: urlOf(names[1]!) });
    await twin.rt.close();
    // Text as the server sends it, so the rows go back into COPY unchanged.
    const reader = new pg.Client({
      connectionString: urlOf(names[0]!),
      types: { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig,
    });
    const raw = new pg.Client({ connectionString: urlOf(names[1]!) });
    await reader.connect();
    await raw.connect();
    const cols = (await reader.query('select * from transactions limit 0')).fields
      .map((f) => f.name)
      .filter((c) => c !== 'id');
    let serviceMs = 0;
    let rawMs = 0;
    let stored = 0;
    let lastId = 0;
    for (const items of batches(profile)) {
      const t0 = performance.now();
      const r = await ingestTransactions(bank.ctx, { source: 'core_banking', transactions: items });
      serviceMs += performance.now() - t0;
      stored += r.inserted;
      const rows = (
        await reader.query({
          text: `select ${cols.join(', ')}, id from transactions where id > $1 order by id`,
          values: [lastId],
          rowMode: 'array',
        })
      ).rows as unknown[][];
      lastId = Number(rows.at(-1)!.at(-1));
      // Rows as text, ready before the clock starts: the baseline times COPY itself.
      const csv = rows.map((r) => `${r.slice(0, -1).map(csvField).join(',')}\n`).join('');
      const t1 = performance.now();
      await raw.query('begin');
      await pipeline(
        Readable.from([csv]),
        raw.query(copyFrom(`copy transactions (${cols.join(', ')}) from stdin with (format csv)`)),
      );
      await raw.query('commit');
      rawMs += performance.now() - t1;
      process.stdout.write(`\r  ${stored.toLocaleString('en')} / ${N.toLocaleString('en')}`);
    }
    await reader.end();
    await raw.end();
    await bank.rt.close();
    report(profile, 'PostgreSQL', 'COPY FROM STDIN', serviceMs, rawMs, stored);
  } finally {
    for (const n of names) await admin.query(`drop database if exists ${n} with (force)`);
    await admin.end();
  }
}

/** The same batches into a bank with the rules and one without, in turns: what judging costs. */
async function rulesCompare(profile: Profile) {
  const dirs: string[] = [];
  const pgNames: string[] = [];
  const admin = values.pg ? new pg.Client({ connectionString: values.pg }) : null;
  await admin?.connect();
  const open = async (rules: boolean) => {
    if (admin) {
      const name = `dossier_bench_rules_${crypto.randomBytes(4).toString('hex')}`;
      await admin.query(`create database ${name}`);
      pgNames.push(name);
      const u = new URL(values.pg!);
      u.pathname = `/${name}`;
      return openBank({ DATABASE_URL: u.toString() }, rules);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-rules-'));
    dirs.push(dir);
    return openBank({ DOSSIER_DATA_DIR: dir, DATABASE_URL: '' }, rules);
  };
  try {
    const on = await open(true);
    const off = await open(false);
    let onMs = 0;
    let offMs = 0;
    let stored = 0;
    let turn = 0;
    for (const items of batches(profile)) {
      // Alternate which bank goes first, so neither always meets a warmer machine.
      for (const bank of turn++ % 2 === 0 ? [on, off] : [off, on]) {
        const t0 = performance.now();
        const r = await ingestTransactions(bank.ctx, { source: 'core_banking', transactions: items });
        const ms = performance.now() - t0;
        if (bank === on) {
          onMs += ms;
          stored += r.inserted;
        } else offMs += ms;
      }
      process.stdout.write(`\r  ${stored.toLocaleString('en')} / ${N.toLocaleString('en')}`);
    }
    const alerts = await on.rt.deps.db
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await on.rt.close();
    await off.rt.close();
    const rate = (ms: number) => stored / (ms / 1000);
    console.log(
      `\n${profile}: ${stored.toLocaleString('en')} transactions on ${admin ? 'PostgreSQL' : 'SQLite'}, ${ACCOUNTS.toLocaleString('en')} accounts, booked over ${DAYS} days (the rules judge the last 181), batches of ${BATCH.toLocaleString('en')}`,
    );
    console.log(
      `  rules on (11 defaults): ${(onMs / 1000).toFixed(2)} s  ${Math.round(rate(onMs)).toLocaleString('en')} tx/s  (alerts opened: ${Number(alerts.n).toLocaleString('en')})`,
    );
    console.log(
      `  rules off:              ${(offMs / 1000).toFixed(2)} s  ${Math.round(rate(offMs)).toLocaleString('en')} tx/s`,
    );
    const ratio = offMs / onMs;
    console.log(`  ratio on/off: ${ratio.toFixed(2)}   target ≥ 0.75 → ${ratio >= 0.75 ? 'met' : 'NOT met'}`);
  } finally {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    for (const n of pgNames) await admin!.query(`drop database if exists ${n} with (force)`);
    await admin?.end();
  }
}

for (const profile of PROFILES) {
  if (values.rules === 'compare') await rulesCompare(profile);
  else if (values.pg) await postgresRun(values.pg, profile);
  else await sqliteRun(profile);
}
