import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import {
  DUPLICATE_POLICIES,
  type DuplicatePolicy,
  ROLES,
  type Role,
  TRANSACTION_FILE_FORMATS,
  type TransactionFileFormat,
  TransactionImportQuery,
  RuleProposal,
} from '@dossier/contract';
import { type Config, loadConfig } from '../config.ts';
import { actorOf } from '../core/context.ts';
import { AppError } from '../core/errors.ts';
import { verifyAuditChain } from '../features/audit/audit.service.ts';
import { countClients } from '../features/clients/clients.repo.ts';
import {
  DEFAULT_DEMO_CLIENTS,
  DEFAULT_DEMO_SEED,
  type SeedResult,
  TRANSACTIONS_FOR,
  type TransactionsFor,
  seedDemoBank,
} from '../features/demo/demo.seed.ts';
import { BERKA_FILES, type BerkaFile } from '../features/imports/imports.berka.ts';
import { type BerkaPhase, importBerka } from '../features/imports/imports.berka.service.ts';
import { importRelationships } from '../features/imports/imports.relationships.ts';
import { importTransactionFile } from '../features/imports/imports.transactions.service.ts';
import { importClients } from '../features/imports/imports.service.ts';
import { countUsers, findUserByUsername, firstActiveUserOfRoles } from '../features/users/users.repo.ts';
import { createUserAs } from '../features/users/users.service.ts';
import { buildApp } from '../http/app.ts';
import { runDailyJobs } from '../jobs/daily.ts';
import { deliverOutbox } from '../features/outbox/outbox.service.ts';
import { escalateOverdueAlerts } from '../features/alerts/alerts.escalation.ts';
import { proposeRules } from '../features/alerts/rules.service.ts';
import { openRuntime } from '../runtime.ts';
import { progressBar } from './progress.ts';

const USAGE = `dossier — key-account management for banks (大客户档案)

Usage:
  dossier serve                         serve the API and web app (PORT, default 8080); seeds a demo bank into an empty database
  dossier migrate                       apply database migrations
  dossier demo [--clients N] [--seed S] [--transactions-for top|all|none]
                                        seed a demo bank into an empty database (default ${DEFAULT_DEMO_CLIENTS} clients;
                                        two years of transactions for the top 100, rm01's clients and the warning stories)
  dossier user add --username U --role R --name NAME [--team ID] [--branch ID]
                                        add a user; the password is read from DOSSIER_NEW_PASSWORD or stdin
  dossier audit verify                  check the audit chain; exits 1 at the first broken link
  dossier import clients|relationships FILE [--as USERNAME] [--source S] [--dry-run] [--on-duplicate skip|update|fail]
                                        import a CSV or XLSX file of clients as that user; all rows or none
  dossier import transactions FILE [--as USERNAME] [--format camt053|csv|xlsx] [--source S] [--dry-run]
                                        import a camt.053 statement file or a CSV/XLSX table of transactions into
                                        registered accounts, all or nothing; a file sent again adds nothing
  dossier import berka DIR [--as USERNAME] [--owner RM]
                                        import the Berka (PKDD'99) bank folder: clients, accounts, loans, cards and
                                        transactions, all or nothing; a second import adds nothing
  dossier jobs run                      run the daily jobs now (idempotent: twice creates nothing twice)
  dossier rules import FILE [--as USERNAME]
                                        propose early-warning rules from a JSON file (one definition, a list, or
                                        {definition, enable} objects), all or none; each waits for a second person

Environment: DATABASE_URL (PostgreSQL; default SQLite under DOSSIER_DATA_DIR or ./data), DOSSIER_MASTER_KEY,
DOSSIER_DEMO_PASSWORD, DOSSIER_DEMO_CLIENTS, PORT.`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  try {
    switch (cmd) {
      case 'serve':
        return await serve(config);
      case 'migrate':
        return await migrate(config);
      case 'demo':
        return await demo(
          config,
          [sub, ...rest].filter((x): x is string => x !== undefined),
        );
      case 'user':
        if (sub === 'add') return await userAdd(config, rest);
        break;
      case 'audit':
        if (sub === 'verify') return await auditVerify(config);
        break;
      case 'import':
        if (sub === 'clients' || sub === 'relationships') return await importFile(config, rest, sub);
        if (sub === 'berka') return await importBerkaFolder(config, rest);
        if (sub === 'transactions') return await importTransactionsFile(config, rest);
        break;
      case 'jobs':
        if (sub === 'run') return await jobsRun(config);
        break;
      case 'rules':
        if (sub === 'import') return await importRulesFile(config, rest);
        break;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return 0;
    }
    console.error(`Unknown command: ${argv.join(' ')}\n\n${USAGE}`);
    return 2;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`Error: ${err.message}${err.field ? ` (${err.field})` : ''}`);
      return 1;
    }
    if (err instanceof TypeError && /parseArgs|option/i.test(err.message)) {
      console.error(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    console.error(`Error: ${(err as Error).message}`);
    return 1;
  }
}

async function migrate(config: Config): Promise<number> {
  const rt = await openRuntime(config);
  console.log(`Migrations applied to ${rt.handle.describe}.`);
  await rt.close();
  return 0;
}

function printLogins(seed: SeedResult, url: string | null): void {
  const names = seed.users.map((u) => u.username);
  const rms = names.filter((n) => n.startsWith('rm'));
  console.log(
    [
      '',
      url ? `Dossier is ready at ${url}` : 'Demo bank seeded.',
      `Demo logins: admin, ${names.filter((n) => n.startsWith('branch')).join(', ')}, ${names.filter((n) => n.startsWith('lead')).join(', ')},`,
      `             ${rms[0]}…${rms[rms.length - 1]}, risk01, compliance01, analyst01`,
      seed.generatedPassword
        ? `Password for every demo login: ${seed.password}   (generated now and shown once; set DOSSIER_DEMO_PASSWORD to choose it)`
        : 'Password for every demo login: the value of DOSSIER_DEMO_PASSWORD',
      seed.fillTransactions
        ? `Money: ${seed.money.accounts} accounts in; two years of transactions for ${seed.money.clientsWithTransactions} clients arrive over the next seconds`
        : `Money: ${seed.money.accounts} accounts, ${seed.money.transactions} transactions (two years, for ${seed.money.clientsWithTransactions} clients)`,
      ...seed.money.stories.map(
        (s) => `  warning story ${s.story}: client ${s.clientId} ${s.name} (${s.owner})`,
      ),
      '',
    ].join('\n'),
  );
}

async function seedIfEmpty(
  rt: Awaited<ReturnType<typeof openRuntime>>,
  config: Config,
  clients: number,
  seed: number,
  transactionsFor?: TransactionsFor,
  deferTransactions = false,
) {
  if ((await countUsers(rt.deps.db)) > 0) return null;
  const bar = progressBar('Seeding demo bank');
  const result = await seedDemoBank(rt.deps, {
    clients,
    seed,
    password: config.demoPassword,
    now: new Date(),
    ...(transactionsFor ? { transactionsFor } : {}),
    deferTransactions,
    onProgress: (d, t) => bar.update(d, t),
  });
  bar.done();
  return result;
}

async function serve(config: Config): Promise<number> {
  const rt = await openRuntime(config);
  const envClients = Number(process.env.DOSSIER_DEMO_CLIENTS ?? DEFAULT_DEMO_CLIENTS);
  const seeded = await seedIfEmpty(
    rt,
    config,
    Number.isInteger(envClients) && envClients >= 0 ? envClients : DEFAULT_DEMO_CLIENTS,
    DEFAULT_DEMO_SEED,
    undefined,
    // First start answers as soon as clients and accounts are in; transactions follow.
    true,
  );
  const app = await buildApp({ deps: rt.deps, webDist: config.webDist, secureCookies: config.secureCookies });
  // Planner statistics follow the data: at start and every six hours.
  await rt.deps.dialect.refreshStatistics(rt.deps.db);
  const statistics = setInterval(
    () => void rt.deps.dialect.refreshStatistics(rt.deps.db).catch(() => {}),
    6 * 3600_000,
  );
  statistics.unref();
  // Daily jobs: at start, then whenever the (UTC) date has moved on. They are idempotent.
  let jobsRanOn = '';
  const daily = async () => {
    const now = new Date();
    if (now.toISOString().slice(0, 10) === jobsRanOn) return;
    jobsRanOn = now.toISOString().slice(0, 10);
    try {
      rt.deps.log.info({ results: await runDailyJobs(rt.deps, now) }, 'daily jobs ran');
    } catch (err) {
      rt.deps.log.error({ err }, 'daily jobs failed');
    }
  };
  await daily();
  const jobs = setInterval(() => void daily(), 3600_000);
  jobs.unref();
  // Approved alert actions to core banking: the outbox, every second, one delivery round at a time.
  let delivering = false;
  const outbox = setInterval(() => {
    if (!config.webhook || delivering) return;
    delivering = true;
    deliverOutbox(rt.deps, config.webhook)
      .catch((err) => rt.deps.log.error({ err }, 'outbox delivery failed'))
      .finally(() => {
        delivering = false;
      });
  }, 1000);
  outbox.unref();
  const escalation = setInterval(
    () =>
      void escalateOverdueAlerts(rt.deps, new Date()).catch((err) =>
        rt.deps.log.error({ err }, 'alert escalation failed'),
      ),
    60_000,
  );
  escalation.unref();
  const close = async () => {
    clearInterval(escalation);
    clearInterval(statistics);
    clearInterval(jobs);
    clearInterval(outbox);
    await app.close();
    await rt.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  if (seeded) {
    printLogins(seeded, url);
    const fill = seeded.fillTransactions;
    if (fill) {
      const started = Date.now();
      void fill()
        .then((n) =>
          console.log(
            `Demo transactions in place: ${n} (${seeded.money.accounts} accounts) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
          ),
        )
        .catch((err) => rt.deps.log.error({ err }, 'demo transactions failed'));
    }
  } else console.log(`Dossier is ready at ${url} (${rt.handle.describe}; master key from ${rt.keySource})`);
  return new Promise<number>(() => {});
}

async function demo(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      clients: { type: 'string' },
      seed: { type: 'string' },
      'transactions-for': { type: 'string' },
    },
    strict: true,
  });
  const clients = Number(values.clients ?? DEFAULT_DEMO_CLIENTS);
  const seed = Number(values.seed ?? DEFAULT_DEMO_SEED);
  if (!Number.isInteger(clients) || clients < 0 || clients > 10_000_000) {
    console.error('--clients must be a whole number from 0 to 10000000');
    return 2;
  }
  if (!Number.isInteger(seed)) {
    console.error('--seed must be a whole number');
    return 2;
  }
  const transactionsFor = values['transactions-for'] ?? 'top';
  if (!(TRANSACTIONS_FOR as readonly string[]).includes(transactionsFor)) {
    console.error('--transactions-for must be top, all or none');
    return 2;
  }
  const rt = await openRuntime(config);
  try {
    if ((await countUsers(rt.deps.db)) > 0) {
      console.error(
        `The database already holds ${await countClients(rt.deps.db)} clients. Seed into an empty database (a new DOSSIER_DATA_DIR or DATABASE_URL).`,
      );
      return 1;
    }
    const started = Date.now();
    const result = await seedIfEmpty(rt, config, clients, seed, transactionsFor as TransactionsFor);
    if (result) {
      printLogins(result, null);
      console.log(
        `${clients} clients in ${((Date.now() - started) / 1000).toFixed(1)} s into ${rt.handle.describe}`,
      );
    }
    return 0;
  } finally {
    await rt.close();
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split('\n')[0]?.trim() ?? '';
}

async function userAdd(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      team: { type: 'string' },
      branch: { type: 'string' },
    },
    strict: true,
  });
  if (!values.username || !values.role || !values.name) {
    console.error('user add needs --username, --role and --name');
    return 2;
  }
  if (!ROLES.includes(values.role as Role)) {
    console.error(`--role must be one of: ${ROLES.join(', ')}`);
    return 2;
  }
  const password = process.env.DOSSIER_NEW_PASSWORD ?? (await readStdin());
  if (!password) {
    console.error('Give the password in DOSSIER_NEW_PASSWORD or on standard input.');
    return 2;
  }
  const rt = await openRuntime(config);
  try {
    const u = await createUserAs(
      rt.deps,
      null,
      {
        username: values.username,
        displayName: values.name,
        role: values.role as Role,
        teamId: values.team ? Number(values.team) : null,
        branchId: values.branch ? Number(values.branch) : null,
        password,
      },
      { now: new Date(), via: 'cli' },
    );
    console.log(`Added ${u.username} (${u.role}) with id ${u.id}.`);
    return 0;
  } finally {
    await rt.close();
  }
}

async function importFile(
  config: Config,
  args: string[],
  what: 'clients' | 'relationships',
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      as: { type: 'string' },
      source: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'on-duplicate': { type: 'string' },
    },
    strict: true,
  });
  const file = positionals[0];
  if (!file) {
    console.error(`import ${what} needs a FILE (CSV or XLSX) [--as USERNAME: the user the import acts for]`);
    return 2;
  }
  const policy = values['on-duplicate'] ?? 'skip';
  if (!DUPLICATE_POLICIES.includes(policy as DuplicatePolicy)) {
    console.error(`--on-duplicate must be one of: ${DUPLICATE_POLICIES.join(', ')}`);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    console.error(`Cannot read ${file}`);
    return 2;
  }
  const rt = await openRuntime(config);
  try {
    const username = await actingUsername(
      rt,
      values.as,
      ['branch_manager', 'team_lead', 'rm'],
      `import ${what}`,
    );
    if (!username) return 2;
    const user = await findUserByUsername(rt.deps.db, username);
    if (user?.active !== 1) {
      console.error(`No active user ${username}`);
      return 2;
    }
    const ctx = {
      ...rt.deps,
      actor: actorOf(user),
      now: new Date(),
      ip: null,
      userAgent: 'dossier-cli',
    };
    const bars = { validate: progressBar('Validating'), store: progressBar('Storing') };
    const at: { phase: 'validate' | 'store' | null } = { phase: null };
    const onProgress = (p: 'validate' | 'store', done: number, total: number) => {
      if (at.phase !== p && at.phase) bars[at.phase].done();
      at.phase = p;
      bars[p].update(done, total);
    };
    try {
      const dryRun = values['dry-run'] === true;
      const r =
        what === 'clients'
          ? await importClients(
              ctx,
              bytes,
              { dryRun, source: values.source ?? 'default', onDuplicate: policy as DuplicatePolicy },
              onProgress,
            )
          : await importRelationships(ctx, bytes, dryRun);
      if (at.phase) bars[at.phase].done();
      console.log(
        `${r.dryRun ? 'Dry run' : 'Imported'}: ${r.rows} rows, ${r.valid} valid, ${r.created} created, ${r.updated} updated, ${r.skipped} skipped, ${r.problems.length} problem(s) in ${(r.elapsedMs / 1000).toFixed(1)} s`,
      );
      for (const p of r.problems.slice(0, 50))
        console.log(`  row ${p.row}${p.column ? ` [${p.column}]` : ''}: ${p.message}`);
      return r.problems.length > 0 ? 1 : 0;
    } catch (err) {
      if (at.phase) bars[at.phase].done();
      if (err instanceof AppError && err.code === 'import.rejected') {
        const report = (err.details?.report ?? { problems: [] }) as {
          problems: { row: number; column: string | null; message: string }[];
        };
        console.error(`Rejected: ${err.message}`);
        for (const p of report.problems.slice(0, 50))
          console.error(`  row ${p.row}${p.column ? ` [${p.column}]` : ''}: ${p.message}`);
        return 1;
      }
      throw err;
    }
  } finally {
    await rt.close();
  }
}

/**
 * The username a command acts for: `--as`, else the first active user of the roles that may do it
 * (said on stderr, so a person knows whose rights and scope apply). Null when there is none.
 */
async function actingUsername(
  rt: Awaited<ReturnType<typeof openRuntime>>,
  given: string | undefined,
  roles: readonly string[],
  what: string,
): Promise<string | null> {
  if (given) return given;
  const user = await firstActiveUserOfRoles(rt.deps.db, roles);
  if (!user) {
    console.error(`No active ${roles.join(' or ')} user to ${what}: name one with --as USERNAME`);
    return null;
  }
  console.error(`Acting as ${user.username} (${user.role}) to ${what}; choose another with --as USERNAME.`);
  return user.username;
}

/** The signed-in context of a CLI command acting for a user, or null when there is no such active user. */
async function cliContext(rt: Awaited<ReturnType<typeof openRuntime>>, username: string) {
  const user = await findUserByUsername(rt.deps.db, username);
  if (user?.active !== 1) return null;
  return { ...rt.deps, actor: actorOf(user), now: new Date(), ip: null, userAgent: 'dossier-cli' };
}

/** Prints a rejected import's problems, one a line, by file (or row) and column. */
function printRejected(err: AppError): void {
  const problems = (err.details?.problems ?? []) as {
    file?: string;
    line?: number;
    row?: number;
    column: string | null;
    message: string;
  }[];
  console.error(`Rejected: ${err.message}`);
  for (const p of problems.slice(0, 50)) {
    const at = p.file ? `${p.file}${p.line ? ` line ${p.line}` : ''}` : `row ${p.row}`;
    console.error(`  ${at}${p.column ? ` [${p.column}]` : ''}: ${p.message}`);
  }
}

async function importBerkaFolder(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { as: { type: 'string' }, owner: { type: 'string' } },
    strict: true,
  });
  const dir = positionals[0];
  if (!dir) {
    console.error(
      'import berka needs a DIR (with client.asc, account.asc, … trans.asc) [--as USERNAME: admin or integration] [--owner RM: who will own the clients]',
    );
    return 2;
  }
  const files: Partial<Record<BerkaFile, string>> = {};
  for (const f of BERKA_FILES) {
    try {
      files[f] = fs.readFileSync(path.join(dir, f), 'utf8');
    } catch {
      // readBerka names every missing file.
    }
  }
  const rt = await openRuntime(config);
  try {
    const as = await actingUsername(rt, values.as, ['integration', 'admin'], 'import the Berka bank');
    const owner = values.owner ?? (await actingUsername(rt, undefined, ['rm'], 'own the Berka clients'));
    if (!as || !owner) return 2;
    const ctx = await cliContext(rt, as);
    if (!ctx) {
      console.error(`No active user ${as}`);
      return 2;
    }
    const labels: Record<BerkaPhase, string> = {
      clients: 'Clients     ',
      accounts: 'Accounts    ',
      transactions: 'Transactions',
    };
    // One bar per phase, started when the phase starts.
    const bar: { phase?: BerkaPhase; bar?: ReturnType<typeof progressBar> } = {};
    try {
      const r = await importBerka(ctx, files, {
        ownerUsername: owner,
        onProgress: (p, done, total) => {
          if (bar.phase !== p) {
            bar.bar?.done();
            bar.phase = p;
            bar.bar = progressBar(labels[p]);
          }
          bar.bar?.update(done, total);
        },
      });
      bar.bar?.done();
      const c = r.counts;
      console.log(
        `Read ${c.clients} clients (${c.disponents} disponents), ${c.deposits} accounts, ${c.loans} loans, ${c.cards} cards, ${c.transactions} transactions (${c.orders} standing orders checked, not stored).`,
      );
      console.log(
        r.unchanged
          ? `Nothing new: every client, account and transaction of this folder was imported before (${r.transactions.duplicates} transactions recognised). ${(r.elapsedMs / 1000).toFixed(1)} s`
          : `Imported: ${r.clients.created} clients (${r.clients.existing} already on file), ${r.accounts.created} accounts (${r.accounts.existing} already registered), ${r.transactions.inserted} transactions (${r.transactions.duplicates} already stored) in ${(r.elapsedMs / 1000).toFixed(1)} s`,
      );
      return 0;
    } catch (err) {
      bar.bar?.done();
      if (err instanceof AppError && err.code === 'import.rejected') {
        printRejected(err);
        return 1;
      }
      throw err;
    }
  } finally {
    await rt.close();
  }
}

async function importTransactionsFile(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      as: { type: 'string' },
      format: { type: 'string' },
      source: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
    strict: true,
  });
  const file = positionals[0];
  if (!file) {
    console.error(
      'import transactions needs a FILE (camt.053 XML, CSV or XLSX) [--as USERNAME: a user who may ingest transactions]',
    );
    return 2;
  }
  const byExtension: Record<string, TransactionFileFormat> = {
    '.xml': 'camt053',
    '.csv': 'csv',
    '.xlsx': 'xlsx',
  };
  const format = values.format ?? byExtension[path.extname(file).toLowerCase()];
  const query = TransactionImportQuery.safeParse({
    format,
    dryRun: values['dry-run'] === true ? 'true' : 'false',
    ...(values.source ? { source: values.source } : {}),
  });
  if (!query.success) {
    console.error(
      format === undefined || !TRANSACTION_FILE_FORMATS.includes(format as TransactionFileFormat)
        ? `--format must be one of: ${TRANSACTION_FILE_FORMATS.join(', ')}`
        : `--source ${query.error.issues[0]?.message ?? 'is not valid'}`,
    );
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    console.error(`Cannot read ${file}`);
    return 2;
  }
  const rt = await openRuntime(config);
  try {
    const as = await actingUsername(rt, values.as, ['integration', 'admin'], 'import transactions');
    if (!as) return 2;
    const ctx = await cliContext(rt, as);
    if (!ctx) {
      console.error(`No active user ${as}`);
      return 2;
    }
    const bar = progressBar('Transactions');
    try {
      const r = await importTransactionFile(ctx, bytes, query.data, (d, t) => bar.update(d, t));
      bar.done();
      const what =
        r.statements === null ? `${r.entries} rows` : `${r.statements} statement(s), ${r.entries} entries`;
      if (r.problems.length > 0) {
        console.log(`Dry run: ${what}, ${r.problems.length} problem(s); nothing would be imported.`);
        for (const p of r.problems.slice(0, 50))
          console.log(
            `  ${r.format === 'camt053' ? 'entry' : 'row'} ${p.row}${p.column ? ` [${p.column}]` : ''}: ${p.message}`,
          );
        return 1;
      }
      console.log(
        `${r.dryRun ? 'Dry run (nothing stored)' : r.inserted === 0 ? 'Nothing new' : 'Imported'}: ${what}; ${r.inserted} ${r.dryRun ? 'would be inserted' : 'inserted'}, ${r.duplicates} already stored, into ${r.accounts} account(s) from source ${r.source} in ${(r.elapsedMs / 1000).toFixed(1)} s`,
      );
      return 0;
    } catch (err) {
      bar.done();
      if (err instanceof AppError && err.code === 'import.rejected') {
        const report = err.details?.report as {
          format: string;
          problems: { row: number; column: string | null; message: string }[];
        };
        console.error(`Rejected: ${err.message}`);
        for (const p of report.problems.slice(0, 50))
          console.error(
            `  ${report.format === 'camt053' ? 'entry' : 'row'} ${p.row}${p.column ? ` [${p.column}]` : ''}: ${p.message}`,
          );
        return 1;
      }
      throw err;
    }
  } finally {
    await rt.close();
  }
}

async function jobsRun(config: Config): Promise<number> {
  const rt = await openRuntime(config);
  try {
    for (const r of await runDailyJobs(rt.deps, new Date()))
      console.log(`${r.job}: ${r.created} task(s) created, ${r.considered} considered`);
    return 0;
  } finally {
    await rt.close();
  }
}

async function auditVerify(config: Config): Promise<number> {
  const rt = await openRuntime(config);
  try {
    const bar = progressBar('Verifying audit chain');
    const r = await verifyAuditChain(rt.deps, (d, t) => bar.update(d, t));
    bar.done();
    if (r.ok) {
      console.log(`Audit chain intact: ${r.checked} entries verified.`);
      return 0;
    }
    console.log(
      `Audit chain BROKEN at entry ${r.broken.id}: ${r.broken.reason}. ${r.checked} entries before it are intact.`,
    );
    return 1;
  } finally {
    await rt.close();
  }
}

async function importRulesFile(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { as: { type: 'string' } },
    strict: true,
  });
  const file = positionals[0];
  if (!file) {
    console.error(
      'rules import needs a FILE (JSON: a rule definition, a list of them, or {definition, enable} objects) [--as USERNAME: a risk officer or admin]',
    );
    return 2;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    console.error(`${file}: not a JSON file this command can read: ${(err as Error).message}`);
    return 2;
  }
  const items = (Array.isArray(parsed) ? parsed : [parsed]).map((x) =>
    x && typeof x === 'object' && 'definition' in x ? x : { definition: x, enable: true },
  );
  const problems: string[] = [];
  const proposals: RuleProposal[] = [];
  items.forEach((item, i) => {
    const r = RuleProposal.safeParse(item);
    if (r.success) proposals.push(r.data);
    else
      for (const issue of r.error.issues)
        problems.push(`rules.${i}.${issue.path.join('.')}: ${issue.message}`);
  });
  if (problems.length > 0) {
    console.error(
      `${file}: nothing was proposed, ${problems.length} problem(s):\n  ${problems.join('\n  ')}`,
    );
    return 1;
  }
  const rt = await openRuntime(config);
  try {
    const as = await actingUsername(rt, values.as, ['risk_officer', 'admin'], 'propose rules');
    if (!as) return 2;
    const ctx = await cliContext(rt, as);
    if (!ctx) {
      console.error(`No active user ${as}`);
      return 2;
    }
    try {
      const rules = await proposeRules(ctx, proposals);
      for (const r of rules)
        console.log(
          `${r.code}: version ${r.pending?.version ?? r.version} waits for a second person's approval`,
        );
      return 0;
    } catch (err) {
      if (err instanceof AppError) {
        console.error(`${file}: ${err.message}`);
        return 1;
      }
      throw err;
    }
  } finally {
    await rt.close();
  }
}
