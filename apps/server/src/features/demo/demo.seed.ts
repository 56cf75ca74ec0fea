import crypto from 'node:crypto';
import type { RiskTolerance, Role, Tier, TransactionItem } from '@dossier/contract';
import type { Actor, Ctx, Deps } from '../../core/context.ts';
import { importAccounts } from '../accounts/accounts.service.ts';
import { chunks } from '../accounts/accounts.repo.ts';
import { ingestTransactions } from '../transactions/transactions.service.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { hashPassword } from '../auth/passwords.ts';
import { type Profile, profileColumns, withProvenance } from '../clients/clients.profile.ts';
import {
  type ClientInsert,
  insertClientBatch,
  insertCoServicerBatch,
  insertContactBatch,
} from '../clients/clients.repo.ts';
import { insertBranch, insertTeam } from '../org/org.repo.ts';
import { insertRelationshipBatch } from '../relationships/relationships.repo.ts';
import { createUserAs } from '../users/users.service.ts';
import { GIVEN_FEMALE, GIVEN_MALE, SURNAMES } from './demo.data.ts';
import {
  type DemoCorporate,
  type Rng,
  createRng,
  generateCorporate,
  generateIndividual,
} from './demo.generator.ts';
import {
  DEMO_SOURCE,
  type DemoAccount,
  type MoneyClient,
  type WarningStory,
  generateMoney,
  pickStories,
} from './demo.money.ts';

export const DEFAULT_DEMO_CLIENTS = 2000;
export const DEFAULT_DEMO_SEED = 20261129;

const BRANCHES = [
  { code: 'BJ01', name: '北京分行' },
  { code: 'SH01', name: '上海分行' },
  { code: 'SZ01', name: '深圳分行' },
];
const TEAM_NAMES = ['财富管理团队', '公司业务团队'];
export const RM_COUNT = 20;
export const TRANSACTIONS_FOR = ['all', 'top', 'none'] as const;
export type TransactionsFor = (typeof TRANSACTIONS_FOR)[number];

export type DemoUser = { username: string; role: Role; displayName: string };
export type MoneySummary = {
  accounts: number;
  transactions: number;
  clientsWithTransactions: number;
  /** The clients whose last 60 days tell a warning story, for the demo's guide. */
  stories: { clientId: number; name: string; owner: string; story: WarningStory }[];
};
export type SeedResult = {
  users: DemoUser[];
  clients: number;
  password: string;
  generatedPassword: boolean;
  money: MoneySummary;
  /**
   * With `deferTransactions`: sends the transactions (the accounts are in already) and returns
   * how many; the server calls it once it answers. Otherwise null: everything is in.
   */
  fillTransactions: (() => Promise<number>) | null;
};

/** A password for demo logins, printed once; never stored in clear. */
export function generateDemoPassword(): string {
  const b = crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
  return `Demo-${b.slice(0, 4)}-${b.slice(4, 8)}-${b.slice(8, 12)}`;
}

function personName(rng: Rng): string {
  return rng.pick(SURNAMES.slice(0, 60)) + rng.pick(rng.chance(0.5) ? GIVEN_MALE : GIVEN_FEMALE);
}

/**
 * Seeds a demo bank: 3 branches, 6 teams, 20 RMs (rm01…rm20; consecutive RMs sit in different
 * teams), one team lead per team, one branch manager per branch, and admin, risk01,
 * compliance01, analyst01; then `clients` clients (80 % individual) spread over the RMs.
 * Deterministic for a given seed, apart from the password when none is given.
 */
export async function seedDemoBank(
  deps: Deps,
  opts: {
    clients: number;
    seed: number;
    password: string | null;
    now: Date;
    /** Accounts and holdings for every client (default true). */
    accounts?: boolean;
    /** Who gets two years of transactions (default 'top'): see `seedMoney`. */
    transactionsFor?: TransactionsFor;
    /** Leave the transactions to `fillTransactions` (first start: the server answers sooner). */
    deferTransactions?: boolean;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<SeedResult> {
  const rng = createRng(opts.seed);
  const password = opts.password ?? generateDemoPassword();
  // Demo logins share one password by design, so one hash serves them all.
  const passwordHash = await hashPassword(password);
  const at = opts.now.toISOString();

  const branchIds: number[] = [];
  const teamIds: number[] = [];
  await deps.db.transaction().execute(async (tx) => {
    for (const b of BRANCHES) {
      const id = await insertBranch(tx, { ...b, created_at: at });
      branchIds.push(id);
      for (const t of TEAM_NAMES)
        teamIds.push(
          await insertTeam(tx, { branch_id: id, name: `${b.name.slice(0, 2)}${t}`, created_at: at }),
        );
    }
  });

  const users: DemoUser[] = [];
  const rms: { id: number; teamId: number; username: string }[] = [];
  const add = async (
    username: string,
    role: Role,
    displayName: string,
    branchId: number | null,
    teamId: number | null,
  ) => {
    const u = await createUserAs(
      deps,
      null,
      { username, displayName, role, branchId, teamId, password },
      { passwordHash, now: opts.now, via: 'demo' },
    );
    users.push({ username, role, displayName });
    return u;
  };
  const admin = await add('admin', 'admin', '系统管理员', null, null);
  for (let i = 0; i < BRANCHES.length; i++)
    await add(`branch${pad(i + 1)}`, 'branch_manager', personName(rng), branchIds[i]!, null);
  for (let i = 0; i < teamIds.length; i++)
    await add(`lead${pad(i + 1)}`, 'team_lead', personName(rng), null, teamIds[i]!);
  for (let i = 0; i < RM_COUNT; i++) {
    const teamId = teamIds[i % teamIds.length]!;
    const u = await add(`rm${pad(i + 1)}`, 'rm', personName(rng), null, teamId);
    rms.push({ id: u.id, teamId, username: `rm${pad(i + 1)}` });
  }
  await add('risk01', 'risk_officer', personName(rng), null, null);
  await add('compliance01', 'compliance', personName(rng), null, null);
  await add('analyst01', 'analyst', personName(rng), null, null);

  const teamBranch = new Map(teamIds.map((t, i) => [t, branchIds[Math.floor(i / TEAM_NAMES.length)]!]));
  const takenIds = new Set<string>();
  const takenCodes = new Set<string>();
  const personIds: number[] = [];
  const companyIds: number[] = [];
  const moneyClients: (MoneyClient & { ownerId: number })[] = [];
  const BATCH = 250;
  const PER_TX = 20;
  let done = 0;
  while (done < opts.clients) {
    await deps.db.transaction().execute(async (tx) => {
      for (let b = 0; b < PER_TX && done < opts.clients; b++) {
        const n = Math.min(BATCH, opts.clients - done);
        const rows: ClientInsert[] = [];
        const contacts: {
          index: number;
          list: { name: string; role: string; phone: string; email: string | null }[];
        }[] = [];
        const coServe: { index: number; userId: number }[] = [];
        const described: Omit<MoneyClient, 'id'>[] = [];
        const owners: number[] = [];
        for (let i = 0; i < n; i++) {
          const corporate = rng.chance(0.2);
          const gen = corporate
            ? generateCorporate(rng, opts.now, takenCodes)
            : generateIndividual(rng, opts.now, takenIds);
          const owner = rng.pick(rms);
          const created = new Date(
            opts.now.getTime() - rng.int(1, 730) * 86_400_000 - rng.int(0, 86_399_999),
          );
          rows.push(
            clientRow(
              deps,
              gen.profile,
              corporate ? 'corporate' : 'individual',
              owner,
              teamBranch.get(owner.teamId)!,
              created,
            ),
          );
          if (corporate) contacts.push({ index: i, list: (gen as DemoCorporate).contacts });
          const p = gen.profile;
          described.push({
            kind: corporate ? 'corporate' : 'individual',
            name: p.name!,
            tier: p.tier as Tier,
            riskTolerance: (p.riskTolerance as RiskTolerance | undefined) ?? null,
            employer: p.employer ?? null,
            annualRevenueMinor: p.annualRevenue?.minor ?? null,
            employees: p.employees ?? null,
          });
          owners.push(owner.id);
          if (rng.chance(0.05)) {
            const other = rng.pick(rms);
            if (other.id !== owner.id) coServe.push({ index: i, userId: other.id });
          }
        }
        const ids = await insertClientBatch(tx, rows);
        for (const [i, id] of ids.entries()) {
          (rows[i]!.kind === 'corporate' ? companyIds : personIds).push(id);
          moneyClients.push({ ...described[i]!, id, ownerId: owners[i]! });
        }
        await insertContactBatch(
          tx,
          contacts.flatMap((c) =>
            c.list.map((x, position) => ({
              client_id: ids[c.index]!,
              position,
              name: x.name,
              role: x.role,
              phone_enc: deps.vault.encrypt(x.phone),
              phone_hash: deps.vault.blindIndex('phone', x.phone),
              email_enc: x.email ? deps.vault.encrypt(x.email) : null,
            })),
          ),
        );
        await insertCoServicerBatch(
          tx,
          coServe.map((c) => ({ client_id: ids[c.index]!, user_id: c.userId })),
        );
        done += n;
      }
      opts.onProgress?.(done, opts.clients);
    });
  }
  const links = demoRelationships(rng, personIds, companyIds, at);
  await deps.db.transaction().execute(async (tx) => {
    for (let i = 0; i < links.length; i += 1000) await insertRelationshipBatch(tx, links.slice(i, i + 1000));
  });
  const actor: Actor = {
    id: admin.id,
    username: 'admin',
    displayName: '系统管理员',
    role: 'admin',
    branchId: null,
    teamId: null,
  };
  const { summary: money, rest } =
    opts.accounts === false
      ? { summary: { accounts: 0, transactions: 0, clientsWithTransactions: 0, stories: [] }, rest: null }
      : await seedMoney(
          { ...deps, actor, now: opts.now, ip: null, userAgent: 'demo' },
          moneyClients,
          new Map(rms.map((r) => [r.id, r.username])),
          {
            seed: opts.seed,
            transactionsFor: opts.transactionsFor ?? 'top',
            defer: opts.deferTransactions === true,
          },
        );
  const fillTransactions = rest
    ? async () => {
        const before = money.transactions;
        await rest();
        await deps.dialect.refreshStatistics(deps.db);
        return money.transactions - before;
      }
    : null;
  await deps.dialect.refreshStatistics(deps.db);
  await appendAudit(deps.db, deps, {
    action: 'system.seed',
    actorId: null,
    ip: null,
    userAgent: null,
    details: {
      clients: opts.clients,
      seed: opts.seed,
      users: users.length,
      accounts: money.accounts,
      transactions: money.transactions,
      warningStories: money.stories.map((s) => ({ clientId: s.clientId, story: s.story })),
    },
    at: opts.now,
  });
  if (money.stories.length > 0)
    deps.log.info({ stories: money.stories }, 'demo clients whose money tells a warning story');
  return {
    users,
    clients: opts.clients,
    password,
    generatedPassword: opts.password === null,
    money,
    fillTransactions,
  };
}

/** Under `top`: the highest-tier clients that get transactions, and at most this many of rm01's. */
export const TOP_CLIENTS = 100;
export const RM01_CLIENTS = 500;

/**
 * Gives the demo clients their money through the real ingest path: accounts with
 * `importAccounts` (≤ 1,000 a call), then transactions with `ingestTransactions` (≤ 10,000 a
 * batch), so balances and rollups come out of the same code as a core-banking feed's. Every client
 * gets accounts and holdings; two years of transactions go to everyone (`all`), or (`top`) to the
 * 100 highest-tier clients, the clients of rm01 (the demo login; up to 500) and the warning-story
 * clients.
 */
async function seedMoney(
  ctx: Ctx,
  clients: readonly (MoneyClient & { ownerId: number })[],
  rmNames: Map<number, string>,
  o: { seed: number; transactionsFor: TransactionsFor; defer: boolean },
): Promise<{ summary: MoneySummary; rest: (() => Promise<void>) | null }> {
  const stories =
    o.transactionsFor === 'none' ? new Map<number, WarningStory>() : pickStories(o.seed, clients);
  const rm01 = [...rmNames].find(([, n]) => n === 'rm01')?.[0];
  const TIER_ORDER = ['private', 'diamond', 'platinum', 'gold', 'standard'];
  const top = new Set(
    [...clients]
      .sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier) || a.id - b.id)
      .slice(0, TOP_CLIENTS)
      .map((c) => c.id),
  );
  const rm01Clients = new Set(
    clients
      .filter((c) => c.ownerId === rm01)
      .slice(0, RM01_CLIENTS)
      .map((c) => c.id),
  );
  const withTransactions = (c: MoneyClient & { ownerId: number }) =>
    o.transactionsFor === 'all' ||
    stories.has(c.id) ||
    (o.transactionsFor === 'top' && (top.has(c.id) || rm01Clients.has(c.id)));
  const summary: MoneySummary = { accounts: 0, transactions: 0, clientsWithTransactions: 0, stories: [] };
  let accounts: DemoAccount[] = [];
  let transactions: TransactionItem[] = [];
  const flush = async () => {
    for (const part of chunks(accounts, 1000))
      await importAccounts(ctx, { source: DEMO_SOURCE, accounts: part });
    for (const part of chunks(transactions, 10_000))
      await ingestTransactions(ctx, { source: DEMO_SOURCE, transactions: part });
    summary.accounts += accounts.length;
    summary.transactions += transactions.length;
    accounts = [];
    transactions = [];
  };
  for (const c of clients) {
    const story = stories.get(c.id) ?? null;
    if (story)
      summary.stories.push({ clientId: c.id, name: c.name, owner: rmNames.get(c.ownerId) ?? '', story });
    if (withTransactions(c)) summary.clientsWithTransactions += 1;
  }
  const give = async (list: readonly (MoneyClient & { ownerId: number })[]) => {
    for (const c of list) {
      const full = withTransactions(c);
      const m = generateMoney(o.seed, c, ctx.now, { transactions: full, story: stories.get(c.id) ?? null });
      accounts.push(...m.accounts);
      for (const t of m.transactions) transactions.push(t);
      if (transactions.length >= 10_000 || accounts.length >= 1000) await flush();
    }
    await flush();
  };
  if (!o.defer) {
    await give(clients);
    return { summary, rest: null };
  }
  // Deferred: the clients without transactions now, the others (accounts and history) later.
  await give(clients.filter((c) => !withTransactions(c)));
  const later = clients.filter(withTransactions);
  return { summary, rest: later.length > 0 ? () => give(later) : null };
}

type DemoLink = Parameters<typeof insertRelationshipBatch>[1][number];

/**
 * Households, corporate groups and a guarantee network for the demo: spouses and parents among
 * people; shareholders, legal representatives and parent companies; guarantees that mostly run
 * one way (lower id to higher), plus planted guarantee circles of 2–5 companies.
 */
function demoRelationships(rng: Rng, people: number[], companies: number[], at: string): DemoLink[] {
  const out: DemoLink[] = [];
  const base = {
    share_bp: null,
    amount_minor: null,
    amount_ccy: null,
    starts_on: null,
    ends_on: null,
    note: null,
    created_by: null,
    created_at: at,
  };
  const add = (from: number, to: number, kind: string, extra: Partial<DemoLink> = {}) =>
    out.push({ ...base, from_client_id: from, to_client_id: to, kind, ...extra });
  // Spouses: disjoint pairs of neighbours in id order (stored lower id first).
  for (let i = 0; i + 1 < people.length; i += 2)
    if (rng.chance(0.3)) add(people[i]!, people[i + 1]!, 'spouse');
  for (let i = 2; i < people.length; i++)
    if (rng.chance(0.05)) add(people[rng.int(0, i - 1)]!, people[i]!, 'parent');
  const guarantee = (from: number, to: number) =>
    add(from, to, 'guarantor', {
      amount_minor: rng.int(1, 50) * 1_000_000 * 100,
      amount_ccy: 'CNY',
      starts_on: at.slice(0, 10),
    });
  companies.forEach((company, i) => {
    if (people.length > 0 && rng.chance(0.4)) {
      const owner = people[rng.int(0, people.length - 1)]!;
      add(owner, company, 'legal_representative');
      add(owner, company, 'shareholder', { share_bp: rng.int(20, 60) * 100 });
    }
    if (i > 0 && rng.chance(0.1)) add(companies[rng.int(0, i - 1)]!, company, 'parent_company');
    if (i > 0 && rng.chance(0.08)) guarantee(companies[rng.int(0, i - 1)]!, company);
  });
  // Guarantee circles: rings among companies not otherwise guaranteeing backwards.
  const rings = Math.floor(companies.length * 0.005);
  for (let r = 0; r < rings; r++) {
    const size = rng.int(2, 5);
    const start = rng.int(0, Math.max(0, companies.length - 40));
    const ring = Array.from({ length: size }, (_, k) => companies[start + k * rng.int(1, 7)]!).filter(
      (v, k, xs) => v !== undefined && xs.indexOf(v) === k,
    );
    if (ring.length < 2) continue;
    for (const [k, c] of ring.entries()) guarantee(c, ring[(k + 1) % ring.length]!);
  }
  // A ring may repeat a one-way guarantee already drawn: keep the first of each pair and kind.
  const seen = new Set<string>();
  return out.filter((l) => {
    const key = `${l.from_client_id}>${l.to_client_id}>${l.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function clientRow(
  deps: Deps,
  p: Profile,
  kind: 'individual' | 'corporate',
  owner: { id: number; teamId: number },
  branchId: number,
  created: Date,
): ClientInsert {
  const cols = profileColumns(p, deps.vault);
  const asOf = created.toISOString().slice(0, 10);
  const fields = Object.keys(p).filter(
    (f) => f !== 'tier' && f !== 'status' && f !== 'tags' && p[f as keyof Profile] !== null,
  );
  if (kind === 'corporate') fields.push('contacts');
  return {
    ...cols,
    kind,
    name: p.name!,
    name_pinyin: cols.name_pinyin as string,
    name_initials: cols.name_initials as string,
    tier: p.tier!,
    status: p.status!,
    tags: JSON.stringify(p.tags ?? []),
    owner_id: owner.id,
    team_id: owner.teamId,
    branch_id: branchId,
    provenance: JSON.stringify(withProvenance({}, fields, 'core_banking', asOf)),
    version: 1,
    created_by: null,
    created_at: created.toISOString(),
    updated_at: created.toISOString(),
  };
}
