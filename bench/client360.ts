/**
 * Client page benchmark: the API calls behind a client's page (profile, accounts, the first page
 * of transactions, a filtered page, the finance summary) on a generated bank of 1,000,000 clients
 * and 50,000,000 transactions at `--scale 1`, including the largest clients (100,000+
 * transactions each at scale 1).
 *
 * The data is built through the app's own paths: clients by the demo generator, accounts by
 * `importAccounts` and transactions by `ingestTransactions` in batches of 10,000 as an admin
 * backfill (time-ordered, as a core system sends them), so balances and rollups are exactly what
 * the app keeps. The load rate is printed; the database is kept under `data/bench-client360-…`
 * and reused by later runs (`--rebuild` builds it again).
 *
 * Each call is measured two ways, interleaved on the same database in the same process:
 *   - service: the service function with a real ctx (the client's RM as actor), as the route
 *     handler calls it: scope check, Kysely, decryption, masking, shaping;
 *   - raw:     the very SQL statements that call issued (captured from Kysely, same parameters),
 *     as better-sqlite3 prepared statements on a read-only connection, rows read, nothing shaped.
 * Typical clients (random) and the largest clients are reported apart.
 *
 * Usage: npm run bench:client360 -- [--scale S] [--samples N] [--repeat R] [--rebuild] [--dir DIR]
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { type KyselyPlugin, type QueryResult, type RootOperationNode, type UnknownRow, sql } from 'kysely';
import type { AccountBatch, TransactionCategory, TransactionItem } from '@dossier/contract';
import { progressBar } from '../apps/server/src/cli/progress.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { type Actor, type Ctx, actorOf } from '../apps/server/src/core/context.ts';
import type { Db } from '../apps/server/src/db/dialect.ts';
import { importAccounts, listClientAccounts } from '../apps/server/src/features/accounts/accounts.service.ts';
import { getClient } from '../apps/server/src/features/clients/clients.service.ts';
import { GIVEN_MALE, SURNAMES } from '../apps/server/src/features/demo/demo.data.ts';
import { createRng } from '../apps/server/src/features/demo/demo.generator.ts';
import { seedDemoBank } from '../apps/server/src/features/demo/demo.seed.ts';
import { financeSummary } from '../apps/server/src/features/transactions/finance.service.ts';
import {
  ingestTransactions,
  listClientTransactions,
} from '../apps/server/src/features/transactions/transactions.service.ts';
import { findUserByUsername } from '../apps/server/src/features/users/users.repo.ts';
import { addDays, bankDay } from '../apps/server/src/finance/ledger.ts';
import { openRuntime } from '../apps/server/src/runtime.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string' },
    samples: { type: 'string' },
    repeat: { type: 'string' },
    rebuild: { type: 'boolean' },
    dir: { type: 'string' },
    pg: { type: 'string' },
  },
  strict: true,
});
const SCALE = Number(values.scale ?? 1);
if (!(SCALE > 0)) throw new Error('--scale must be a positive number');
const CLIENTS = Math.max(100, Math.round(1_000_000 * SCALE));
const TRANSACTIONS = Math.max(10_000, Math.round(50_000_000 * SCALE));
/** The largest clients: 20 at scale 1, at least 5. */
const LARGEST = Math.max(5, Math.round(20 * SCALE));
/** Random typical clients measured, and how often each largest client is measured. */
const SAMPLES = Number(values.samples ?? 300);
const REPEAT = Number(values.repeat ?? Math.max(4, Math.ceil(100 / LARGEST)));
const BATCH = 10_000;
/** The bank's clock: fixed, so a rebuilt database is the same one. Two years of history end here. */
const NOW = new Date('2026-11-28T08:00:00Z');
const HISTORY_DAYS = 730;
const PG = values.pg ?? null;
const dir = path.resolve(values.dir ?? `data/bench-client360-${PG ? 'pg-' : ''}${SCALE}`);
const builtFile = path.join(dir, 'built.json');

/** What the build leaves beside the database: sizes, timings and the largest clients' ids. */
type Built = {
  scale: number;
  clients: number;
  accounts: number;
  transactions: number;
  largest: { clientId: number; transactions: number }[];
  typicalPerClient: { p50: number; p90: number; p99: number; max: number };
  seconds: { clients: number; accounts: number; transactions: number };
  /** CPU seconds of this process while ingesting: the rate on a machine shared with others. */
  transactionsCpuSeconds: number;
  /** tx/s over each tenth of the load: how the rate holds as the database grows. */
  rateByTenth: number[];
};

// PostgreSQL: a database of its own per scale; the data dir keeps its master key and built.json.
const pgName = `dossier_bench_client360_${String(SCALE).replace(/\W/g, '_')}`;
const pgUrl = (() => {
  if (!PG) return '';
  const u = new URL(PG);
  u.pathname = `/${pgName}`;
  return u.toString();
})();
if (PG) {
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [pgName])).rowCount === 1;
  if (values.rebuild || !exists || !fs.existsSync(builtFile)) {
    fs.rmSync(dir, { recursive: true, force: true });
    await admin.query(`drop database if exists ${pgName} with (force)`);
    await admin.query(`create database ${pgName}`);
  }
  await admin.end();
}
if (values.rebuild) fs.rmSync(dir, { recursive: true, force: true });
if (fs.existsSync(dir) && !fs.existsSync(builtFile)) {
  console.log(`${dir} holds an unfinished build: building again`);
  fs.rmSync(dir, { recursive: true, force: true });
}
fs.mkdirSync(dir, { recursive: true });

const config = loadConfig({
  ...process.env,
  DOSSIER_DATA_DIR: dir,
  DATABASE_URL: pgUrl,
  LOG_LEVEL: 'silent',
});
const rt = await openRuntime(config);
const reuse = fs.existsSync(builtFile);
if (reuse) console.log(`Reusing the database built in ${dir} (--rebuild builds it again)`);
const built: Built = reuse ? (JSON.parse(fs.readFileSync(builtFile, 'utf8')) as Built) : await build();

// ---------------------------------------------------------------------------------------------
// Build
// ---------------------------------------------------------------------------------------------

function accountNo(ordinal: number): string {
  return `6222${String(ordinal).padStart(15, '0')}`;
}

function pct(xs: ArrayLike<number>, p: number): number {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

async function build(): Promise<Built> {
  const rng = createRng(360);
  console.log(
    `Building the bank at scale ${SCALE}: ${CLIENTS.toLocaleString('en')} clients, ${TRANSACTIONS.toLocaleString('en')} transactions, ${LARGEST} largest clients`,
  );

  // 1. Clients: the demo generator, without its money (ours follows through the batch paths).
  let t0 = performance.now();
  let bar = progressBar(`Generating ${CLIENTS.toLocaleString('en')} clients`);
  await seedDemoBank(rt.deps, {
    clients: CLIENTS,
    seed: 360,
    password: 'Bench-Password-2026',
    now: NOW,
    accounts: false,
    transactionsFor: 'none',
    onProgress: (d, t) => bar.update(d, t),
  });
  bar.done();
  const clientSeconds = (performance.now() - t0) / 1000;
  console.log(
    `  clients: ${clientSeconds.toFixed(1)} s (${Math.round(CLIENTS / clientSeconds).toLocaleString('en')}/s)`,
  );

  const admin = actorOf((await findUserByUsername(rt.deps.db, 'admin'))!);
  const ctx: Ctx = { ...rt.deps, actor: admin, now: NOW, ip: null, userAgent: 'bench-client360' };
  const clientIds = (await rt.deps.db.selectFrom('clients').select('id').orderBy('id').execute()).map((c) =>
    Number(c.id),
  );
  // The largest clients, spread over the id range.
  const largestIdx = Array.from({ length: LARGEST }, (_, i) =>
    Math.floor(((i + 0.5) * clientIds.length) / LARGEST),
  );
  const largestSet = new Set(largestIdx);

  // 2. Accounts: a demand deposit for everyone (it carries the transactions; the largest clients
  // have four), and for some a card, a loan, an investment. Balances stated the day before the
  // history starts, so every transaction that follows moves them.
  const historyStart = new Date(NOW.getTime() - HISTORY_DAYS * 86_400_000);
  const statedAt = new Date(historyStart.getTime() - 86_400_000).toISOString();
  const depositOwner: number[] = []; // deposit ordinal → client index
  const depositOrdinal: number[] = []; // deposit ordinal → account ordinal (its number)
  const stated: number[] = []; // deposit ordinal → its stated balance
  let ordinal = 0;
  t0 = performance.now();
  bar = progressBar('Registering accounts');
  let pending: AccountBatch['accounts'] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    await importAccounts(ctx, { source: 'core_banking', accounts: pending });
    pending = [];
  };
  const add = async (a: AccountBatch['accounts'][number]) => {
    pending.push(a);
    if (pending.length === 1000) await flush();
  };
  const opened = () => `20${rng.int(10, 23)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`;
  for (let c = 0; c < clientIds.length; c++) {
    const clientId = clientIds[c]!;
    const common = (kind: AccountBatch['accounts'][number]['kind'], productName: string) => {
      const o = ordinal++;
      return {
        clientId,
        kind,
        productName,
        accountNo: accountNo(o),
        currency: 'CNY',
        status: 'active' as const,
        openedOn: opened(),
        externalId: `A${String(o).padStart(10, '0')}`,
        balanceAsOf: statedAt,
      };
    };
    for (let k = 0; k < (largestSet.has(c) ? 4 : 1); k++) {
      depositOwner.push(c);
      depositOrdinal.push(ordinal);
      stated.push(rng.int(100_000, 50_000_000));
      await add({ ...common('demand_deposit', '活期储蓄'), balanceMinor: stated.at(-1)!, rateBp: 25 });
    }
    if (rng.chance(0.35))
      await add({
        ...common('credit_card', '白金信用卡'),
        balanceMinor: rng.int(0, 2_000_000),
        limitMinor: 5_000_000,
      });
    if (rng.chance(0.12) || largestSet.has(c))
      await add({
        ...common('loan', largestSet.has(c) ? '流动资金贷款' : '个人住房贷款'),
        balanceMinor: rng.int(10_000_000, 300_000_000),
        rateBp: 385,
        principalMinor: 300_000_000,
        maturityOn: '2045-06-30',
        termMonths: 360,
        classification: 'normal',
      });
    if (rng.chance(0.2))
      await add({
        ...common('investment', '稳健理财'),
        balanceMinor: rng.int(1_000_000, 100_000_000),
        assetClass: rng.pick(['wealth_management', 'fund', 'insurance', 'bond'] as const),
        riskLevel: rng.pick(['R1', 'R2', 'R3'] as const),
      });
    if (c % 1000 === 999) bar.update(c + 1, clientIds.length);
  }
  await flush();
  bar.done();
  const accountSeconds = (performance.now() - t0) / 1000;
  const accounts = ordinal;
  console.log(
    `  accounts: ${accounts.toLocaleString('en')} in ${accountSeconds.toFixed(1)} s (${Math.round(accounts / accountSeconds).toLocaleString('en')}/s through importAccounts)`,
  );

  // 3. Transactions. Each deposit gets an expected count: the largest clients 100,000 to 250,000
  // each (at most 40 % of all transactions between them, at small scales), the rest skewed
  // (log-normal: most clients few, a long tail many). The stream is time-ordered over two years.
  const perLargest = (i: number) =>
    Math.min(100_000 + (150_000 * i) / Math.max(1, LARGEST - 1), (0.4 * TRANSACTIONS) / LARGEST);
  const largestTotal = largestIdx.reduce((s, _, i) => s + perLargest(i), 0);
  const weights = new Float64Array(depositOwner.length);
  let typicalWeight = 0;
  for (let d = 0; d < weights.length; d++) {
    if (largestSet.has(depositOwner[d]!)) continue;
    const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    weights[d] = Math.exp(1.5 * z);
    typicalWeight += weights[d]!;
  }
  const cumulative = new Float64Array(weights.length);
  let acc = 0;
  for (let d = 0; d < weights.length; d++) {
    const owner = depositOwner[d]!;
    const w = largestSet.has(owner)
      ? perLargest(largestIdx.indexOf(owner)) / 4
      : ((TRANSACTIONS - largestTotal) * weights[d]!) / typicalWeight;
    acc += w;
    cumulative[d] = acc;
  }
  const pickDeposit = (u: number) => {
    let lo = 0;
    let hi = cumulative.length - 1;
    const x = u * acc;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const balances = Float64Array.from(stated);
  const counterparties = Array.from({ length: 40_000 }, (_, i) => ({
    name: `${rng.pick(SURNAMES)}${rng.pick(GIVEN_MALE)}`,
    account: `6217${String(i).padStart(15, '0')}`,
  }));
  const credits: TransactionCategory[] = [
    'salary',
    'transfer_in',
    'investment_redemption',
    'cash_deposit',
    'interest',
  ];
  const debits: TransactionCategory[] = [
    'consumption',
    'consumption',
    'consumption',
    'transfer_out',
    'loan_repayment',
    'fee',
    'cash_withdrawal',
    'investment_purchase',
  ];
  const perDeposit = new Uint32Array(depositOwner.length);
  const step = (HISTORY_DAYS * 86_400_000 - 60_000) / TRANSACTIONS;
  t0 = performance.now();
  bar = progressBar(`Ingesting ${TRANSACTIONS.toLocaleString('en')} transactions`);
  const cpu0 = process.cpuUsage();
  let stored = 0;
  let projected = false;
  const rateByTenth: number[] = [];
  let tenthAt = t0;
  let tenthFrom = 0;
  for (let from = 0; from < TRANSACTIONS; from += BATCH) {
    const items: TransactionItem[] = [];
    for (let i = from; i < Math.min(TRANSACTIONS, from + BATCH); i++) {
      const d = pickDeposit(rng.next());
      perDeposit[d]! += 1;
      const balance = balances[d]!;
      const credit = balance < 200_000 || rng.chance(0.47);
      const amount = rng.int(
        100,
        credit ? 3_000_000 : Math.max(100, Math.min(2_000_000, Math.floor(balance / 2))),
      );
      balances[d] = balance + (credit ? amount : -amount);
      const category = rng.pick(credit ? credits : debits);
      const cp =
        category === 'interest' || category === 'fee' || !rng.chance(0.75)
          ? null
          : counterparties[Math.floor(counterparties.length * rng.next() ** 3)]!;
      const bookedAt = new Date(historyStart.getTime() + Math.floor(i * step)).toISOString();
      items.push({
        externalId: `T${String(i).padStart(11, '0')}`,
        accountNo: accountNo(depositOrdinal[d]!),
        bookedAt,
        amountMinor: amount,
        direction: credit ? 'credit' : 'debit',
        currency: 'CNY',
        channel:
          category === 'consumption'
            ? rng.pick(['pos', 'mobile', 'online'] as const)
            : rng.pick(['mobile', 'online', 'transfer', 'counter', 'atm'] as const),
        category,
        ...(category === 'consumption'
          ? { merchantCategory: rng.pick(['5411', '5812', '5541', '5999']) }
          : {}),
        ...(cp ? { counterpartyName: cp.name, counterpartyAccount: cp.account } : {}),
        balanceAfterMinor: balances[d]!,
      });
    }
    const r = await ingestTransactions(ctx, { source: 'core_banking', transactions: items });
    stored += r.inserted;
    bar.update(stored, TRANSACTIONS);
    if (stored - tenthFrom >= TRANSACTIONS / 10 || stored === TRANSACTIONS) {
      const t = performance.now();
      rateByTenth.push(Math.round((stored - tenthFrom) / ((t - tenthAt) / 1000)));
      tenthAt = t;
      tenthFrom = stored;
    }
    const elapsed = (performance.now() - t0) / 1000;
    if (!projected && (elapsed > 60 || stored >= TRANSACTIONS / 20) && stored < TRANSACTIONS) {
      projected = true;
      const rate = stored / elapsed;
      const full = 50_000_000 / rate / 60;
      process.stderr.write('\n');
      console.log(
        `  early load rate ${Math.round(rate).toLocaleString('en')} tx/s: this scale needs ≥ ${(TRANSACTIONS / rate / 60).toFixed(1)} min, scale 1 (50,000,000) ≥ ${full.toFixed(0)} min${full > 40 ? ' — more than 40 min on this machine; choose a smaller --scale' : ''} (lower bounds: the rate falls as the database grows)`,
      );
    }
  }
  bar.done();
  const txSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const txCpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    `  transactions: ${stored.toLocaleString('en')} in ${txSeconds.toFixed(1)} s (${Math.round(stored / txSeconds).toLocaleString('en')} tx/s through ingestTransactions, batches of ${BATCH.toLocaleString('en')}; ${txCpuSeconds.toFixed(0)} CPU s)`,
  );
  await rt.deps.dialect.refreshStatistics(rt.deps.db);

  const perClient = new Map<number, number>();
  for (const [d, c] of depositOwner.entries()) perClient.set(c, (perClient.get(c) ?? 0) + perDeposit[d]!);
  const typical = [...perClient].filter(([c]) => !largestSet.has(c)).map(([, n]) => n);
  const result: Built = {
    scale: SCALE,
    clients: clientIds.length,
    accounts,
    transactions: stored,
    largest: largestIdx.map((c) => ({ clientId: clientIds[c]!, transactions: perClient.get(c) ?? 0 })),
    typicalPerClient: {
      p50: pct(typical, 50),
      p90: pct(typical, 90),
      p99: pct(typical, 99),
      max: Math.max(...typical),
    },
    seconds: { clients: clientSeconds, accounts: accountSeconds, transactions: txSeconds },
    transactionsCpuSeconds: txCpuSeconds,
    rateByTenth,
  };
  fs.writeFileSync(builtFile, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Measure
// ---------------------------------------------------------------------------------------------

type Captured = { sql: string; parameters: readonly unknown[] };

/** Records the SQL each query compiles to (the same compiler, the same plugins), passing it on. */
function capturing(db: Db, into: Captured[]): Db {
  const plugin: KyselyPlugin = {
    transformQuery(args): RootOperationNode {
      const q = db.getExecutor().compileQuery(args.node, args.queryId);
      into.push({ sql: q.sql, parameters: q.parameters });
      return args.node;
    },
    async transformResult(args): Promise<QueryResult<UnknownRow>> {
      return args.result;
    },
  };
  return db.withPlugin(plugin);
}

/**
 * The baseline's driver. SQLite: better-sqlite3 on the same file, read-only, prepared statements
 * kept by SQL text. PostgreSQL: one pg client, the SQL text and values as Kysely sends them.
 */
type Raw = { run(queries: readonly Captured[]): number | Promise<number>; close(): Promise<void> };
async function openRaw(): Promise<Raw> {
  if (PG) {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    return {
      async run(queries) {
        let rows = 0;
        for (const q of queries) rows += (await client.query(q.sql, q.parameters as unknown[])).rows.length;
        return rows;
      },
      close: () => client.end(),
    };
  }
  const db = new SQLite(path.join(dir, 'dossier.sqlite'), { readonly: true });
  db.pragma('cache_size = -65536');
  const stmts = new Map<string, SQLite.Statement>();
  return {
    run(queries) {
      let rows = 0;
      for (const q of queries) {
        let st = stmts.get(q.sql);
        if (!st) {
          st = db.prepare(q.sql);
          stmts.set(q.sql, st);
        }
        rows += (st.all(...q.parameters) as unknown[]).length;
      }
      return rows;
    },
    close: async () => {
      db.close();
    },
  };
}
if (PG) {
  // A serving database has had autovacuum's pass over all but its newest rows (every 100,000
  // inserts, migration 2026-11-29-10), so its counts are index-only. Wait for that pass (at most
  // 2 minutes); where autovacuum is off, run the same VACUUM here and say so.
  const t = performance.now();
  const on =
    (await sql<{ autovacuum: string }>`show autovacuum`.execute(rt.deps.db)).rows[0]!.autovacuum === 'on';
  const pending = async () =>
    Number(
      (
        await sql<{
          n: string;
        }>`select n_ins_since_vacuum as n from pg_stat_user_tables where relname = 'transactions'`.execute(
          rt.deps.db,
        )
      ).rows[0]?.n ?? 0,
    );
  while (on && (await pending()) > 100_000 && performance.now() - t < 120_000)
    await new Promise((done) => setTimeout(done, 5000));
  const left = await pending();
  if (!on && left > 100_000) {
    await sql`vacuum (analyze) transactions`.execute(rt.deps.db);
    console.log(
      `  autovacuum is off on this server: ran VACUUM (ANALYZE) transactions as it would have (${left.toLocaleString('en')} rows since the last pass, ${((performance.now() - t) / 1000).toFixed(0)} s)`,
    );
  } else if (left > 100_000)
    console.log(
      `  autovacuum has not caught up after 2 min: ${left.toLocaleString('en')} rows since its last pass`,
    );
}
const raw = await openRaw();
const runRaw = async (queries: readonly Captured[]) => {
  // SQLite's baseline is synchronous: no promise, no tick of the event loop.
  const r = raw.run(queries);
  if (typeof r !== 'number') await r;
};

const today = bankDay(NOW.toISOString());
type Call = { name: string; run: (ctx: Ctx, clientId: number) => Promise<unknown> };
const calls: Call[] = [
  { name: 'GET /clients/:id', run: (ctx, id) => getClient(ctx, id) },
  { name: 'GET …/accounts', run: (ctx, id) => listClientAccounts(ctx, id) },
  {
    name: 'GET …/transactions p1',
    run: (ctx, id) => listClientTransactions(ctx, id, { page: 1, pageSize: 20 }),
  },
  {
    name: 'GET …/transactions filt.',
    // The filter people reach for: spending over the last three months.
    run: (ctx, id) =>
      listClientTransactions(ctx, id, {
        category: 'consumption',
        from: addDays(today, -90),
        to: today,
        page: 1,
        pageSize: 20,
      }),
  },
  { name: 'GET …/finance', run: (ctx, id) => financeSummary(ctx, id) },
];

const userRows = await rt.deps.db
  .selectFrom('users')
  .select(['id', 'username', 'display_name', 'role', 'branch_id', 'team_id'])
  .execute();
const actors = new Map<number, Actor>(userRows.map((u) => [Number(u.id), actorOf(u)]));
const ownerOf = async (id: number) =>
  Number(
    (await rt.deps.db.selectFrom('clients').select('owner_id').where('id', '=', id).executeTakeFirstOrThrow())
      .owner_id,
  );
const maxId = Number(
  (
    await rt.deps.db
      .selectFrom('clients')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirstOrThrow()
  ).m,
);
const largestIds = new Set(built.largest.map((l) => l.clientId));

type Sample = { clientId: number; ctx: Ctx; sql: Captured[][] };
async function sampleOf(clientId: number): Promise<Sample> {
  const actor = actors.get(await ownerOf(clientId))!;
  const ctx: Ctx = { ...rt.deps, actor, now: NOW, ip: null, userAgent: 'bench-client360' };
  const sqlOf: Captured[][] = [];
  for (const call of calls) {
    const into: Captured[] = [];
    await call.run({ ...ctx, db: capturing(rt.deps.db, into) }, clientId);
    sqlOf.push(into);
  }
  return { clientId, ctx, sql: sqlOf };
}

const pick = createRng(7);
const typicalIds = new Set<number>();
while (typicalIds.size < Math.min(SAMPLES, built.clients - LARGEST)) {
  const id = pick.int(1, maxId);
  if (!largestIds.has(id)) typicalIds.add(id);
}
const typical: Sample[] = [];
for (const id of typicalIds) typical.push(await sampleOf(id));
const largest: Sample[] = [];
for (const l of built.largest) largest.push(await sampleOf(l.clientId));

type Times = { service: number[]; raw: number[] };
const timesOf = () => calls.map((): Times => ({ service: [], raw: [] }));
async function measure(samples: Sample[], rounds: number, into: Times[]) {
  for (let r = 0; r < rounds; r++)
    for (const [si, s] of samples.entries())
      for (const [ci, call] of calls.entries()) {
        // Alternate which goes first, so neither always finds the cache the other warmed.
        const order = (si + r + ci) % 2 === 0 ? ['service', 'raw'] : ['raw', 'service'];
        for (const which of order) {
          const t0 = performance.now();
          if (which === 'service') await call.run(s.ctx, s.clientId);
          else await runRaw(s.sql[ci]!);
          into[ci]![which as keyof Times].push(performance.now() - t0);
        }
      }
}

// Warm both paths (statement caches, the pages of the indexes at the top) before the clock runs.
await measure(typical.slice(0, 20), 1, timesOf());
await measure(largest.slice(0, 2), 1, timesOf());
const typicalTimes = timesOf();
const largestTimes = timesOf();
await measure(typical, 1, typicalTimes);
await measure(largest, REPEAT, largestTimes);

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const f = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)).padStart(6);
const txs = built.largest.map((l) => l.transactions);
console.log(
  `\nClient page on ${built.clients.toLocaleString('en')} clients, ${built.accounts.toLocaleString('en')} accounts, ${built.transactions.toLocaleString('en')} transactions (${PG ? 'PostgreSQL' : 'SQLite'}, scale ${built.scale})`,
);
console.log(
  `  built: clients ${built.seconds.clients.toFixed(0)} s, accounts ${built.seconds.accounts.toFixed(0)} s, transactions ${built.seconds.transactions.toFixed(0)} s = ${Math.round(built.transactions / built.seconds.transactions).toLocaleString('en')} tx/s through ingestTransactions${built.transactionsCpuSeconds ? ` (${Math.round(built.transactions / built.transactionsCpuSeconds).toLocaleString('en')} per CPU second of this process; the machine is shared)` : ''}`,
);
if (built.rateByTenth)
  console.log(
    `  load rate by tenth of the load: ${built.rateByTenth.map((r) => r.toLocaleString('en')).join(', ')} tx/s`,
  );
const fullLoad = 50_000_000 / (built.transactions / built.seconds.transactions) / 60;
console.log(
  `  at this rate scale 1 (50,000,000 transactions) would take ≥ ${fullLoad.toFixed(0)} min to load${fullLoad > 40 ? ': more than 40 min on this machine, hence --scale' : ''}`,
);
console.log(
  `  transactions per typical client: p50 ${built.typicalPerClient.p50}, p90 ${built.typicalPerClient.p90}, p99 ${built.typicalPerClient.p99}, max ${built.typicalPerClient.max}; ${built.largest.length} largest clients: ${Math.min(...txs).toLocaleString('en')}–${Math.max(...txs).toLocaleString('en')} each`,
);
if (PG) {
  const v = await sql<{
    visible: number;
    pages: number;
  }>`select relallvisible as visible, relpages as pages from pg_class where relname = 'transactions'`.execute(
    rt.deps.db,
  );
  const { visible, pages } = v.rows[0]!;
  console.log(
    `  transactions heap pages all-visible (index-only counts): ${((100 * Number(visible)) / Math.max(1, Number(pages))).toFixed(0)} %`,
  );
}
console.log(
  `  samples: ${typical.length} random typical clients once, ${largest.length} largest clients × ${REPEAT}; actor: the client's RM\n`,
);
console.log(
  `${'call'.padEnd(26)}${'clients'.padEnd(9)}${'service ms: p50    p95    p99    max'.padEnd(38)}${'raw same SQL: p50    p95    p99    max'.padEnd(41)}ratio p50  p95`,
);
const misses: string[] = [];
for (const [label, times] of [
  ['typical', typicalTimes],
  ['largest', largestTimes],
] as const) {
  for (const [ci, call] of calls.entries()) {
    const t = times[ci]!;
    const [s50, s95, s99, smax] = [
      pct(t.service, 50),
      pct(t.service, 95),
      pct(t.service, 99),
      Math.max(...t.service),
    ];
    const [r50, r95, r99, rmax] = [pct(t.raw, 50), pct(t.raw, 95), pct(t.raw, 99), Math.max(...t.raw)];
    if (s95 > 100 || s99 > 250)
      misses.push(`${call.name} (${label}): p95 ${f(s95).trim()} ms, p99 ${f(s99).trim()} ms`);
    console.log(
      `${call.name.padEnd(26)}${label.padEnd(9)}${' '.repeat(11)}${f(s50)} ${f(s95)} ${f(s99)} ${f(smax)}${' '.repeat(17)}${f(r50)} ${f(r95)} ${f(r99)} ${f(rmax)}    ${(s50 / r50).toFixed(2).padStart(5)} ${(s95 / r95).toFixed(2).padStart(5)}`,
    );
  }
}
console.log(
  `\ntarget per call: service p95 ≤ 100 ms and p99 ≤ 250 ms → ${misses.length === 0 ? 'met by every call, typical and largest clients' : `NOT met by:\n  ${misses.join('\n  ')}`}`,
);
await raw.close();
await rt.close();
