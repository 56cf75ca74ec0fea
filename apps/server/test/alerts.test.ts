import type { Alert, AlertPage, Rule, TransactionItem } from '@dossier/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import http from 'node:http';
import { escalateOverdueAlerts } from '../src/features/alerts/alerts.escalation.ts';
import { subscribeAlerts } from '../src/features/alerts/alerts.bus.ts';
import type { AlertNotice } from '../src/features/alerts/warning.service.ts';
import { deliverOutbox, signature } from '../src/features/outbox/outbox.service.ts';
import { importAccounts } from '../src/features/accounts/accounts.service.ts';
import { ingestTransactions } from '../src/features/transactions/transactions.service.ts';
import { makeAccount, txn } from './support/accounts.ts';
import { DIALECTS } from './support/db.ts';
import {
  TEST_PASSWORD,
  ctxFor,
  makeIndividual,
  makeTeam,
  makeUser,
  residentId,
} from './support/factories.ts';
import { type TestApp, cookieOf, errorOf, openEventStream, openTestApp } from './support/http.ts';
import { openDatabase } from '../src/db/database.ts';
import { newWarningStateCache } from '../src/rules/cache.ts';
import { dayEntries } from '../src/rules/rings.ts';
import { readState } from '../src/rules/state.ts';
import { buildApp } from '../src/http/app.ts';

const YUAN = 100;

describe.each(DIALECTS)('early-warning alerts (%s)', (dialect) => {
  let t: TestApp;
  let rm: Actor;
  let otherRm: Actor;
  let feed: Actor;
  let risk1: Actor;
  let risk2: Actor;
  const cookies = new Map<string, string>();
  let n = 7000;
  let ids = 0;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    rm = await makeUser(t.deps, 'rm');
    otherRm = await makeUser(t.deps, 'rm', await makeTeam(t.deps));
    feed = await makeUser(t.deps, 'integration');
    risk1 = await makeUser(t.deps, 'risk_officer');
    risk2 = await makeUser(t.deps, 'risk_officer');
    for (const a of [rm, otherRm, risk1, risk2]) cookies.set(a.username, await t.login(a.username));
  });
  afterAll(() => t.close());

  const api = (actor: Actor, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: cookies.get(actor.username)! },
      payload: payload as object,
    });

  /** A client of rm's with ¥1,000,000 on a current account, and a function to send it debits. */
  async function wealthyClient() {
    const client = await makeIndividual(t.deps, rm, { idNumber: residentId(++n, '19790101') });
    const account = await makeAccount(t.deps, rm, client.id, {
      balanceMinor: 1_000_000 * YUAN,
      balanceAsOf: '2026-10-01T00:00:00.000Z',
    });
    let balance = 1_000_000 * YUAN;
    const debit = (yuan: number, bookedAt: string, over: Partial<TransactionItem> = {}) => {
      balance -= yuan * YUAN;
      return txn(account.number, `AL-${++ids}`, {
        bookedAt,
        amountMinor: yuan * YUAN,
        direction: 'debit',
        category: 'transfer_out',
        balanceAfterMinor: balance,
        ...over,
      });
    };
    return { client, account, debit };
  }
  const send = (transactions: TransactionItem[]) =>
    ingestTransactions(ctxFor(t.deps, feed), { source: 'core_banking', transactions });
  const alertsOf = async (actor: Actor, clientId: number) =>
    (await api(actor, 'GET', `/api/alerts?clientId=${clientId}`)).json() as AlertPage;

  it('a balance falling 60 % in two days raises one alert with the why; later hits add evidence', async () => {
    const { client, debit } = await wealthyClient();
    await send([debit(300_000, '2026-11-02T02:00:00.000Z')]);
    expect((await alertsOf(rm, client.id)).total).toBe(0);
    await send([debit(300_000, '2026-11-03T02:00:00.000Z')]);
    const page = await alertsOf(rm, client.id);
    expect(page.total).toBe(1);
    const [summary] = page.items;
    expect(summary!.rule.code).toBe('balance_drain');
    expect(summary!.rule.name.zh).toBe('存款余额骤降');
    expect(summary!.severity).toBe('high');
    expect(summary!.status).toBe('open');
    expect(summary!.owner!.id).toBe(rm.id);
    expect(Date.parse(summary!.dueAt) - Date.parse(summary!.raisedAt)).toBe(24 * 3_600_000);
    expect(page.openBySeverity.high).toBeGreaterThanOrEqual(1);

    const alert = (await api(rm, 'GET', `/api/alerts/${summary!.id}`)).json() as Alert;
    expect(alert.evidence).toHaveLength(1);
    expect(alert.evidence[0]!.amountMinor).toBe(300_000 * YUAN);
    expect(alert.evidence[0]!.transactionId).toBeGreaterThan(0);
    expect(alert.evidence[0]!.trace).toEqual([
      { metric: 'balance_drop_pct', value: 60, op: '>=', threshold: 60, holds: true },
    ]);
    expect(alert.events.map((e) => e.kind)).toEqual(['raised']);

    // The same day, more goes: the open alert gathers it; no second alert.
    await send([debit(100_000, '2026-11-03T05:00:00.000Z')]);
    const again = (await api(rm, 'GET', `/api/alerts/${summary!.id}`)).json() as Alert;
    expect(again.hits).toBe(2);
    // The history says it was hit again, and by how many hits.
    expect(again.events.map((e) => [e.kind, e.detail, e.actor])).toEqual([
      ['raised', null, null],
      ['hit', '1', null],
    ]);
    expect(again.evidence.map((e) => e.trace[0]!.value)).toEqual([70, 60]);
    expect((await alertsOf(rm, client.id)).total).toBe(1);
  });

  it('a replayed batch is not judged again', async () => {
    const { client, debit } = await wealthyClient();
    const batch = [debit(300_000, '2026-11-02T02:00:00.000Z'), debit(400_000, '2026-11-03T02:00:00.000Z')];
    await send(batch);
    const first = (await alertsOf(rm, client.id)).items;
    expect(first).toHaveLength(1);
    const replay = await send(batch);
    expect(replay.inserted).toBe(0);
    const after = (await api(rm, 'GET', `/api/alerts/${first[0]!.id}`)).json() as Alert;
    expect(after.hits).toBe(1);
  });

  it('a loan the feed restates is judged on the change: days past due rising, a downgrade', async () => {
    const client = await makeIndividual(t.deps, rm, { idNumber: residentId(++n, '19800101') });
    const loan = (over: {
      daysPastDue: number;
      classification: 'normal' | 'special_mention' | 'substandard';
    }) => ({
      source: 'core_banking',
      accounts: [
        {
          clientId: client.id,
          externalId: `LN-${client.id}`,
          kind: 'loan' as const,
          productName: '经营贷',
          accountNo: `6228${String(client.id).padStart(12, '0')}`,
          currency: 'CNY',
          status: 'active' as const,
          openedOn: '2025-01-01',
          balanceMinor: 800_000 * YUAN,
          principalMinor: 1_000_000 * YUAN,
          termMonths: 36,
          rateBp: 420,
          ...over,
        },
      ],
    });
    const codes = async () => (await alertsOf(rm, client.id)).items.map((a) => a.rule.code).sort();
    const feedCtx = ctxFor(t.deps, feed);
    expect(await importAccounts(feedCtx, loan({ daysPastDue: 0, classification: 'normal' }))).toMatchObject({
      created: 1,
      updated: 0,
    });
    expect(await codes()).toEqual([]);
    // The same terms again: nothing changes, nothing is judged.
    expect(await importAccounts(feedCtx, loan({ daysPastDue: 0, classification: 'normal' }))).toMatchObject({
      existing: 1,
      updated: 0,
    });
    expect(await importAccounts(feedCtx, loan({ daysPastDue: 35, classification: 'normal' }))).toMatchObject({
      existing: 0,
      updated: 1,
    });
    expect(await codes()).toEqual(['loan_overdue_30']);
    await importAccounts(feedCtx, loan({ daysPastDue: 40, classification: 'substandard' }));
    expect(await codes()).toEqual(['classification_downgrade', 'loan_overdue_30']);
    const downgrade = (await alertsOf(rm, client.id)).items.find(
      (a) => a.rule.code === 'classification_downgrade',
    )!;
    const detail = (await api(rm, 'GET', `/api/alerts/${downgrade.id}`)).json() as Alert;
    // normal → substandard: two of the five categories down.
    expect(detail.evidence[0]!.trace).toEqual([
      { metric: 'classification_downgrade', value: 2, op: '>=', threshold: 1, holds: true },
    ]);
    const stored = await t.deps.db
      .selectFrom('accounts')
      .select(['days_past_due', 'classification'])
      .where('external_id', '=', `LN-${client.id}`)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ days_past_due: 40, classification: 'substandard' });
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'account.create')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details as string).restated[0]).toMatchObject({
      before: { days_past_due: 35, classification: 'normal' },
      after: { days_past_due: 40, classification: 'substandard' },
    });
  });

  it('is seen within scope only, and worked through its statuses to an outcome', async () => {
    const { client, debit } = await wealthyClient();
    await send([debit(700_000, '2026-11-03T02:00:00.000Z')]);
    const [summary] = (await alertsOf(rm, client.id)).items;
    expect((await alertsOf(otherRm, client.id)).total).toBe(0);
    const hidden = await api(otherRm, 'GET', `/api/alerts/${summary!.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(errorOf(hidden).code).toBe('alert.not_found');

    const ack = await api(rm, 'POST', `/api/alerts/${summary!.id}/status`, { status: 'acknowledged' });
    expect(ack.statusCode, ack.body).toBe(200);
    const noOutcome = await api(rm, 'POST', `/api/alerts/${summary!.id}/status`, { status: 'resolved' });
    expect(noOutcome.statusCode).toBe(400);
    expect(errorOf(noOutcome).field).toBe('resolution');
    const done = await api(rm, 'POST', `/api/alerts/${summary!.id}/status`, {
      status: 'resolved',
      resolution: 'confirmed_risk',
      comment: '客户确认资金转往他行偿债',
    });
    expect(done.statusCode, done.body).toBe(200);
    const resolved = done.json() as Alert;
    expect(resolved.resolution).toBe('confirmed_risk');
    expect(resolved.events.map((e) => [e.kind, e.detail])).toEqual([
      ['raised', null],
      ['status', 'acknowledged'],
      ['status', 'resolved:confirmed_risk'],
      ['comment', '客户确认资金转往他行偿债'],
    ]);
    const back = await api(rm, 'POST', `/api/alerts/${summary!.id}/status`, { status: 'acknowledged' });
    expect(back.statusCode).toBe(409);
    expect(errorOf(back).code).toBe('alert.invalid_transition');
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'alert')
      .where('target_id', '=', String(summary!.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['alert.status', 'alert.status']);

    // Within the rule's 72-hour cool-down a new fall raises nothing; after it, a new alert.
    await send([debit(100_000, '2026-11-04T02:00:00.000Z')]);
    expect((await alertsOf(rm, client.id)).total).toBe(1);
  });

  it('a rule that fails at run time is switched off and reported; ingestion goes on', async () => {
    const rule = await t.deps.db
      .selectFrom('warning_rules')
      .select(['id', 'definition'])
      .where('code', '=', 'dormant_reactivated')
      .executeTakeFirstOrThrow();
    const broken = JSON.parse(rule.definition);
    broken.conditions[0].metric = 'moon_phase';
    await t.deps.db
      .updateTable('warning_rules')
      .set({ definition: JSON.stringify(broken) })
      .where('id', '=', rule.id)
      .execute();
    const { debit } = await wealthyClient();
    const r = await send([debit(10, '2026-11-05T02:00:00.000Z')]);
    expect(r.inserted).toBe(1);
    const after = await t.deps.db
      .selectFrom('warning_rules')
      .select(['enabled', 'status', 'failure'])
      .where('id', '=', rule.id)
      .executeTakeFirstOrThrow();
    expect(after.enabled).toBe(0);
    expect(after.status).toBe('failed');
    expect(after.failure).toMatch(/not a function/);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'rule.failed')
      .execute();
    expect(audit).toHaveLength(1);
    // Put it back as it was (a stored definition is always a valid one but for this test).
    await t.deps.db
      .updateTable('warning_rules')
      .set({ definition: rule.definition, enabled: 1, status: 'active', failure: null })
      .where('id', '=', rule.id)
      .execute();
  });

  it('rules change only when a second person approves; an invalid rule names the fault', async () => {
    const listed = await api(risk1, 'GET', '/api/rules');
    expect(listed.statusCode, listed.body).toBe(200);
    const list = listed.json() as { items: Rule[] };
    expect(list.items.length).toBeGreaterThanOrEqual(10);
    const drain = list.items.find((r) => r.code === 'balance_drain')!;
    expect(drain.version).toBe(1);
    const stricter = structuredClone(drain.definition);
    (stricter.conditions[0] as { value: number }).value = 50;
    const proposed = await api(risk1, 'PUT', `/api/rules/${drain.id}`, {
      definition: stricter,
      enable: true,
    });
    expect(proposed.statusCode, proposed.body).toBe(200);
    expect((proposed.json() as Rule).pending!.version).toBe(2);
    expect((proposed.json() as Rule).version).toBe(1);

    const self = await api(risk1, 'POST', `/api/rules/${drain.id}/decision`, { approve: true });
    expect(self.statusCode).toBe(403);
    expect(errorOf(self).code).toBe('rule.self_approval');
    const approved = await api(risk2, 'POST', `/api/rules/${drain.id}/decision`, { approve: true });
    expect(approved.statusCode, approved.body).toBe(200);
    const rule = approved.json() as Rule;
    expect(rule.version).toBe(2);
    expect(rule.pending).toBeNull();
    expect((rule.definition.conditions[0] as { value: number }).value).toBe(50);

    // Now a 50 % fall is enough.
    const { client, debit } = await wealthyClient();
    await send([debit(500_000, '2026-11-03T02:00:00.000Z')]);
    const [summary] = (await alertsOf(rm, client.id)).items;
    expect(summary!.rule.version).toBe(2);

    const bad = structuredClone(stricter);
    (bad.conditions[0] as { windowDays: number }).windowDays = 365;
    const refused = await api(risk1, 'PUT', `/api/rules/${drain.id}`, { definition: bad, enable: true });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).field).toBe('definition.conditions.0.windowDays');
  });

  it('streams a new alert to an open browser as it is committed, within the viewer’s scope', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const open = async (actor: Actor) => {
      const stream = await openEventStream(`${address}/api/alerts/stream`, cookies.get(actor.username)!);
      expect(stream.res.status).toBe(200);
      expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      return stream;
    };
    const mine = await open(rm);
    const theirs = await open(otherRm);
    await mine.until(/: connected/, 2000);
    const heard: AlertNotice[] = [];
    const unsubscribe = subscribeAlerts(t.deps, (notices) => heard.push(...notices));
    const { client, debit } = await wealthyClient();
    await send([debit(700_000, '2026-11-03T02:00:00.000Z')]);
    const got = await mine.until(/event: alert\.raised\ndata: .*\n\n/, 5000);
    const data = JSON.parse(/data: (.*)\n/.exec(got.slice(got.indexOf('event: alert.raised')))![1]!);
    expect(data.alert.client.id).toBe(client.id);
    expect(data.alert.rule.code).toBe('balance_drain');
    // The notice carries the alert, read in the ingest's own transaction: streams need no query
    // (and no free connection) to send it.
    unsubscribe();
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({
      type: 'alert.raised',
      clientId: client.id,
      alert: { summary: data.alert, audience: { ownerId: rm.id, coServicers: [] } },
    });
    expect(await theirs.until(/alert\.raised/, 500)).not.toMatch(/alert\.raised/);
    mine.close();
    theirs.close();

    const analyst = await makeUser(t.deps, 'analyst');
    const denied = await t.app.inject({
      method: 'GET',
      url: '/api/alerts/stream',
      headers: { cookie: await t.login(analyst.username) },
    });
    expect(denied.statusCode).toBe(403);
  });

  it('playbook: a contact task for the RM, a freeze request a second risk officer approves, sent signed to core banking', async () => {
    const { client, debit } = await wealthyClient();
    await send([debit(700_000, '2026-11-03T02:00:00.000Z')]);
    const [summary] = (await alertsOf(rm, client.id)).items;
    const url = `/api/alerts/${summary!.id}/actions`;

    const contact = await api(rm, 'POST', url, { kind: 'contact_task', note: '请今日电话了解大额转出用途' });
    expect(contact.statusCode, contact.body).toBe(201);
    const afterContact = contact.json() as Alert;
    expect(afterContact.status).toBe('in_progress');
    const task = afterContact.actions[0]!;
    expect(task).toMatchObject({ kind: 'contact_task', status: 'done' });
    const stored = await t.deps.db
      .selectFrom('tasks')
      .select(['assignee_id', 'client_id', 'source', 'title'])
      .where('id', '=', task.taskId!)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ source: 'alert', title: '预警跟进：联系客户（存款余额骤降）' });
    expect(Number(stored.assignee_id)).toBe(rm.id);
    expect(Number(stored.client_id)).toBe(client.id);

    const noLimit = await api(rm, 'POST', url, { kind: 'limit_review', note: '建议压降授信' });
    expect(noLimit.statusCode).toBe(400);
    expect(errorOf(noLimit).field).toBe('proposedLimitMinor');

    const freeze = await api(risk1, 'POST', url, { kind: 'freeze', note: '疑似资金挪用，申请止付' });
    expect(freeze.statusCode, freeze.body).toBe(201);
    const request = (freeze.json() as Alert).actions.find((a) => a.kind === 'freeze')!;
    expect(request.status).toBe('pending');
    const decide = (actor: Actor, approve: boolean) =>
      api(actor, 'POST', `${url}/${request.id}/decision`, { approve, note: '同意止付' });
    expect((await decide(rm, true)).statusCode).toBe(403); // an RM decides nothing
    const self = await decide(risk1, true);
    expect(self.statusCode).toBe(403);
    expect(errorOf(self).code).toBe('action.self_approval');
    const outboxBefore = await t.deps.db.selectFrom('outbox').select('id').execute();
    const approved = await decide(risk2, true);
    expect(approved.statusCode, approved.body).toBe(200);
    expect((approved.json() as Alert).actions.find((a) => a.id === request.id)).toMatchObject({
      status: 'approved',
      decidedBy: risk2.displayName,
      decisionNote: '同意止付',
    });
    expect((await decide(risk2, false)).statusCode).toBe(409);
    const events = (approved.json() as Alert).events.filter((e) => e.kind === 'action').map((e) => e.detail);
    expect(events).toEqual(['contact_task:requested', 'freeze:requested', 'freeze:approved']);

    // Core banking receives it once, signed, after one refused delivery.
    const outbox = await t.deps.db.selectFrom('outbox').selectAll().orderBy('id').execute();
    expect(outbox.length).toBe(outboxBefore.length + 1);
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    let refuse = true;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = refuse ? 503 : 204;
        refuse = false;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const target = {
      url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`,
      secret: 'core-banking-shared-secret',
    };
    const clock = { value: new Date(t.now.value) };
    const deps = { ...t.deps, clock: () => clock.value };
    expect(await deliverOutbox(deps, target)).toEqual({ delivered: 0, failed: outbox.length });
    expect(await deliverOutbox(deps, target)).toEqual({ delivered: 0, failed: 0 }); // waiting for its retry
    clock.value = new Date(clock.value.getTime() + 6000);
    expect(await deliverOutbox(deps, target)).toEqual({ delivered: outbox.length, failed: 0 });
    server.close();
    const last = received.at(-1)!;
    const message = JSON.parse(last.body);
    expect(message.topic).toBe('alert.action.approved');
    expect(message.data).toMatchObject({
      alertId: summary!.id,
      kind: 'freeze',
      clientId: client.id,
      approvedBy: risk2.username,
    });
    expect(last.headers['x-dossier-signature']).toBe(
      `sha256=${signature(target.secret, String(last.headers['x-dossier-timestamp']), last.body)}`,
    );
    const delivered = await t.deps.db
      .selectFrom('outbox')
      .select(['attempts', 'delivered_at'])
      .where('id', '=', outbox.at(-1)!.id)
      .executeTakeFirstOrThrow();
    expect(delivered.attempts).toBe(2);
    expect(delivered.delivered_at).not.toBeNull();
  });

  it('an alert past its SLA goes to the team lead, once', async () => {
    const lead = await makeUser(t.deps, 'team_lead', { teamId: rm.teamId!, branchId: rm.branchId! });
    const { client, debit } = await wealthyClient();
    await send([debit(700_000, '2026-11-03T02:00:00.000Z')]);
    const [summary] = (await alertsOf(rm, client.id)).items;
    expect(summary!.overdue).toBe(false);
    const later = new Date(Date.parse(summary!.dueAt) + 60_000);
    const first = await escalateOverdueAlerts(t.deps, later);
    expect(first.created).toBeGreaterThanOrEqual(1);
    expect((await escalateOverdueAlerts(t.deps, later)).created).toBe(0);
    const note = await t.deps.db
      .selectFrom('notifications')
      .select(['title', 'link'])
      .where('user_id', '=', lead.id)
      .execute();
    expect(note).toContainEqual({ title: '预警超时未处理：存款余额骤降', link: `/alerts/${summary!.id}` });
    const alert = (await api(rm, 'GET', `/api/alerts/${summary!.id}`)).json() as Alert;
    expect(alert.events.map((e) => e.kind)).toContain('escalated');
  });

  it('backtests stored rules and a draft over history, writing nothing; borrowers flagged before their loan', async () => {
    const { client, account, debit } = await wealthyClient();
    await send([debit(300_000, '2026-06-02T02:00:00.000Z'), debit(300_000, '2026-06-03T02:00:00.000Z')]);
    // A loan granted after the fall, and gone bad.
    await makeAccount(t.deps, rm, client.id, {
      kind: 'loan',
      productName: '个人经营贷款',
      principalMinor: 500_000 * YUAN,
      balanceMinor: 500_000 * YUAN,
      openedOn: '2026-07-01',
      classification: 'substandard',
    });
    const alertsBefore = await t.deps.db.selectFrom('alerts').select('id').execute();
    const drain = (await api(risk1, 'GET', '/api/rules')).json() as { items: Rule[] };
    const ruleId = drain.items.find((r) => r.code === 'balance_drain')!.id;
    const res = await api(risk1, 'POST', '/api/rules/backtest', {
      ruleIds: [ruleId],
      from: '2026-06-01',
      to: '2026-06-30',
      beforeLoanStart: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as {
      rules: {
        code: string;
        alerts: number;
        clientsHit: number;
        hitsPerDay: { day: string; alerts: number }[];
      }[];
      outcomes: { flagged: number; flaggedBad: number };
      transactionsJudged: number;
    };
    expect(r.rules[0]!.code).toBe('balance_drain');
    expect(r.rules[0]!.hitsPerDay).toContainEqual({ day: '2026-06-03', alerts: 1 });
    expect(r.outcomes.flagged).toBeGreaterThanOrEqual(1);
    expect(r.outcomes.flaggedBad).toBeGreaterThanOrEqual(1);
    expect(r.transactionsJudged).toBeGreaterThanOrEqual(2);
    // A stricter draft (a 90 % fall) does not flag this client.
    const draft = structuredClone(drain.items.find((x) => x.code === 'balance_drain')!.definition);
    draft.code = 'balance_drain_draft';
    (draft.conditions[0] as { value: number }).value = 90;
    const strict = await api(risk1, 'POST', '/api/rules/backtest', {
      definition: draft,
      from: '2026-06-01',
      to: '2026-06-30',
    });
    expect(strict.statusCode, strict.body).toBe(200);
    expect(
      (strict.json() as typeof r).rules[0]!.hitsPerDay.find((d) => d.day === '2026-06-03'),
    ).toBeUndefined();
    expect(await t.deps.db.selectFrom('alerts').select('id').execute()).toHaveLength(alertsBefore.length);
    const none = await api(risk1, 'POST', '/api/rules/backtest', { from: '2026-06-01' });
    expect(none.statusCode).toBe(400);
    expect(errorOf(none).field).toBe('ruleIds');
    expect(account.id).toBeGreaterThan(0);
  });

  it('per rule: alerts per day, precision among resolved, median minutes to act', async () => {
    const ruleOf = async () =>
      ((await api(risk1, 'GET', '/api/rules')).json() as { items: Rule[] }).items.find(
        (r) => r.code === 'new_payee_large',
      )!;
    const listed = await api(risk1, 'GET', '/api/rules');
    expect(listed.statusCode, listed.body).toBe(200);
    expect((await ruleOf()).stats.alerts30d).toBe(0);
    const pay = async (to: string) => {
      const { client, debit } = await wealthyClient();
      await send([
        debit(300_000, '2026-11-03T02:00:00.000Z', { counterpartyName: '某某', counterpartyAccount: to }),
      ]);
      return (await alertsOf(rm, client.id)).items.find((a) => a.rule.code === 'new_payee_large')!;
    };
    const a = await pay('6217999900000000001');
    const b = await pay('6217999900000000002');
    // Raised 30 and 90 minutes before a person acted on them.
    const before = (minutes: number) => new Date(t.now.value.getTime() - minutes * 60_000).toISOString();
    await t.deps.db
      .updateTable('alerts')
      .set({ raised_at: before(30) })
      .where('id', '=', a.id)
      .execute();
    await t.deps.db
      .updateTable('alerts')
      .set({ raised_at: before(90) })
      .where('id', '=', b.id)
      .execute();
    await api(rm, 'POST', `/api/alerts/${a.id}/status`, { status: 'resolved', resolution: 'confirmed_risk' });
    await api(rm, 'POST', `/api/alerts/${b.id}/status`, { status: 'resolved', resolution: 'false_positive' });
    const { stats } = await ruleOf();
    expect(stats.alerts30d).toBe(2);
    expect(stats.alertsPerDay).toBe(0.07);
    expect(stats.resolved).toBe(2);
    expect(stats.confirmedRisk).toBe(1);
    expect(stats.precision).toBe(0.5);
    expect(stats.medianMinutesToAct).toBe(60);
  });

  it('history older than half a year is stored but not judged; a state starts from the accounts as they stand', async () => {
    const client = await makeIndividual(t.deps, rm, { idNumber: residentId(++n, '19790101') });
    const account = await makeAccount(t.deps, rm, client.id, {
      balanceMinor: 1_000_000 * YUAN,
      balanceAsOf: '2025-12-31T00:00:00.000Z',
    });
    const move = (yuan: number, bookedAt: string, balance: number) =>
      txn(account.number, `OLD-${++ids}`, {
        bookedAt,
        amountMinor: yuan * YUAN,
        direction: 'debit',
        category: 'transfer_out',
        balanceAfterMinor: balance * YUAN,
      });
    await send([move(100, '2026-01-05T02:00:00.000Z', 999_900)]);
    const stateOf = () =>
      t.deps.db
        .selectFrom('warning_states')
        .select('state')
        .where('client_id', '=', client.id)
        .executeTakeFirst();
    expect(await stateOf()).toBeUndefined();
    // Ten months later the account moves again: it slept since January, and the rules know it.
    await send([move(60_000, '2026-11-20T02:00:00.000Z', 939_900)]);
    expect((await stateOf())?.state).toBeDefined();
    const codes = (await alertsOf(rm, client.id)).items.map((a) => a.rule.code);
    expect(codes).toContain('dormant_reactivated');
    expect(codes).not.toContain('balance_drain');
  });

  it('concurrent batches on one client take turns: every balance in its state, one alert, none lost', async () => {
    const client = await makeIndividual(t.deps, rm, { idNumber: residentId(++n, '19770707') });
    const accounts = [];
    for (let i = 0; i < 6; i++)
      accounts.push(
        await makeAccount(t.deps, rm, client.id, {
          balanceMinor: 200_000 * YUAN,
          balanceAsOf: '2026-10-01T00:00:00.000Z',
        }),
      );
    // Each batch empties its own account: together a 100 % fall, judged by whichever comes last.
    const results = await Promise.all(
      accounts.map((a, i) =>
        send([
          txn(a.number, `CC-${++ids}`, {
            bookedAt: `2026-11-03T02:00:0${i}.000Z`,
            amountMinor: 200_000 * YUAN,
            direction: 'debit',
            category: 'transfer_out',
            balanceAfterMinor: 0,
          }),
        ]),
      ),
    );
    expect(results.every((r) => r.inserted === 1)).toBe(true);
    const state = await t.deps.db
      .selectFrom('warning_states')
      .select('state')
      .where('client_id', '=', client.id)
      .executeTakeFirstOrThrow();
    const balances = JSON.parse(state.state).balances.CNY as Record<string, number>;
    expect(Object.keys(balances).sort()).toEqual(accounts.map((a) => String(a.id)).sort());
    expect(Object.values(balances).every((b) => b === 0)).toBe(true);
    const drains = (await alertsOf(rm, client.id)).items.filter((a) => a.rule.code === 'balance_drain');
    expect(drains).toHaveLength(1);
  });

  it('uses a state it holds only while the row is the one it saved: not after another process, not after a rollback', async () => {
    const { client, account, debit } = await wealthyClient();
    /** How many transactions the client's stored state has learnt (the count of each day's runs). */
    const learnt = async () => {
      const row = await t.deps.db
        .selectFrom('warning_states')
        .select(['state', 'revision'])
        .where('client_id', '=', client.id)
        .executeTakeFirstOrThrow();
      let n = 0;
      for (const [, runs] of dayEntries(readState(row.state).days))
        for (let i = 0; i < runs.length; i += 4) n += runs[i + 2]!;
      return { n, revision: row.revision };
    };
    await send([debit(1_000, '2026-11-02T02:00:00.000Z')]);
    const first = await learnt();
    expect(first.n).toBe(1);
    // Another process on the same database (its own memory) judges the next batch.
    const other = { ...t.deps, warningStates: newWarningStateCache() };
    await ingestTransactions(ctxFor(other, feed), {
      source: 'core_banking',
      transactions: [debit(1_000, '2026-11-02T03:00:00.000Z')],
    });
    const second = await learnt();
    expect(second.n).toBe(2);
    expect(second.revision).not.toBe(first.revision);
    // This process held the state after the first batch: it must read the other's save instead.
    await send([debit(1_000, '2026-11-02T04:00:00.000Z')]);
    expect((await learnt()).n).toBe(3);
    // A batch judged inside a file's transaction that then fails: the row keeps what it had.
    const next = (id: string, at: string) =>
      txn(account.number, id, {
        bookedAt: at,
        amountMinor: 1_000 * YUAN,
        direction: 'debit',
        category: 'transfer_out',
        balanceAfterMinor: 996_000 * YUAN,
      });
    await expect(
      t.deps.db.transaction().execute(async (tx) => {
        await ingestTransactions(
          ctxFor(t.deps, feed),
          { source: 'core_banking', transactions: [next(`RB-${++ids}`, '2026-11-02T05:00:00.000Z')] },
          { tx },
        );
        throw new Error('the file failed after this batch');
      }),
    ).rejects.toThrow('the file failed after this batch');
    expect((await learnt()).n).toBe(3);
    await send([next(`RB-${++ids}`, '2026-11-02T06:00:00.000Z')]);
    expect((await learnt()).n).toBe(4);
  });
});

/** Two server processes on one PostgreSQL database: an alert committed by one streams from the other. */
describe.each(DIALECTS.filter((d) => d === 'postgres'))('alerts across processes (%s)', (dialect) => {
  it('a browser on process B hears the alert process A committed', async () => {
    const a = await openTestApp(dialect);
    const handleB = openDatabase({ databaseUrl: a.url!, sqliteFile: '' });
    const depsB = {
      ...a.deps,
      db: handleB.db,
      notifier: handleB.notifier,
      warningStates: newWarningStateCache(),
    };
    const appB = await buildApp({ deps: depsB, webDist: null });
    try {
      const rm = await makeUser(a.deps, 'rm');
      const feed = await makeUser(a.deps, 'integration');
      const login = await appB.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: rm.username, password: TEST_PASSWORD },
      });
      const cookie = cookieOf(login);
      const address = await appB.listen({ port: 0, host: '127.0.0.1' });
      const { until, close } = await openEventStream(`${address}/api/alerts/stream`, cookie);
      await until(/: connected/, 5000);
      const client = await makeIndividual(a.deps, rm, { idNumber: residentId(8123, '19700101') });
      const account = await makeAccount(a.deps, rm, client.id, {
        balanceMinor: 1_000_000 * YUAN,
        balanceAsOf: '2026-10-01T00:00:00.000Z',
      });
      await ingestTransactions(ctxFor(a.deps, feed), {
        source: 'core_banking',
        transactions: [
          txn(account.number, 'XP-1', {
            bookedAt: '2026-11-03T02:00:00.000Z',
            amountMinor: 700_000 * YUAN,
            direction: 'debit',
            category: 'transfer_out',
            balanceAfterMinor: 300_000 * YUAN,
          }),
        ],
      });
      const got = await until(/event: alert\.raised\ndata: .*\n\n/, 5000);
      expect(got).toMatch(/event: alert\.raised/);
      expect(got).toContain(`"client":{"id":${client.id}`);
      close();
    } finally {
      await appB.close();
      await handleB.close();
      await a.close();
    }
  });
});
