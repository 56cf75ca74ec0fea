/**
 * Guarantee-circle benchmark on the generated bank (default: the 1,000,000-client database that
 * `npm run bench:search` creates under data/bench-1000000; run that first).
 *
 *   - per client: guaranteeCircleView() through the service (walk, Tarjan, scope, masking)
 *     beside the raw walk alone (prepared statements loading the same component);
 *   - whole bank: listGuaranteeCircles() beside just reading every guarantee edge.
 * Usage: npm run bench:guarantees -- [--dir DIR] [--samples N]
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { loadConfig } from '../apps/server/src/config.ts';
import type { Actor } from '../apps/server/src/core/context.ts';
import {
  guaranteeCircleView,
  listGuaranteeCircles,
} from '../apps/server/src/features/relationships/relationships.service.ts';
import { openRuntime } from '../apps/server/src/runtime.ts';

const { values } = parseArgs({
  options: { dir: { type: 'string' }, samples: { type: 'string' } },
  strict: true,
});
const dir = path.resolve(values.dir ?? 'data/bench-1000000');
const samples = Number(values.samples ?? 2000);
const rt = await openRuntime(
  loadConfig({ ...process.env, DOSSIER_DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' }),
);
const raw = new SQLite(path.join(dir, 'dossier.sqlite'), { readonly: true });

const counts = raw
  .prepare(
    "select (select count(*) from clients) as clients, (select count(*) from client_relationships where kind = 'guarantor') as guarantees",
  )
  .get() as { clients: number; guarantees: number };
const ids = (
  raw
    .prepare(
      "select distinct from_client_id as id from client_relationships where kind = 'guarantor' order by random() limit ?",
    )
    .all(samples) as { id: number }[]
).map((r) => r.id);
const user = raw
  .prepare("select id, username, display_name, role, branch_id, team_id from users where username = 'risk01'")
  .get() as {
  id: number;
  username: string;
  display_name: string;
  role: Actor['role'];
  branch_id: number | null;
  team_id: number | null;
};
const actor: Actor = {
  id: user.id,
  username: user.username,
  displayName: user.display_name,
  role: user.role,
  branchId: user.branch_id,
  teamId: user.team_id,
};
const ctx = { ...rt.deps, actor, now: new Date(), ip: null, userAgent: null };

const edgesOf = raw.prepare(
  "select from_client_id as f, to_client_id as t from client_relationships where kind = 'guarantor' and (from_client_id = ? or to_client_id = ?)",
);
/** Baseline: the same component walk with prepared statements, nothing else. */
function rawWalk(start: number): number {
  const seen = new Set([start]);
  let frontier = [start];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const v of frontier) {
      for (const e of edgesOf.all(v, v) as { f: number; t: number }[]) {
        for (const w of [e.f, e.t]) {
          if (seen.has(w)) continue;
          seen.add(w);
          next.push(w);
        }
      }
    }
    frontier = next;
  }
  return seen.size;
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
for (const id of ids.slice(0, 50)) {
  await guaranteeCircleView(ctx, id);
  rawWalk(id);
}
const svc: number[] = [];
const base: number[] = [];
let inCircle = 0;
for (const id of ids) {
  let t0 = performance.now();
  const v = await guaranteeCircleView(ctx, id);
  svc.push(performance.now() - t0);
  if (v.circle.length > 0) inCircle++;
  t0 = performance.now();
  rawWalk(id);
  base.push(performance.now() - t0);
}
console.log(
  `\nGuarantee circles on ${counts.clients.toLocaleString('en')} clients with ${counts.guarantees.toLocaleString('en')} guarantees (SQLite)`,
);
console.log(`per client (${ids.length} guarantors, ${inCircle} in a circle):`);
console.log(`  service  p50 ${pct(svc, 50).toFixed(2)} ms  p99 ${pct(svc, 99).toFixed(2)} ms`);
console.log(
  `  raw walk p50 ${pct(base, 50).toFixed(2)} ms  p99 ${pct(base, 99).toFixed(2)} ms   ratio(p50) ${(pct(svc, 50) / pct(base, 50)).toFixed(2)}x`,
);

const runs = 5;
const whole: number[] = [];
const read: number[] = [];
let found = 0;
for (let i = 0; i < runs; i++) {
  let t0 = performance.now();
  found = (await listGuaranteeCircles(ctx, 100)).total;
  whole.push(performance.now() - t0);
  t0 = performance.now();
  raw
    .prepare(
      "select from_client_id, to_client_id, amount_minor, amount_ccy from client_relationships where kind = 'guarantor'",
    )
    .all();
  read.push(performance.now() - t0);
}
console.log(`whole bank: ${found} circles found`);
console.log(`  listGuaranteeCircles  median ${pct(whole, 50).toFixed(0)} ms`);
console.log(
  `  read all edges only   median ${pct(read, 50).toFixed(0)} ms   ratio ${(pct(whole, 50) / pct(read, 50)).toFixed(2)}x`,
);
raw.close();
await rt.close();
