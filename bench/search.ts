/**
 * Typeahead search benchmark on a generated bank (default 1,000,000 clients).
 *
 * For each of several users (an RM, a team lead, a branch manager, compliance) and a mix of
 * queries people type (pinyin initials, full pinyin, Chinese name prefixes, client codes, exact
 * ID numbers, mobiles and credit codes taken from the data), it measures:
 *   - service: suggestClients() through scope, Kysely, blind indexes and presentation;
 *   - raw:     the same index lookups as hand-written prepared statements on the driver.
 * Both run in the same process on the same database, interleaved, so the ratio holds on a noisy
 * machine. Usage: npm run bench:search -- [--clients N] [--queries Q] [--dir DIR]
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { loadConfig } from '../apps/server/src/config.ts';
import type { Actor } from '../apps/server/src/core/context.ts';
import { clientScope } from '../apps/server/src/core/policy.ts';
import { progressBar } from '../apps/server/src/cli/progress.ts';
import { blindKey } from '../apps/server/src/features/clients/clients.profile.ts';
import { formatClientCode } from '../apps/server/src/features/clients/clients.present.ts';
import { searchTermsOf, suggestClients } from '../apps/server/src/features/clients/clients.service.ts';
import { countClients } from '../apps/server/src/features/clients/clients.repo.ts';
import { createRng } from '../apps/server/src/features/demo/demo.generator.ts';
import { seedDemoBank } from '../apps/server/src/features/demo/demo.seed.ts';
import { openRuntime } from '../apps/server/src/runtime.ts';

const { values } = parseArgs({
  options: { clients: { type: 'string' }, queries: { type: 'string' }, dir: { type: 'string' } },
  strict: true,
});
const N = Number(values.clients ?? 1_000_000);
const Q = Number(values.queries ?? 2000);
const dir = path.resolve(values.dir ?? `data/bench-${N}`);
fs.mkdirSync(dir, { recursive: true });

const config = {
  ...loadConfig({ ...process.env, DOSSIER_DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' }),
};
const rt = await openRuntime(config);
if ((await countClients(rt.deps.db)) === 0) {
  const bar = progressBar(`Generating ${N} clients`);
  const t0 = performance.now();
  await seedDemoBank(rt.deps, {
    clients: N,
    seed: 1,
    password: 'Bench-Password-2026',
    now: new Date('2026-11-01T00:00:00Z'),
    // Search needs the clients only; their money would take longer than the clients themselves.
    accounts: false,
    onProgress: (d, t) => bar.update(d, t),
  });
  bar.done();
  console.log(`seeded ${N} clients in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const total = await countClients(rt.deps.db);

// Raw driver on the same file, read-only, for the baseline.
const raw = new SQLite(path.join(dir, 'dossier.sqlite'), { readonly: true });
raw.pragma('cache_size = -65536');

type Row = {
  id: number;
  name: string;
  name_pinyin: string;
  name_initials: string;
  id_number_enc: string | null;
  mobile_enc: string | null;
  credit_code: string | null;
};
const sampleIds = new Set<number>();
const rng = createRng(42);
while (sampleIds.size < Math.min(Q, total)) sampleIds.add(rng.int(1, total));
const sample = raw
  .prepare(
    `select id, name, name_pinyin, name_initials, id_number_enc, mobile_enc, credit_code from clients where id in (${[...sampleIds].join(',')})`,
  )
  .all() as Row[];

/** What people type: a mix weighted towards pinyin initials and name prefixes. */
const queries: string[] = sample.map((r, i) => {
  switch (i % 8) {
    case 0:
    case 1:
      return r.name_initials.slice(0, 2 + (i % 2));
    case 2:
      return r.name_pinyin.slice(0, 4 + (i % 3));
    case 3:
      return [...r.name].slice(0, 2).join('');
    case 4:
      return formatClientCode(r.id);
    case 5:
      return r.id_number_enc ? rt.deps.vault.decrypt(r.id_number_enc) : (r.credit_code ?? r.name_initials);
    case 6:
      return r.mobile_enc ? rt.deps.vault.decrypt(r.mobile_enc) : (r.credit_code ?? r.name_initials);
    default:
      return r.name_initials.slice(0, 1) + r.name_pinyin.slice(1, 2);
  }
});

const userRow = (username: string) =>
  raw
    .prepare('select id, username, display_name, role, branch_id, team_id from users where username = ?')
    .get(username) as {
    id: number;
    username: string;
    display_name: string;
    role: Actor['role'];
    branch_id: number | null;
    team_id: number | null;
  };
const actors: Actor[] = ['rm01', 'lead01', 'branch01', 'compliance01'].map((u) => {
  const r = userRow(u);
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    branchId: r.branch_id,
    teamId: r.team_id,
  };
});

/** The same lookups as the service, as plain prepared statements. */
function rawSuggest(actor: Actor, q: string, limit: number): number {
  const scope = clientScope(actor);
  // The same conditions the service's scope filter writes, live (not merged) files only.
  const scoped =
    scope.kind === 'own'
      ? '(owner_id = @me or id in (select client_id from client_co_servicers where user_id = @me))'
      : scope.kind === 'team'
        ? 'team_id = @team'
        : scope.kind === 'branch'
          ? 'branch_id = @branch'
          : '1 = 1';
  const where = `merged_into is null and ${scoped}`;
  const params = { me: actor.id, team: actor.teamId, branch: actor.branchId };
  const t = searchTermsOf(q, rt.deps.vault);
  const seen = new Set<number>();
  const run = (sqlText: string, extra: Record<string, unknown>) => {
    for (const r of stmt(`select id, kind, name, tier from clients where ${where} and ${sqlText}`).all({
      ...params,
      ...extra,
    }) as { id: number }[]) {
      if (seen.size < limit) seen.add(r.id);
    }
  };
  if (t.clientId) run('id = @v', { v: t.clientId });
  if (t.idNumberHash && seen.size < limit) run('id_number_hash = @v', { v: t.idNumberHash });
  if (t.mobileHash && seen.size < limit) run(`mobile_hash = @v limit ${limit}`, { v: t.mobileHash });
  if (t.creditCode && seen.size < limit) run('credit_code = @v', { v: t.creditCode });
  const range = (col: string, p: string) =>
    run(`${col} >= @lo and ${col} < @hi order by ${col} limit ${limit}`, { lo: p, hi: `${p}\u{10FFFF}` });
  if (t.name && seen.size < limit) range('name', t.name);
  if (t.pinyin && seen.size < limit) range('name_initials', t.pinyin);
  if (t.pinyin && seen.size < limit) range('name_pinyin', t.pinyin);
  return seen.size;
}
const stmts = new Map<string, SQLite.Statement>();
function stmt(s: string): SQLite.Statement {
  let st = stmts.get(s);
  if (!st) {
    st = raw.prepare(s);
    stmts.set(s, st);
  }
  return st;
}
void blindKey;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

console.log(
  `\nTypeahead search on ${total.toLocaleString('en')} clients (SQLite, ${queries.length} queries per user, limit 10)`,
);
console.log('user          scope    service p50   p99      raw p50   p99      p99 gap  ratio(p50)');
// Warm both paths once.
for (const a of actors)
  for (const q of queries.slice(0, 50)) {
    await suggestClients({ ...rt.deps, actor: a, now: new Date(), ip: null, userAgent: null }, q, 10);
    rawSuggest(a, q, 10);
  }
let worstP99 = 0;
let worstGap = 0;
for (const actor of actors) {
  const ctx = { ...rt.deps, actor, now: new Date(), ip: null, userAgent: null };
  const svc: number[] = [];
  const base: number[] = [];
  for (const q of queries) {
    let t0 = performance.now();
    await suggestClients(ctx, q, 10);
    svc.push(performance.now() - t0);
    t0 = performance.now();
    rawSuggest(actor, q, 10);
    base.push(performance.now() - t0);
  }
  const [s50, s99, r50, r99] = [pct(svc, 50), pct(svc, 99), pct(base, 50), pct(base, 99)];
  worstP99 = Math.max(worstP99, s99);
  worstGap = Math.max(worstGap, s99 - r99);
  console.log(
    `${actor.username.padEnd(13)} ${clientScope(actor).kind.padEnd(8)} ${s50.toFixed(2).padStart(7)} ms ${s99.toFixed(2).padStart(6)} ms  ${r50.toFixed(2).padStart(6)} ms ${r99.toFixed(2).padStart(6)} ms  ${(s99 - r99).toFixed(2).padStart(6)} ms  ${(s50 / r50).toFixed(2)}x`,
  );
}
console.log(
  `\nworst service p99 ${worstP99.toFixed(2)} ms (target ≤ 50 ms); worst p99 gap over raw ${worstGap.toFixed(2)} ms (target ≤ 5 ms)`,
);
raw.close();
await rt.close();
