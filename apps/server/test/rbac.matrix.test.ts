import type { Role } from '@dossier/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { DIALECTS } from './support/db.ts';
import { createRelationship } from '../src/features/relationships/relationships.service.ts';
import { ctxFor, makeBranch, makeIndividual, makeTeam, makeUser, residentId } from './support/factories.ts';
import { SAMPLES, makeDocument, multipartBody } from './support/documents.ts';
import { DEFAULT_REQUIRED_DOCUMENTS } from '../src/features/documents/documents.requirements.ts';
import { type TestApp, openTestApp } from './support/http.ts';
import { accountNumber, makeAccount, txn } from './support/accounts.ts';
import { makeAlert } from './support/alerts.ts';
import { decideRule, proposeRule } from '../src/features/alerts/rules.service.ts';
import { requestAlertAction } from '../src/features/alerts/alerts.service.ts';
import type { RuleDefinition } from '@dossier/contract';

/** A small valid rule under a given code. */
function matrixRule(code: string): RuleDefinition {
  return {
    code,
    name: { zh: '矩阵测试规则', en: 'Matrix test rule' },
    description: { zh: '单笔支出达到 100 万元。', en: 'A single payment of ¥1,000,000 or more.' },
    rationale: { zh: '用于访问控制测试。', en: 'For the access tests.' },
    severity: 'low',
    cooldownHours: 24,
    when: 'all',
    conditions: [{ metric: 'event_amount', direction: 'debit', op: '>=', value: 100_000_000 }],
  };
}

/**
 * The access table: for each endpoint and verb, the status each role gets on a client that is
 * its own (the RM owns it; the lead's team; the manager's branch), in another team of the same
 * branch, or in another branch. One table, one generated test per cell.
 */
type Relation = 'own' | 'otherTeam' | 'otherBranch';
type Cell = [own: number, otherTeam: number, otherBranch: number];
const ROLES: Role[] = [
  'rm',
  'team_lead',
  'branch_manager',
  'risk_officer',
  'compliance',
  'analyst',
  'admin',
  'integration',
];

/** Reading a client: by scope for the front line, everything for the central roles, nothing for admin. */
const READ = (ok: number): Record<Role, Cell> => ({
  rm: [ok, 404, 404],
  team_lead: [ok, 404, 404],
  branch_manager: [ok, ok, 404],
  risk_officer: [ok, ok, ok],
  compliance: [ok, ok, ok],
  analyst: [ok, ok, ok],
  admin: [403, 403, 403],
  integration: [403, 403, 403],
});
/** Changing a client: the front line, within scope only. */
const WRITE = (ok: number): Record<Role, Cell> => ({
  rm: [ok, 404, 404],
  team_lead: [ok, 404, 404],
  branch_manager: [ok, ok, 404],
  risk_officer: [403, 403, 403],
  compliance: [403, 403, 403],
  analyst: [403, 403, 403],
  admin: [403, 403, 403],
  integration: [403, 403, 403],
});

// biome-ignore format: the access table reads best as a grid
const CLIENT_ENDPOINTS: Record<string, Record<Role, Cell>> = {
  'GET /api/clients/:id': READ(200),
  'PATCH /api/clients/:id': WRITE(200),
  'POST /api/clients/:id/reveal': {
    rm: [200, 404, 404], team_lead: [200, 404, 404], branch_manager: [200, 200, 404],
    risk_officer: [200, 200, 200], compliance: [200, 200, 200], analyst: [403, 403, 403], admin: [403, 403, 403],
    integration: [403, 403, 403],
  },
  'POST /api/clients/:id/transfer': {
    rm: [403, 403, 403], team_lead: [200, 404, 404], branch_manager: [200, 200, 404],
    risk_officer: [403, 403, 403], compliance: [403, 403, 403], analyst: [403, 403, 403], admin: [403, 403, 403],
    integration: [403, 403, 403],
  },
  'POST /api/clients/:id/merge': {
    rm: [403, 403, 403], team_lead: [200, 404, 404], branch_manager: [200, 200, 404],
    risk_officer: [403, 403, 403], compliance: [403, 403, 403], analyst: [403, 403, 403], admin: [403, 403, 403],
    integration: [403, 403, 403],
  },
  'GET /api/clients/:id/relationships': READ(200),
  'POST /api/clients/:id/relationships': WRITE(201),
  'DELETE /api/clients/:id/relationships/:relationshipId': WRITE(204),
  'GET /api/clients/:id/household': READ(200),
  'GET /api/clients/:id/group': READ(200),
  'GET /api/clients/:id/group/finance': READ(200),
  'GET /api/clients/:id/guarantee-circle': READ(200),
  'GET /api/clients/:id/consents': READ(200),
  'GET /api/clients/:id/quality': READ(200),
  'GET /api/clients/:id/history': READ(200),
  'POST /api/clients/:id/review': WRITE(200),
  'POST /api/clients/:id/consents': WRITE(201),
  'GET /api/clients/:id/documents': READ(200),
  'GET /api/clients/:id/documents/:documentId': READ(200),
  'POST /api/clients/:id/documents': WRITE(201),
  'POST /api/clients/:id/documents/:documentId/versions': WRITE(201),
  // Opening a file shows clear personal data: those who may reveal. Verifying: a second person.
  'GET /api/documents/versions/:versionId/content': {
    rm: [200, 404, 404], team_lead: [200, 404, 404], branch_manager: [200, 200, 404],
    risk_officer: [200, 200, 200], compliance: [200, 200, 200], analyst: [403, 403, 403], admin: [403, 403, 403],
    integration: [403, 403, 403],
  },
  'POST /api/documents/:documentId/verify': {
    rm: [403, 403, 403], team_lead: [200, 404, 404], branch_manager: [200, 200, 404],
    risk_officer: [403, 403, 403], compliance: [200, 200, 200], analyst: [403, 403, 403], admin: [403, 403, 403],
    integration: [403, 403, 403],
  },
  'GET /api/clients/:id/accounts': READ(200),
  'POST /api/clients/:id/accounts': WRITE(201),
  'GET /api/clients/:id/transactions': READ(200),
  'GET /api/clients/:id/finance': READ(200),
  // A loan of the client: its detail, its collateral and guarantees.
  'GET /api/accounts/:id': READ(200),
  'POST /api/accounts/:id/collateral': WRITE(201),
  'POST /api/accounts/:id/guarantees': WRITE(201),
  // An alert on the client: read by scope; worked by the front line and risk; compliance reads only.
  'GET /api/alerts/:id': { ...READ(200), analyst: [403, 403, 403] },
  'POST /api/alerts/:id/status': { ...WRITE(200), risk_officer: [200, 200, 200] },
  'POST /api/alerts/:id/comments': { ...WRITE(200), risk_officer: [200, 200, 200] },
  'POST /api/alerts/:id/actions': { ...WRITE(201), risk_officer: [201, 201, 201] },
  // A freeze the owner asked for: only a risk officer decides it.
  'POST /api/alerts/:id/actions/:actionId/decision': {
    ...WRITE(403), rm: [403, 403, 403], team_lead: [403, 403, 403], branch_manager: [403, 403, 403],
    risk_officer: [200, 200, 200],
  },
};

/** A distinct ID number for each n: the sequence part repeats every 1,000, so the birth day moves on. */
const uniqueId = (n: number, yearMonth: string) =>
  residentId(n, `${yearMonth}${String(1 + Math.floor(n / 1000)).padStart(2, '0')}`);

/** Endpoints without a particular client: one status per role. */
// biome-ignore format: the access table reads best as a grid
const PLAIN_ENDPOINTS: Record<string, Record<Role, number>> = {
  'GET /api/clients':            { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 200, compliance: 200, analyst: 200, admin: 403, integration: 403 },
  'GET /api/clients/suggest':    { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 200, compliance: 200, analyst: 200, admin: 403, integration: 403 },
  'POST /api/clients':           { rm: 201, team_lead: 201, branch_manager: 400, risk_officer: 403, compliance: 403, analyst: 403, admin: 403, integration: 403 },
  'GET /api/users':              { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 403, compliance: 403, analyst: 403, admin: 200, integration: 403 },
  'POST /api/users':             { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 403, compliance: 403, analyst: 403, admin: 201, integration: 403 },
  'GET /api/audit':              { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 403, compliance: 200, analyst: 403, admin: 403, integration: 403 },
  'GET /api/audit/verify':       { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 403, compliance: 200, analyst: 403, admin: 403, integration: 403 },
  'GET /api/guarantee-circles':  { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 200, compliance: 200, analyst: 403, admin: 403, integration: 403 },
  'GET /api/org':                { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 200, compliance: 200, analyst: 200, admin: 200, integration: 200 },
  'GET /api/rms':                { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 200, compliance: 200, analyst: 200, admin: 200, integration: 200 },
  'GET /api/profiles/needing-update': { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 200, compliance: 200, analyst: 200, admin: 403, integration: 403 },
  'GET /api/tasks':              { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 200, compliance: 200, analyst: 200, admin: 200, integration: 200 },
  'POST /api/tasks':             { rm: 201, team_lead: 201, branch_manager: 201, risk_officer: 201, compliance: 201, analyst: 201, admin: 403, integration: 403 },
  'GET /api/notifications':      { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 200, compliance: 200, analyst: 200, admin: 200, integration: 200 },
  'POST /api/notifications/read-all': { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 200, compliance: 200, analyst: 200, admin: 200, integration: 200 },
  'GET /api/duplicates':        { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 200, compliance: 200, analyst: 200, admin: 403, integration: 403 },
  'GET /api/clients/export':    { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 200, compliance: 200, analyst: 200, admin: 403, integration: 403 },
  'POST /api/imports/relationships': { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 403, compliance: 403, analyst: 403, admin: 403, integration: 403 },
  'POST /api/imports/clients':   { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 403, compliance: 403, analyst: 403, admin: 403, integration: 403 },
  'GET /api/imports/mappings/:source': { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 403, compliance: 403, analyst: 403, admin: 403, integration: 403 },
  'PUT /api/imports/mappings/:source': { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 403, compliance: 403, analyst: 403, admin: 403, integration: 403 },
  'GET /api/settings/required-documents': { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 403, compliance: 403, analyst: 403, admin: 200, integration: 403 },
  'PUT /api/settings/required-documents': { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 403, compliance: 403, analyst: 403, admin: 200, integration: 403 },
  // Feeds from core banking: the integration user and admin (backfills) send; nobody else does.
  'POST /api/transactions/batch': { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 403, compliance: 403, analyst: 403, admin: 200, integration: 200 },
  'POST /api/accounts/batch':    { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 403, compliance: 403, analyst: 403, admin: 200, integration: 200 },
  'POST /api/imports/transactions': { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 403, compliance: 403, analyst: 403, admin: 200, integration: 200 },
  'GET /api/imports/transaction-mappings/:source': { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 403, compliance: 403, analyst: 403, admin: 200, integration: 200 },
  'PUT /api/imports/transaction-mappings/:source': { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 403, compliance: 403, analyst: 403, admin: 200, integration: 200 },
  'GET /api/alerts':             { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 200, compliance: 200, analyst: 403, admin: 403, integration: 403 },
  // Rules: read widely; changed by risk and admin, and approved by the other of two people.
  'GET /api/rules':              { rm: 403, team_lead: 200, branch_manager: 200, risk_officer: 200, compliance: 200, analyst: 200, admin: 200, integration: 403 },
  'POST /api/rules':             { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 201, compliance: 403, analyst: 403, admin: 201, integration: 403 },
  'POST /api/rules/backtest':    { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 200, compliance: 403, analyst: 403, admin: 200, integration: 403 },
  'GET /api/rules/:id':          { rm: 403, team_lead: 200, branch_manager: 200, risk_officer: 200, compliance: 200, analyst: 200, admin: 200, integration: 403 },
  'PUT /api/rules/:id':          { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 200, compliance: 403, analyst: 403, admin: 200, integration: 403 },
  'POST /api/rules/:id/decision': { rm: 403, team_lead: 403, branch_manager: 403, risk_officer: 200, compliance: 403, analyst: 403, admin: 200, integration: 403 },
  'GET /api/auth/me':            { rm: 200, team_lead: 200, branch_manager: 200, risk_officer: 200, compliance: 200, analyst: 200, admin: 200, integration: 200 },
};

describe.each(DIALECTS)('RBAC matrix (%s)', (dialect) => {
  let t: TestApp;
  const cookies = new Map<string, string>();
  const actors: Record<Role, Record<Relation, Actor>> = {} as never;
  let owner: Actor;
  let teammate: Actor;
  let n = 1000;
  let feedClient: { id: number };
  let ruleMaker: Actor;
  let ruleChecker: Actor;
  let feedAccountNo: string;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    // Spare branches first, so branch ids and team ids never coincide and a scope that
    // compares the wrong column cannot pass by accident.
    for (let i = 0; i < 5; i++) await makeBranch(t.deps);
    const homeBranch = await makeBranch(t.deps);
    const home = await makeTeam(t.deps, homeBranch);
    const sibling = await makeTeam(t.deps, homeBranch);
    const away = await makeTeam(t.deps);
    owner = await makeUser(t.deps, 'rm', home);
    teammate = await makeUser(t.deps, 'rm', home);
    const central = {} as Record<Role, Actor>;
    for (const role of ['risk_officer', 'compliance', 'analyst', 'admin', 'integration'] as const)
      central[role] = await makeUser(t.deps, role);
    const homeManager = await makeUser(t.deps, 'branch_manager', { branchId: homeBranch });
    actors.rm = {
      own: owner,
      otherTeam: await makeUser(t.deps, 'rm', sibling),
      otherBranch: await makeUser(t.deps, 'rm', away),
    };
    actors.team_lead = {
      own: await makeUser(t.deps, 'team_lead', home),
      otherTeam: await makeUser(t.deps, 'team_lead', sibling),
      otherBranch: await makeUser(t.deps, 'team_lead', away),
    };
    actors.branch_manager = {
      own: homeManager,
      otherTeam: homeManager,
      otherBranch: await makeUser(t.deps, 'branch_manager', { branchId: away.branchId }),
    };
    for (const role of ['risk_officer', 'compliance', 'analyst', 'admin', 'integration'] as const) {
      actors[role] = { own: central[role], otherTeam: central[role], otherBranch: central[role] };
    }
    ruleMaker = await makeUser(t.deps, 'risk_officer');
    ruleChecker = await makeUser(t.deps, 'risk_officer');
    feedClient = await makeIndividual(t.deps, owner, { idNumber: residentId(++n, '19880808') });
    feedAccountNo = (await makeAccount(t.deps, owner, feedClient.id)).number;
    for (const byRel of Object.values(actors)) {
      for (const a of Object.values(byRel))
        if (!cookies.has(a.username)) cookies.set(a.username, await t.login(a.username));
    }
  });
  afterAll(() => t.close());

  /** An alert on the client for the alert endpoints; with a freeze the owner asked for, for the decision. */
  async function alertFor(endpoint: string, clientId: number) {
    if (!endpoint.includes('/api/alerts/:id')) return {};
    const alertId = await makeAlert(t.deps, clientId, owner.id);
    if (!endpoint.includes(':actionId')) return { alertId };
    const alert = await requestAlertAction(ctxFor(t.deps, owner), alertId, {
      kind: 'freeze',
      note: '疑似资金挪用',
    });
    return { alertId, actionId: alert.actions[0]!.id };
  }

  async function call(
    endpoint: string,
    actor: Actor,
    clientId?: number,
    other?: {
      clientId: number;
      relationshipId: number;
      documentId?: number;
      versionId?: number;
      loan?: { accountId: number; guaranteeId: number };
      alertId?: number;
      actionId?: number;
      ruleId?: number;
      ruleCode?: string;
    },
  ) {
    const [method, path] = endpoint.split(' ') as [string, string];
    const idOf = () => {
      if (path.startsWith('/api/accounts/:id')) return other!.loan!.accountId;
      if (path.startsWith('/api/alerts/:id')) return other!.alertId!;
      if (path.startsWith('/api/rules/:id')) return other!.ruleId!;
      return clientId ?? 0;
    };
    const url = path
      .replace(':id', String(idOf()))
      .replace(':relationshipId', String(other?.relationshipId ?? 0))
      .replace(':documentId', String(other?.documentId ?? 0))
      .replace(':versionId', String(other?.versionId ?? 0))
      .replace(':actionId', String(other?.actionId ?? 0));
    const headers: Record<string, string> = { cookie: cookies.get(actor.username)! };
    let payload: Record<string, unknown> | undefined;
    if (method === 'PATCH') {
      headers['if-match'] = '"1"';
      payload = { occupation: '工程师' };
    } else if (url.endsWith('/reveal')) payload = { field: 'idNumber', purpose: '核实身份信息' };
    else if (url.endsWith('/transfer')) payload = { toOwnerId: teammate.id, reason: '团队内调整' };
    else if (url.endsWith('/consents') && method === 'POST')
      payload = {
        purpose: 'marketing_contact',
        status: 'granted',
        channel: 'paper_form',
        evidence: 'F-2026-001',
      };
    else if (url.endsWith('/review')) payload = { riskRating: 'low', confirmedFields: ['name'] };
    else if (url.endsWith('/merge'))
      payload = {
        otherId: other!.clientId,
        survivorVersion: 1,
        otherVersion: 1,
        take: {},
        reason: '重复档案合并',
      };
    else if (method === 'POST' && url.startsWith('/api/clients/') && url.endsWith('/relationships'))
      payload = { toClientId: other!.clientId, kind: 'related_party' };
    else if (method === 'POST' && url === '/api/clients')
      payload = {
        kind: 'individual',
        name: '矩阵测试',
        idType: 'resident_id',
        idNumber: uniqueId(++n, '197707'),
      };
    else if (method === 'POST' && url === '/api/tasks') payload = { title: '回访客户', dueOn: '2026-12-31' };
    else if (method === 'POST' && url === '/api/notifications/read-all') payload = {};
    else if (method === 'POST' && url === '/api/users')
      payload = {
        username: `u${++n}`,
        displayName: '新用户',
        role: 'analyst',
        password: 'Matrix-Test-Password-9',
      };
    if (url === '/api/imports/relationships') {
      return t.app.inject({
        method: 'POST',
        url: `${url}?dryRun=true`,
        payload: '客户证件号码,关联方证件号码,关系类型\n',
        headers: { ...headers, 'content-type': 'text/csv' },
      });
    }
    if (url === '/api/imports/clients') {
      return t.app.inject({
        method: 'POST',
        url: `${url}?dryRun=true`,
        payload: '姓名,证件号码\n张三,110105194912310021\n',
        headers: { ...headers, 'content-type': 'text/csv' },
      });
    }
    if (method === 'PUT' && url.startsWith('/api/imports/mappings/')) payload = { columns: { 名字: 'name' } };
    if (url === '/api/imports/transactions') {
      return t.app.inject({
        method: 'POST',
        url: `${url}?format=csv&dryRun=true`,
        payload: `交易流水号,账号,交易时间,金额\nM-${++n},${feedAccountNo},2026-11-02,5.00\n`,
        headers: { ...headers, 'content-type': 'text/csv' },
      });
    }
    if (method === 'PUT' && url.startsWith('/api/imports/transaction-mappings/'))
      payload = { columns: { Konto: 'accountNo' } };
    if (method === 'POST' && url.endsWith('/accounts'))
      payload = {
        kind: 'time_deposit',
        productName: '三年期定期存款',
        accountNo: accountNumber(),
        currency: 'CNY',
        openedOn: '2025-06-01',
        balanceMinor: 5_000_000,
      };
    if (url === '/api/accounts/batch')
      payload = {
        source: 'core_banking',
        accounts: [
          {
            clientId: feedClient.id,
            externalId: `ACC-${++n}`,
            kind: 'demand_deposit',
            productName: '活期储蓄',
            accountNo: accountNumber(),
            currency: 'CNY',
            openedOn: '2024-01-01',
          },
        ],
      };
    if (url === '/api/transactions/batch')
      payload = { source: 'core_banking', transactions: [txn(feedAccountNo, `TX-${++n}`)] };
    if (method === 'POST' && /\/documents(\/\d+\/versions)?$/.test(url)) {
      const form = await multipartBody({ kind: 'id_card' }, [{ name: 'scan.pdf', bytes: SAMPLES.pdf() }]);
      return t.app.inject({
        method: 'POST',
        url,
        payload: form.payload,
        headers: { ...headers, ...form.headers },
      });
    }
    if (url.endsWith('/verify')) payload = { decision: 'verified' };
    if (url.endsWith('/collateral'))
      payload = {
        kind: 'real_estate',
        description: '北京市朝阳区某小区 2 号楼 801 室',
        appraisedValueMinor: 300_000_000,
        appraisedOn: '2026-06-01',
      };
    if (url.endsWith('/guarantees')) payload = { relationshipId: other!.loan!.guaranteeId };
    if (method === 'PUT' && url === '/api/settings/required-documents') payload = DEFAULT_REQUIRED_DOCUMENTS;
    if (url.endsWith('/status') && url.startsWith('/api/alerts/')) payload = { status: 'acknowledged' };
    if (url.endsWith('/comments')) payload = { comment: '已电话联系客户' };
    if (url.endsWith('/actions')) payload = { kind: 'contact_task', note: '请联系客户核实资金用途' };
    if (url.includes('/actions/') && url.endsWith('/decision')) payload = { approve: true, note: '同意' };
    if ((method === 'POST' && url === '/api/rules') || (method === 'PUT' && url.startsWith('/api/rules/')))
      payload = {
        definition: matrixRule(method === 'POST' ? `matrix_${++n}` : other!.ruleCode!),
        enable: true,
      };
    if (url.endsWith('/decision')) payload = { approve: true };
    if (url === '/api/rules/backtest') payload = { ruleIds: [1], from: '2026-11-01' };
    const res = await t.app.inject({
      method: method as 'GET',
      url: url === '/api/clients/suggest' ? `${url}?q=zs` : url,
      headers,
      payload,
    });
    return res;
  }

  for (const [endpoint, byRole] of Object.entries(CLIENT_ENDPOINTS)) {
    for (const role of ROLES) {
      (['own', 'otherTeam', 'otherBranch'] as const).forEach((rel, i) => {
        const expected = byRole[role][i]!;
        it(`${endpoint} · ${role} · ${rel} → ${expected}`, async () => {
          const client = await makeIndividual(t.deps, owner, { idNumber: uniqueId(++n, '196606') });
          const partner = await makeIndividual(t.deps, owner, { idNumber: uniqueId(++n, '196707') });
          const link = await createRelationship(ctxFor(t.deps, owner), client.id, {
            toClientId: partner.id,
            kind: 'household_member',
          });
          const doc = endpoint.includes('document') ? await makeDocument(t.deps, owner, client.id) : null;
          const loan = endpoint.includes('/api/accounts/:id')
            ? {
                accountId: (
                  await makeAccount(t.deps, owner, client.id, {
                    kind: 'loan',
                    productName: '个人住房贷款',
                    principalMinor: 100_000_000,
                  })
                ).id,
                guaranteeId: (
                  await createRelationship(ctxFor(t.deps, owner), partner.id, {
                    toClientId: client.id,
                    kind: 'guarantor',
                    amount: { minor: 50_000_000, currency: 'CNY' },
                  })
                ).id,
              }
            : undefined;
          const res = await call(endpoint, actors[role][rel], client.id, {
            clientId: partner.id,
            relationshipId: link.id,
            documentId: doc?.id,
            versionId: doc?.latest.id,
            loan,
            ...(await alertFor(endpoint, client.id)),
          });
          expect(res.statusCode, res.body).toBe(expected);
        });
      });
    }
  }

  for (const [endpoint, byRole] of Object.entries(PLAIN_ENDPOINTS)) {
    for (const role of ROLES) {
      it(`${endpoint} · ${role} → ${byRole[role]}`, async () => {
        // A rule of its own, proposed by another person: approved first unless the decision is the test.
        let rule: { ruleId: number; ruleCode: string } | undefined;
        if (endpoint.includes('/api/rules/:id')) {
          const code = `matrix_${++n}`;
          const made = await proposeRule(ctxFor(t.deps, ruleMaker), {
            definition: matrixRule(code),
            enable: true,
          });
          if (!endpoint.endsWith('/decision'))
            await decideRule(ctxFor(t.deps, ruleChecker), made.id, { approve: true });
          rule = { ruleId: made.id, ruleCode: code };
        }
        const res = await call(
          endpoint,
          actors[role].own,
          undefined,
          rule && { clientId: 0, relationshipId: 0, ...rule },
        );
        expect(res.statusCode, res.body).toBe(byRole[role]);
      });
    }
  }

  it('the table covers every API route', () => {
    // A task or notification belongs to its user, not to a client: tasks.test.ts covers those.
    const covered = new Set([
      ...Object.keys(CLIENT_ENDPOINTS),
      ...Object.keys(PLAIN_ENDPOINTS),
      'POST /api/auth/login',
      'POST /api/auth/logout',
      'PATCH /api/tasks/:id',
      'POST /api/notifications/:id/read',
      // A stream never ends: alerts.http.test.ts checks who may open it and what it sends.
      'GET /api/alerts/stream',
    ]);
    const routes = t.app.routeTable
      .filter(
        (r) =>
          r.url.startsWith('/api/') &&
          !r.url.startsWith('/api/docs') &&
          r.url !== '/api/openapi.json' &&
          r.method !== 'HEAD',
      )
      .map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
  });
});

describe('no route answers without a session unless it is public', () => {
  /** The public surface, exactly. A route added to it must be added here on purpose. */
  const PUBLIC = ['GET /healthz', 'POST /api/auth/login', 'GET /api/openapi.json'];
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('every other /api route answers 401 auth.required, before reading the body', async () => {
    const routes = t.app.routeTable.filter((r) => r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(12);
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      const isDocs = r.url.startsWith('/api/docs');
      const declaredPublic = r.public;
      if (PUBLIC.includes(key) || isDocs) {
        expect(declaredPublic, key).toBe(true);
        continue;
      }
      if (!r.url.startsWith('/api/')) {
        expect.fail(`${key} is outside /api and not on the public list`);
      }
      const url = r.url.replace(/:(\w+)/g, '1').replace('*', 'x');
      const res = await t.app.inject({
        method: r.method as 'GET',
        url,
        payload: r.method === 'GET' ? undefined : '{not json',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode, key).toBe(401);
      expect(res.json().error.code, key).toBe('auth.required');
    }
  });
});
