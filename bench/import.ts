/**
 * Bulk import benchmark: a 100,000-row client CSV (generated, valid, Chinese headers) validated
 * and committed through `importClients` into a fresh SQLite bank, beside the baseline of raw
 * INSERTs of the same number of finished client rows in one transaction on the same machine.
 * Usage: npm run bench:import -- [--rows N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import type { Role } from '@dossier/contract';
import { loadConfig } from '../apps/server/src/config.ts';
import {
  createRng,
  generateCorporate,
  generateIndividual,
} from '../apps/server/src/features/demo/demo.generator.ts';
import { seedDemoBank } from '../apps/server/src/features/demo/demo.seed.ts';
import { importClients } from '../apps/server/src/features/imports/imports.service.ts';
import { findUserByUsername } from '../apps/server/src/features/users/users.repo.ts';
import { openRuntime } from '../apps/server/src/runtime.ts';

const { values } = parseArgs({ options: { rows: { type: 'string' } }, strict: true });
const N = Number(values.rows ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-import-'));
const rt = await openRuntime(
  loadConfig({ ...process.env, DOSSIER_DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' }),
);
await seedDemoBank(rt.deps, { clients: 0, seed: 5, password: 'Bench-Password-2026', now: new Date() });

// The file: what a core-banking export might look like.
const rng = createRng(77);
const now = new Date();
const ids = new Set<string>();
const codes = new Set<string>();
const rms = Array.from({ length: 3 }, (_, i) => `rm${String(i * 6 + 1).padStart(2, '0')}`); // rm01, rm07, rm13: branch 1
const lines = [
  '客户类型,姓名,证件号码,手机号码,地址,职业,年收入,风险等级,风险评估日期,客户等级,统一社会信用代码,行业代码,注册资本,法定代表人,联系人,联系人电话,客户经理',
];
for (let i = 0; i < N; i++) {
  const owner = rms[i % rms.length];
  if (rng.chance(0.2)) {
    const { profile: p, contacts } = generateCorporate(rng, now, codes);
    lines.push(
      `企业,${p.name},,,,,,,,白金,${p.creditCode},${p.industryCode},${p.registeredCapital!.minor / 100},${p.legalRepresentative},${contacts[0]!.name},${contacts[0]!.phone},${owner}`,
    );
  } else {
    const { profile: p } = generateIndividual(rng, now, ids);
    lines.push(
      `个人,${p.name},${p.idNumber},${p.mobile},${p.address},${p.occupation},${p.annualIncomeBand},${p.riskTolerance},${p.riskAssessedOn},黄金,,,,,,,${owner}`,
    );
  }
}
const csv = Buffer.from(lines.join('\n'));
const user = (await findUserByUsername(rt.deps.db, 'branch01'))!;
const ctx = {
  ...rt.deps,
  actor: {
    id: Number(user.id),
    username: user.username,
    displayName: user.display_name,
    role: user.role as Role,
    branchId: Number(user.branch_id),
    teamId: null,
  },
  now,
  ip: null,
  userAgent: 'bench',
};

const t0 = performance.now();
const report = await importClients(ctx, csv, { dryRun: false, source: 'bench', onDuplicate: 'fail' });
const importMs = performance.now() - t0;

// Baseline: the same number of finished rows, plain INSERTs in one transaction, same table.
const raw = new SQLite(path.join(dir, 'dossier.sqlite'));
const sample = raw.prepare('select * from clients order by id limit 1000').all() as Record<string, unknown>[];
const cols = Object.keys(sample[0]!).filter(
  (c) => c !== 'id' && c !== 'id_number_hash' && c !== 'credit_code',
);
const insert = raw.prepare(
  `insert into clients (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`,
);
const t1 = performance.now();
raw.transaction(() => {
  for (let i = 0; i < report.created; i++) insert.run(sample[i % sample.length]);
})();
const rawMs = performance.now() - t1;
raw.close();

console.log(
  `\nImport of ${N.toLocaleString('en')} client rows from CSV (${(csv.length / 1e6).toFixed(1)} MB) into SQLite`,
);
console.log(
  `  importClients (validate + encrypt + commit): ${(importMs / 1000).toFixed(1)} s  (${Math.round(N / (importMs / 1000)).toLocaleString('en')} rows/s)  created ${report.created}, problems ${report.problems.length}`,
);
console.log(
  `  baseline raw INSERT of ${report.created} finished rows: ${(rawMs / 1000).toFixed(1)} s   ratio ${(importMs / rawMs).toFixed(1)}x`,
);
console.log(`  target: under 60 s → ${importMs < 60_000 ? 'met' : 'NOT met'}`);
await rt.close();
fs.rmSync(dir, { recursive: true, force: true });
