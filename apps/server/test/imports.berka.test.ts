import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { AppError } from '../src/core/errors.ts';
import { createAccount } from '../src/features/accounts/accounts.service.ts';
import {
  BERKA_FILES,
  type BerkaFile,
  berkaDate,
  berkaMinor,
  berkaName,
  decodeBirthNumber,
  ordered,
  readBerka,
} from '../src/features/imports/imports.berka.ts';
import { importBerka } from '../src/features/imports/imports.berka.service.ts';
import { DIALECTS, type TestDb, openTestDb, countRows } from './support/db.ts';
import { datasetDir } from './support/datasets.ts';
import { ctxFor, makeIndividual, makeUser } from './support/factories.ts';

const BERKA = datasetDir('berka');
const BIN = path.resolve(import.meta.dirname, '../bin/dossier.mjs');
let cached: Record<BerkaFile, string> | null = null;
/** The real folder, read once. */
function folder(): Record<BerkaFile, string> {
  cached ??= Object.fromEntries(
    BERKA_FILES.map((f) => [f, fs.readFileSync(path.join(BERKA, f), 'utf8')]),
  ) as Record<BerkaFile, string>;
  return { ...cached };
}
/** The folder with one line of a file replaced (line 1 is the header). */
function withLine(file: BerkaFile, line: number, text: string): Record<BerkaFile, string> {
  const files = folder();
  const lines = files[file].split('\n');
  lines[line - 1] = text;
  files[file] = lines.join('\n');
  return files;
}
const lineOf = (file: BerkaFile, starts: string) =>
  folder()
    [file].split('\n')
    .findIndex((l) => l.startsWith(starts)) + 1;

describe('reading the Berka files (pure)', () => {
  it('decodes birth numbers, dates and amounts exactly', () => {
    expect(decodeBirthNumber('706213')).toEqual({ birthDate: '1970-12-13', gender: 'female' });
    expect(decodeBirthNumber('450204')).toEqual({ birthDate: '1945-02-04', gender: 'male' });
    expect(decodeBirthNumber('455230')).toBeNull(); // 30 February
    expect(decodeBirthNumber('4502')).toBeNull();
    expect(berkaDate('930705')).toBe('1993-07-05');
    expect(berkaDate('931107 00:00:00')).toBe('1993-11-07');
    expect(berkaDate('931331')).toBeNull();
    expect(berkaMinor('3401.50')).toBe(340150);
    expect(berkaMinor('3401.5')).toBe(340150);
    expect(berkaMinor('96396')).toBe(9639600);
    expect(berkaMinor('0.10')).toBe(10);
    expect(berkaMinor('-5446.60', true)).toBe(-544660);
    expect(berkaMinor('-5446.60')).toBeNull();
    expect(berkaMinor('12,50')).toBeNull();
    expect(berkaMinor('1.005')).toBeNull();
  });

  it('names a client the same way every time, by gender', () => {
    expect(berkaName(1, 'female')).toBe(berkaName(1, 'female'));
    expect(berkaName(2, 'male')).not.toBe(berkaName(3, 'male'));
    expect(berkaName(10, 'female')).toMatch(/(ová|á)$/);
  });

  it('orders an account’s day so that the balance column reads as a chain', () => {
    // Account 576 on 1993-05-31, as the file lists it: interest, a withdrawal, the statement fee.
    const day = [
      { row: { line: 1 }, accountId: 576, day: '1993-05-31', signed: 8260, balance: 2566450 },
      { row: { line: 2 }, accountId: 576, day: '1993-05-31', signed: -130000, balance: 2434990 },
      { row: { line: 3 }, accountId: 576, day: '1993-05-31', signed: -1460, balance: 2564990 },
    ];
    const before = { row: { line: 0 }, accountId: 576, day: '1993-05-13', signed: -366200, balance: 2558190 };
    const out = ordered([...day, before]);
    expect(out.map((o) => [o.p.row.line, o.second])).toEqual([
      [0, 0],
      [1, 0],
      [3, 1],
      [2, 2],
    ]);
  });

  it('reads the real folder: every client, account, loan, card and transaction', () => {
    const r = readBerka(folder());
    if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
    expect(r.bank.counts).toEqual({
      districts: 77,
      clients: 5369,
      disponents: 869,
      deposits: 4500,
      loans: 682,
      cards: 892,
      orders: 6471,
      transactions: 49102,
    });
    const loans = r.bank.accounts.filter((a) => a.account.kind === 'loan');
    const by = (c: string) => loans.filter((l) => l.account.classification === c).length;
    // A 203 + C 403 normal, D 45 substandard, B 31 doubtful: the 76 bad loans are B + D.
    expect([by('normal'), by('substandard'), by('doubtful')]).toEqual([606, 45, 31]);
    expect(loans.filter((l) => l.account.status === 'closed')).toHaveLength(203);
    const first = r.bank.clients.find((c) => c.berkaId === 1)!.input;
    expect(first).toMatchObject({
      gender: 'female',
      birthDate: '1970-12-13',
      idType: 'passport',
      idNumber: 'BERKA0000001',
    });
    // Booking order, and a Czech code translated.
    const t = r.bank.transactions;
    expect(t.every((x, i) => i === 0 || t[i - 1]!.item.bookedAt <= x.item.bookedAt)).toBe(true);
    const pension = t.find((x) => x.item.externalId === '171813')!.item;
    expect(pension).toMatchObject({
      accountNo: 'BERKA000576',
      bookedAt: '1993-01-11T11:00:00.000Z',
      amountMinor: 620700,
      direction: 'credit',
      category: 'salary',
      channel: 'transfer',
      currency: 'CZK',
      counterpartyAccount: 'YZ30300313',
      balanceAfterMinor: 710700,
    });
  });

  it('refuses a bad folder with the file, line, column and reason of every problem', () => {
    const unknown = lineOf('trans.asc', '171813;');
    const r1 = readBerka(
      withLine('trans.asc', unknown, '171813;99999;930111;"PRIJEM";"VKLAD";10.00;10.00;"";;'),
    );
    expect(r1.ok).toBe(false);
    if (!r1.ok)
      expect(r1.problems).toEqual([
        {
          file: 'trans.asc',
          line: unknown,
          column: 'account_id',
          message: 'account 99999 is not in account.asc',
        },
      ]);

    const r2 = readBerka(withLine('trans.asc', 3, '171812;576;930101;"PRIJEM";"VKLAD";9OO.00;900.00;"";;'));
    expect(r2.ok).toBe(false);
    if (!r2.ok)
      expect(r2.problems).toEqual([
        {
          file: 'trans.asc',
          line: 3,
          column: 'amount',
          message: '"9OO.00" is not an amount such as 1234.50',
        },
      ]);

    const r3 = readBerka(withLine('client.asc', 2, '1;"701332";18'));
    if (!r3.ok) expect(r3.problems[0]).toMatchObject({ file: 'client.asc', line: 2, column: 'birth_number' });
    expect(r3.ok).toBe(false);

    const { 'loan.asc': _, ...noLoans } = folder();
    const r4 = readBerka(noLoans);
    expect(r4.ok ? [] : r4.problems).toEqual([
      { file: 'loan.asc', line: 0, column: null, message: 'loan.asc is missing from the folder' },
    ]);
  });
});

describe.each(DIALECTS)('importing the Berka folder (%s)', (dialect) => {
  let t: TestDb;
  let feed: Actor;
  let rm: Actor;
  const count = (table: 'clients' | 'accounts' | 'transactions' | 'audit_log') => countRows(t.deps.db, table);
  const counts = async () => ({
    clients: await count('clients'),
    accounts: await count('accounts'),
    transactions: await count('transactions'),
  });

  beforeAll(async () => {
    t = await openTestDb(dialect);
    feed = await makeUser(t.deps, 'integration');
    rm = await makeUser(t.deps, 'rm');
  });
  afterAll(() => t.close());

  it('refuses a corrupted copy, naming the line, and stores nothing', async () => {
    const bad = lineOf('trans.asc', '171813;');
    const err = await importBerka(
      ctxFor(t.deps, feed),
      withLine(
        'trans.asc',
        bad,
        '171813;576;930111;"PRIJEM";"PREVOD Z UCTU";6207,00;7107.00;"DUCHOD";"YZ";"30300313"',
      ),
      { ownerUsername: rm.username },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('import.rejected');
    expect((err as AppError).message).toContain(
      `trans.asc line ${bad}, column amount: "6207,00" is not an amount`,
    );
    expect(await counts()).toEqual({ clients: 0, accounts: 0, transactions: 0 });
  });

  it('rolls back everything when the database refuses a record half-way', async () => {
    // An account number the folder will use is already registered to another client: the
    // clients are stored first, then the accounts fail, and the whole import must go.
    const other = await makeIndividual(t.deps, rm);
    await createAccount(ctxFor(t.deps, rm), other.id, {
      kind: 'demand_deposit',
      productName: '活期储蓄',
      accountNo: 'BERKA004000',
      currency: 'CZK',
      status: 'active',
      openedOn: '2020-01-01',
      source: 'manual',
    });
    const before = await counts();
    const err = await importBerka(ctxFor(t.deps, feed), folder(), { ownerUsername: rm.username }).catch(
      (e: unknown) => e,
    );
    expect((err as AppError).code).toBe('import.rejected');
    expect((err as AppError).message).toMatch(
      /^account\.asc line \d+, column account_id: is already registered, to another client/,
    );
    expect(await counts()).toEqual(before);
    await t.deps.db.deleteFrom('account_daily_balances').execute();
    await t.deps.db.deleteFrom('accounts').execute();
    await t.deps.db.deleteFrom('clients').execute();
  });

  it('imports every client, account, loan, card and transaction; a second import adds nothing', async () => {
    const started = Date.now();
    const r = await importBerka(ctxFor(t.deps, feed), folder(), { ownerUsername: rm.username });
    const elapsed = Date.now() - started;
    console.log(`Berka import on ${dialect}: ${(elapsed / 1000).toFixed(1)} s`);
    expect(r).toMatchObject({
      clients: { created: 5369, existing: 0 },
      accounts: { created: 6074, existing: 0 },
      transactions: { inserted: 49102, duplicates: 0 },
      unchanged: false,
    });
    expect(await counts()).toEqual({ clients: 5369, accounts: 6074, transactions: 49102 });
    const kinds = await t.deps.db
      .selectFrom('accounts')
      .select(['kind', (eb) => eb.fn.countAll().as('n')])
      .groupBy('kind')
      .orderBy('kind')
      .execute();
    expect(kinds.map((k) => [k.kind, Number(k.n)])).toEqual([
      ['credit_card', 892],
      ['demand_deposit', 4500],
      ['loan', 682],
    ]);
    const owners = await t.deps.db.selectFrom('clients').select('owner_id').distinct().execute();
    expect(owners.map((o) => Number(o.owner_id))).toEqual([rm.id]);

    // Every deposit's balance is the balance column of its newest transaction in the file.
    const read = readBerka(folder());
    if (!read.ok) throw new Error('the folder reads');
    const newest = new Map<string, number>();
    for (const x of read.bank.transactions) newest.set(x.item.accountNo, x.item.balanceAfterMinor!);
    const balances = await t.deps.db
      .selectFrom('accounts')
      .select(['account_no_enc', 'balance_minor'])
      .where('kind', '=', 'demand_deposit')
      .execute();
    const stated = balances.map((b) => [t.deps.vault.decrypt(b.account_no_enc), Number(b.balance_minor)]);
    const withHistory = stated.filter(([no]) => newest.has(no as string));
    expect(withHistory).toHaveLength(1229);
    for (const [no, minor] of withHistory) expect([no, minor]).toEqual([no, newest.get(no as string)]);
    // A repaid loan is closed; a running one owes its amount from the day it was granted.
    const loan = await t.deps.db
      .selectFrom('accounts')
      .selectAll()
      .where('source', '=', 'berka')
      .where('external_id', '=', 'loan/5314')
      .executeTakeFirstOrThrow();
    expect([
      loan.classification,
      loan.status,
      Number(loan.principal_minor),
      Number(loan.balance_minor),
    ]).toEqual(['doubtful', 'active', 9639600, 9639600]);

    const audit = await count('audit_log');
    const again = await importBerka(ctxFor(t.deps, feed), folder(), { ownerUsername: rm.username });
    expect(again).toMatchObject({
      clients: { created: 0, existing: 5369 },
      accounts: { created: 0, existing: 6074 },
      transactions: { inserted: 0, duplicates: 49102 },
      unchanged: true,
    });
    expect(await counts()).toEqual({ clients: 5369, accounts: 6074, transactions: 49102 });
    // Each batch of the second import is still audited: 7 of accounts (1,000 each), 10 of
    // transactions (5,000 each); no client was created, so no client import is.
    expect((await count('audit_log')) - audit).toBe(17);
  }, 300_000);
});

describe.each(DIALECTS)('dossier import berka, killed half-way (%s)', (dialect) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-berka-'));
  const database = `dossier_kill_${crypto.randomBytes(5).toString('hex')}`;
  const pgUrl = () => {
    const url = new URL(process.env.DOSSIER_TEST_PG_URL!);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: process.env.DOSSIER_TEST_PG_URL });
    await c.connect();
    await c.query(statement);
    await c.end();
  };
  beforeAll(async () => {
    if (dialect === 'postgres') await admin(`create database ${database}`);
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (dialect === 'postgres') await admin(`drop database if exists ${database} with (force)`);
  });
  const env = {
    ...process.env,
    DOSSIER_DATA_DIR: dir,
    DATABASE_URL: dialect === 'postgres' ? pgUrl() : '',
    DOSSIER_DEMO_PASSWORD: 'Cli-Demo-Password-1',
    LOG_LEVEL: 'silent',
  };
  const run = (args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  const TABLES = ['clients', 'accounts', 'transactions'] as const;
  const stored = async () => {
    const out: Record<string, number> = {};
    if (dialect === 'postgres') {
      const c = new pg.Client({ connectionString: pgUrl() });
      await c.connect();
      for (const table of TABLES)
        out[table] = Number((await c.query(`select count(*) as n from ${table}`)).rows[0].n);
      await c.end();
    } else {
      const db = new SQLite(path.join(dir, 'dossier.sqlite'), { readonly: true });
      for (const table of TABLES)
        out[table] = (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
      db.close();
    }
    return out;
  };

  it('leaves nothing when killed with SIGKILL, and completes when run again', async () => {
    expect(run(['demo', '--clients', '0']).status).toBe(0);
    const args = ['import', 'berka', BERKA, '--as', 'admin', '--owner', 'rm01'];
    // Kill it once it is storing transactions: clients and accounts are written by then.
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let err = '';
    const killed = await new Promise<NodeJS.Signals | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (/Transactions: [1-9]\d?%/.test(err) && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) => resolve(signal));
    });
    expect(err).toContain('Accounts    : 100%');
    expect(killed).toBe('SIGKILL');
    expect(await stored()).toEqual({ clients: 0, accounts: 0, transactions: 0 });

    const second = run(args);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('Imported: 5369 clients');
    expect(await stored()).toEqual({ clients: 5369, accounts: 6074, transactions: 49102 });

    const third = run(args);
    expect(third.status, third.stderr).toBe(0);
    expect(third.stdout).toContain('Nothing new');
    expect(third.stdout).toContain('49102 transactions recognised');

    // The rest is the command line's own work, the same on either database.
    if (dialect === 'postgres') return;
    // A file of transactions into the imported accounts, from the command line.
    const csv = path.join(dir, 'more.csv');
    fs.writeFileSync(
      csv,
      '流水号,账号,交易时间,借贷,金额,币种\nCLI-1,BERKA000576,2026-11-02 09:30,贷,100.00,CZK\n',
    );
    const imported = run(['import', 'transactions', csv, '--as', 'admin', '--source', 'cli_test']);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Imported: 1 rows; 1 inserted, 0 already stored, into 1 account(s)');
    const repeated = run(['import', 'transactions', csv, '--as', 'admin', '--source', 'cli_test']);
    expect(repeated.stdout).toContain('Nothing new: 1 rows; 0 inserted, 1 already stored');
    fs.writeFileSync(
      csv,
      '流水号,账号,交易时间,借贷,金额,币种\nCLI-2,BERKA999999,2026-11-02 09:30,贷,1.00,CZK\n',
    );
    const unknown = run(['import', 'transactions', csv, '--as', 'admin', '--format', 'csv']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/row 2 \[账号\]: account \S+ is not registered/);

    const bad = run(['import', 'berka', path.join(dir, 'nowhere'), '--as', 'admin', '--owner', 'rm01']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('client.asc is missing from the folder');
  }, 180_000);
});
