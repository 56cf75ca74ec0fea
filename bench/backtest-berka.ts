/**
 * The default early-warning rules over the Berka/PKDD'99 bank (1993–98): each borrower's
 * transactions before their loan was granted, judged as they happened; then the bad-loan rate
 * (Berka status B, finished unpaid, or D, running in debt: classified doubtful / substandard on
 * import) among borrowers the rules flagged and those they did not. Writes nothing but a
 * temporary database; prints a Markdown table (docs/backtest-berka.md holds a run).
 *
 * Usage: npm run backtest:berka -- [--dir ../shared/datasets/berka]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RuleDefinition } from '@dossier/contract';
import { loadConfig } from '../apps/server/src/config.ts';
import { type Ctx, actorOf } from '../apps/server/src/core/context.ts';
import { backtest } from '../apps/server/src/features/alerts/backtest.service.ts';
import { listRuleRows } from '../apps/server/src/features/alerts/rules.repo.ts';
import { seedDemoBank } from '../apps/server/src/features/demo/demo.seed.ts';
import { BERKA_FILES, type BerkaFile } from '../apps/server/src/features/imports/imports.berka.ts';
import { importBerka } from '../apps/server/src/features/imports/imports.berka.service.ts';
import { findUserByUsername } from '../apps/server/src/features/users/users.repo.ts';
import { openRuntime } from '../apps/server/src/runtime.ts';
import { datasetDir } from '../apps/server/test/support/datasets.ts';

const { values } = parseArgs({ options: { dir: { type: 'string' } }, strict: true });
const dir = values.dir ?? datasetDir('berka');
const files: Partial<Record<BerkaFile, string>> = {};
for (const f of BERKA_FILES) files[f] = fs.readFileSync(path.join(dir, f), 'utf8');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-backtest-'));
const rt = await openRuntime(
  loadConfig({ ...process.env, LOG_LEVEL: 'silent', DOSSIER_DATA_DIR: dataDir, DATABASE_URL: '' }),
);
try {
  const now = new Date();
  await seedDemoBank(rt.deps, {
    clients: 10,
    seed: 1,
    password: 'Backtest-Password-2026',
    now,
    accounts: false,
    transactionsFor: 'none',
  });
  const admin = actorOf((await findUserByUsername(rt.deps.db, 'admin'))!);
  const ctx: Ctx = { ...rt.deps, actor: admin, now, ip: null, userAgent: 'backtest' };
  const t0 = Date.now();
  const imported = await importBerka(ctx, files, { ownerUsername: 'rm01' });
  console.error(
    `Berka imported in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify({ clients: imported.clients, accounts: imported.accounts, transactions: imported.transactions })}`,
  );

  const rules = (await listRuleRows(rt.deps.db)).map((r) => ({
    id: Number(r.id),
    version: r.version,
    definition: JSON.parse(r.definition) as RuleDefinition,
  }));
  const all = await backtest(rt.deps, rules, { beforeLoanStart: true });
  const rate = (bad: number, n: number) => (n === 0 ? '—' : `${((100 * bad) / n).toFixed(1)} %`);
  const o = all.outcomes;
  const base = (o.flaggedBad + o.unflaggedBad) / (o.flagged + o.unflagged);
  const lines: string[] = [];
  lines.push(
    `Borrowers judged: ${(o.flagged + o.unflagged).toLocaleString('en')} (transactions before their loan: ${all.transactionsJudged.toLocaleString('en')}); backtest ${all.tookMs} ms.`,
    '',
    '| | borrowers | bad loans (B or D) | bad-loan rate | lift |',
    '|---|---:|---:|---:|---:|',
    `| flagged by any default rule | ${o.flagged} | ${o.flaggedBad} | ${rate(o.flaggedBad, o.flagged)} | ${o.flagged ? (o.flaggedBad / o.flagged / base).toFixed(2) : '—'} |`,
    `| not flagged | ${o.unflagged} | ${o.unflaggedBad} | ${rate(o.unflaggedBad, o.unflagged)} | ${o.unflagged ? (o.unflaggedBad / o.unflagged / base).toFixed(2) : '—'} |`,
    `| all borrowers | ${o.flagged + o.unflagged} | ${o.flaggedBad + o.unflaggedBad} | ${rate(o.flaggedBad + o.unflaggedBad, o.flagged + o.unflagged)} | 1.00 |`,
    '',
    'Per rule (each alone, the same borrowers and windows):',
    '',
    '| rule | alerts | borrowers hit | of them bad | bad-loan rate | lift |',
    '|---|---:|---:|---:|---:|---:|',
  );
  for (const rule of rules) {
    const one = await backtest(rt.deps, [rule], { beforeLoanStart: true });
    const r = one.outcomes;
    lines.push(
      `| ${rule.definition.code} | ${one.rules[0]!.alerts} | ${r.flagged} | ${r.flaggedBad} | ${rate(r.flaggedBad, r.flagged)} | ${r.flagged ? (r.flaggedBad / r.flagged / base).toFixed(2) : '—'} |`,
    );
  }
  console.log(lines.join('\n'));
} finally {
  await rt.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
