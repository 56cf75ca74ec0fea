import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/features/auth/passwords.ts';

const BIN = path.resolve(import.meta.dirname, '../bin/dossier.mjs');
const dirs: string[] = [];

function dossier(dataDir: string, args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: {
      ...process.env,
      DOSSIER_DATA_DIR: dataDir,
      DATABASE_URL: '',
      DOSSIER_DEMO_PASSWORD: 'Cli-Demo-Password-1',
      LOG_LEVEL: 'silent',
      ...env,
    },
    encoding: 'utf8',
    input,
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-cli-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('the dossier command', () => {
  it('demo is deterministic for a seed, refuses a second seeding, and audit verify proves the chain', () => {
    const a = tempDir();
    const b = tempDir();
    const first = dossier(a, ['demo', '--clients', '120', '--seed', '7']);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('rm01…rm20');
    expect(first.err).toContain('100%');
    expect(dossier(b, ['demo', '--clients', '120', '--seed', '7']).code).toBe(0);
    const names = (dir: string) => {
      const db = new SQLite(path.join(dir, 'dossier.sqlite'), { readonly: true });
      const rows = db.prepare('select name, kind, tier, credit_code from clients order by id').all();
      db.close();
      return rows;
    };
    expect(names(a)).toHaveLength(120);
    expect(names(a)).toEqual(names(b));
    const again = dossier(a, ['demo', '--clients', '10']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already holds');

    const ok = dossier(a, ['audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Audit chain intact: \d+ entries verified/);
    const db = new SQLite(path.join(a, 'dossier.sqlite'));
    db.exec('drop trigger audit_log_no_update'); // an attacker with write access to the file
    db.prepare("update audit_log set details = '{}' where id = 3").run();
    db.close();
    const broken = dossier(a, ['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('BROKEN at entry 3');
  });

  it('import clients FILE, as the issue names it: without --as it acts for the first branch manager, and says so', () => {
    const dir = tempDir();
    expect(dossier(dir, ['demo', '--clients', '0']).code).toBe(0);
    const file = path.join(dir, 'clients.csv');
    fs.writeFileSync(file, '姓名,证件号码,客户经理\n王五,11010519491231002X,rm01\n');
    const run = dossier(dir, ['import', 'clients', file]);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toContain('Acting as branch01 (branch_manager)');
    expect(run.out).toContain('1 created');
    const none = dossier(dir, ['import', 'clients']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('needs a FILE');
  });

  it('rules import FILE: a fault names its rule and path and proposes nothing; a good file waits for approval', () => {
    const dir = tempDir();
    expect(dossier(dir, ['demo', '--clients', '40', '--transactions-for', 'none']).code).toBe(0);
    const newRule = {
      code: 'cash_withdrawal_daily',
      name: { zh: '单日大额取现', en: 'Large cash in a day' },
      description: { zh: '单日取现达到 5 万元。', en: 'Cash withdrawals of ¥50,000 or more in a day.' },
      rationale: { zh: '现金使资金去向难以追踪。', en: 'Cash breaks the trail of the money.' },
      severity: 'low',
      cooldownHours: 24,
      conditions: [
        { metric: 'outflow_sum', windowDays: 1, categories: ['cash_withdrawal'], op: '>=', value: 5_000_000 },
      ],
    };
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify([
        newRule,
        { ...newRule, code: 'x', conditions: [{ ...newRule.conditions[0], windowDays: 400 }] },
      ]),
    );
    const refused = dossier(dir, ['rules', 'import', bad]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('rules.1.definition.code');
    expect(refused.err).toContain('rules.1.definition.conditions.0.windowDays');
    const count = () => {
      const db = new SQLite(path.join(dir, 'dossier.sqlite'), { readonly: true });
      const n = (
        db.prepare("select count(*) as n from warning_rule_versions where state = 'pending'").get() as {
          n: number;
        }
      ).n;
      db.close();
      return n;
    };
    expect(count()).toBe(0);
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify({ definition: newRule, enable: true }));
    const ok = dossier(dir, ['rules', 'import', good]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('cash_withdrawal_daily: version 1 waits for a second person');
    expect(count()).toBe(1);
  });

  it('import clients: a bad row rejects the file with its row and column; a good file is stored', () => {
    const dir = tempDir();
    expect(dossier(dir, ['demo', '--clients', '0']).code).toBe(0);
    const file = path.join(dir, 'clients.csv');
    fs.writeFileSync(
      file,
      '姓名,证件号码,客户经理\n张三,11010519491231002X,rm01\n李四,110105194912310021,rm01\n',
    );
    const bad = dossier(dir, ['import', 'clients', file, '--as', 'rm01']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('row 3 [证件号码]');
    const count = () => {
      const db = new SQLite(path.join(dir, 'dossier.sqlite'), { readonly: true });
      const n = (db.prepare('select count(*) as n from clients').get() as { n: number }).n;
      db.close();
      return n;
    };
    expect(count()).toBe(0);
    fs.writeFileSync(file, '姓名,证件号码,客户经理\n张三,11010519491231002X,rm01\n');
    const good = dossier(dir, ['import', 'clients', file, '--as', 'rm01']);
    expect(good.code, good.err).toBe(0);
    expect(good.out).toContain('1 created');
    expect(count()).toBe(1);
    // Relationships between clients on file, by the same command.
    fs.writeFileSync(file, '姓名,证件号码,客户经理\n李四,110105194912310038,rm01\n');
    expect(dossier(dir, ['import', 'clients', file, '--as', 'rm01']).code).toBe(0);
    const links = path.join(dir, 'links.csv');
    fs.writeFileSync(
      links,
      '客户证件号码,关联方证件号码,关系类型\n11010519491231002X,110105194912310038,配偶\n',
    );
    const linked = dossier(dir, ['import', 'relationships', links, '--as', 'rm01']);
    expect(linked.code, linked.err).toBe(0);
    expect(linked.out).toContain('1 created');
  });

  it('serve seeds the demo bank on first start, runs the daily jobs, and answers', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        ...process.env,
        DOSSIER_DATA_DIR: dir,
        DATABASE_URL: '',
        DOSSIER_DEMO_PASSWORD: 'Cli-Demo-Password-1',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        DOSSIER_DEMO_CLIENTS: '300',
      },
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 30_000);
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /ready at (http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      expect(out).toContain('rm01…rm20');
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'rm01', password: 'Cli-Demo-Password-1' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const tasks = (await (await fetch(`${url}/api/tasks`, { headers: { cookie } })).json()) as {
        total: number;
      };
      expect(tasks.total).toBeGreaterThan(0); // the daily jobs ran at start
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('user add checks the password and the organisation, and adds a user who can sign in', async () => {
    const dir = tempDir();
    expect(dossier(dir, ['migrate']).code).toBe(0);
    const weak = dossier(
      dir,
      ['user', 'add', '--username', 'ops01', '--role', 'admin', '--name', '运维'],
      {},
      'short\n',
    );
    expect(weak.code).toBe(1);
    expect(weak.err).toContain('at least 12 characters');
    const noTeam = dossier(dir, ['user', 'add', '--username', 'rm99', '--role', 'rm', '--name', '新经理'], {
      DOSSIER_NEW_PASSWORD: 'Quite-Long-Password-7',
    });
    expect(noTeam.code).toBe(1);
    expect(noTeam.err).toContain('team');
    const badRole = dossier(dir, ['user', 'add', '--username', 'x1', '--role', 'king', '--name', 'X'], {});
    expect(badRole.code).toBe(2);
    const ok = dossier(
      dir,
      ['user', 'add', '--username', 'ops01', '--role', 'admin', '--name', '运维'],
      {},
      'Quite-Long-Password-7\n',
    );
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('Added ops01 (admin)');
    const db = new SQLite(path.join(dir, 'dossier.sqlite'), { readonly: true });
    const row = db.prepare("select password_hash from users where username = 'ops01'").get() as {
      password_hash: string;
    };
    db.close();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.password_hash, 'Quite-Long-Password-7')).toBe(true);
    const unknown = dossier(dir, ['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Usage');
  });
});
