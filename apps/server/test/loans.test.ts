import type { AccountDetail } from '@dossier/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { createRelationship } from '../src/features/relationships/relationships.service.ts';
import { accountNumber, makeAccount } from './support/accounts.ts';
import { DIALECTS, countRows } from './support/db.ts';
import { ctxFor, makeCorporate, makeIndividual, makeUser, residentId } from './support/factories.ts';
import { type TestApp, errorOf, openTestApp } from './support/http.ts';

/** 1,000,000.00 at 4.9 % over 12 months, 等额本息, first due 2026-01-31; the test clock is 2026-11-29. */
const LOAN = {
  kind: 'loan' as const,
  productName: '个人经营贷款',
  currency: 'CNY',
  openedOn: '2025-12-20',
  principalMinor: 100_000_000,
  rateBp: 490,
  termMonths: 12,
  maturityOn: '2026-12-31',
  repaymentMethod: 'equal_instalment' as const,
  firstDueOn: '2026-01-31',
};

describe.each(DIALECTS)('loans: schedule, collateral and guarantees (%s)', (dialect) => {
  let t: TestApp;
  let rm: Actor;
  let stranger: Actor;
  let risk: Actor;
  let cookie: string;
  let strangerCookie: string;
  let riskCookie: string;
  let borrowerId: number;
  let loanId: number;
  let depositId: number;
  let n = 500;

  const get = (url: string, c = cookie) => t.app.inject({ method: 'GET', url, headers: { cookie: c } });
  const post = (url: string, payload: object, c = cookie) =>
    t.app.inject({ method: 'POST', url, payload, headers: { cookie: c } });
  const count = (table: 'loan_collateral' | 'loan_guarantees' | 'audit_log') => countRows(t.deps.db, table);
  const newIndividual = (owner: Actor) =>
    makeIndividual(t.deps, owner, { idNumber: residentId(++n, '19791010') });

  beforeAll(async () => {
    t = await openTestApp(dialect);
    rm = await makeUser(t.deps, 'rm');
    stranger = await makeUser(t.deps, 'rm');
    risk = await makeUser(t.deps, 'risk_officer');
    cookie = await t.login(rm.username);
    strangerCookie = await t.login(stranger.username);
    riskCookie = await t.login(risk.username);
    borrowerId = (await newIndividual(rm)).id;
    // Ten instalments paid; 30 days past due: the one of 2026-10-31 is late.
    loanId = (
      await makeAccount(t.deps, rm, borrowerId, { ...LOAN, balanceMinor: 25_460_293, daysPastDue: 30 })
    ).id;
    depositId = (await makeAccount(t.deps, rm, borrowerId)).id;
  });
  afterAll(() => t.close());

  it('a loan takes its repayment method and first due date, and shows its schedule with statuses', async () => {
    const res = await get(`/api/accounts/${loanId}`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as AccountDetail;
    expect(d.account).toMatchObject({ repaymentMethod: 'equal_instalment', firstDueOn: '2026-01-31' });
    expect(d.scheduleMissing).toEqual([]);
    const s = d.schedule!;
    expect(s.instalments).toHaveLength(12);
    expect(s.instalments[0]).toEqual({
      n: 1,
      dueOn: '2026-01-31',
      principalMinor: 8_147_833,
      interestMinor: 408_333,
      totalMinor: 8_556_166,
      remainingMinor: 91_852_167,
      status: 'paid',
    });
    expect(s.instalments.at(-1)).toMatchObject({ totalMinor: 8_556_170, remainingMinor: 0, status: 'due' });
    expect(s.instalments.map((i) => i.status)).toEqual([...Array(9).fill('paid'), 'overdue', 'due', 'due']);
    expect(s.next).toBe(10);
    expect(s.totalInterestMinor).toBe(2_673_996);
  });

  it('a loan without its terms says which are missing; a deposit has no schedule', async () => {
    const bare = await makeAccount(t.deps, rm, borrowerId, { kind: 'loan', productName: '旧贷款' });
    const d = (await get(`/api/accounts/${bare.id}`)).json() as AccountDetail;
    expect(d.schedule).toBeNull();
    expect(d.scheduleMissing).toEqual([
      'principalMinor',
      'rateBp',
      'termMonths',
      'repaymentMethod',
      'firstDueOn',
    ]);
    const dep = (await get(`/api/accounts/${depositId}`)).json() as AccountDetail;
    expect(dep.schedule).toBeNull();
    expect(dep.scheduleMissing).toEqual([]);
  });

  it('new terms are checked by field: loans only, first due after opening and not after maturity', async () => {
    const base = { ...LOAN, accountNo: accountNumber() };
    const cases: [object, string][] = [
      [{ ...base, firstDueOn: '2025-12-01' }, 'firstDueOn'],
      [{ ...base, firstDueOn: '2027-01-31' }, 'firstDueOn'],
      [{ ...base, firstDueOn: '2026-02-30' }, 'firstDueOn'],
      [{ ...base, repaymentMethod: 'balloon' }, 'repaymentMethod'],
      [
        {
          kind: 'demand_deposit',
          productName: '活期',
          accountNo: accountNumber(),
          currency: 'CNY',
          openedOn: '2024-01-01',
          repaymentMethod: 'bullet',
        },
        'repaymentMethod',
      ],
    ];
    for (const [payload, field] of cases) {
      const res = await post(`/api/clients/${borrowerId}/accounts`, payload);
      expect(res.statusCode, res.body).toBe(400);
      expect(errorOf(res).field ?? errorOf(res).issues?.[0]?.field, JSON.stringify(payload)).toBe(field);
    }
  });

  it('the batch from core banking takes them too', async () => {
    const feed = await makeUser(t.deps, 'integration');
    const res = await post(
      '/api/accounts/batch',
      {
        source: 'core_banking',
        accounts: [
          {
            ...LOAN,
            clientId: borrowerId,
            externalId: `L-${++n}`,
            accountNo: accountNumber(),
            repaymentMethod: 'bullet',
          },
        ],
      },
      await t.login(feed.username),
    );
    expect(res.statusCode, res.body).toBe(200);
    const row = await t.deps.db
      .selectFrom('accounts')
      .select(['repayment_method', 'first_due_on'])
      .where('source', '=', 'core_banking')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ repayment_method: 'bullet', first_due_on: '2026-01-31' });
  });

  it('collateral: each bad field is named and nothing is stored', async () => {
    const good = {
      kind: 'real_estate',
      description: '上海市浦东新区张杨路 100 弄 3 号 1201 室',
      appraisedValueMinor: 50_000_000,
      appraisedOn: '2025-12-10',
    };
    const before = [await count('loan_collateral'), await count('audit_log')];
    const cases: [string, object, string][] = [
      [`/api/accounts/${loanId}/collateral`, { ...good, appraisedValueMinor: 0 }, 'appraisedValueMinor'],
      [`/api/accounts/${loanId}/collateral`, { ...good, appraisedValueMinor: -5 }, 'appraisedValueMinor'],
      [`/api/accounts/${loanId}/collateral`, { ...good, appraisedValueMinor: 10.5 }, 'appraisedValueMinor'],
      [`/api/accounts/${loanId}/collateral`, { ...good, appraisedOn: '2026-12-25' }, 'appraisedOn'],
      [`/api/accounts/${loanId}/collateral`, { ...good, appraisedOn: '1900-01-01' }, 'appraisedOn'],
      [`/api/accounts/${loanId}/collateral`, { ...good, description: '  ' }, 'description'],
      [`/api/accounts/${loanId}/collateral`, { ...good, kind: 'boat' }, 'kind'],
      [`/api/accounts/${depositId}/collateral`, good, 'id'],
    ];
    for (const [url, payload, field] of cases) {
      const res = await post(url, payload);
      expect(res.statusCode, res.body).toBe(400);
      expect(errorOf(res).field, JSON.stringify(payload)).toBe(field);
    }
    expect([await count('loan_collateral'), await count('audit_log')]).toEqual(before);
  });

  it('collateral is stored with its loan-to-value and audited in the same transaction', async () => {
    const res = await post(`/api/accounts/${loanId}/collateral`, {
      kind: 'real_estate',
      description: '上海市浦东新区张杨路 100 弄 3 号 1201 室',
      appraisedValueMinor: 50_000_000,
      appraisedOn: '2025-12-10',
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json() as AccountDetail;
    expect(d.collateral).toHaveLength(1);
    // Owed 254,602.93 over 500,000.00.
    expect(d.collateral[0]).toMatchObject({
      kind: 'real_estate',
      appraisedValue: { minor: 50_000_000, currency: 'CNY' },
      appraisedOn: '2025-12-10',
      ltvBp: 5_092,
    });
    await post(`/api/accounts/${loanId}/collateral`, {
      kind: 'deposit_pledge',
      description: '定期存单 No. 0012',
      appraisedValueMinor: 50_000_000,
      appraisedOn: '2026-11-29',
    });
    const after = (await get(`/api/accounts/${loanId}`)).json() as AccountDetail;
    expect(after.collateral.map((c) => c.kind)).toEqual(['real_estate', 'deposit_pledge']);
    expect(after.ltvBp).toBe(2_546);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'loan.collateral_add')
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      actor_id: rm.id,
      target_type: 'account',
      target_id: String(loanId),
    });
    expect(Number(audit[0]!.client_id)).toBe(borrowerId);
    expect(audit[0]!.after).toContain('50000000');
  });

  it('guarantees: only a running guarantor link of this borrower, each refusal naming relationshipId', async () => {
    const other = await newIndividual(rm);
    const friend = await newIndividual(rm);
    const ctx = ctxFor(t.deps, rm);
    const spouse = await createRelationship(ctx, friend.id, {
      toClientId: borrowerId,
      kind: 'related_party',
    });
    const elsewhere = await createRelationship(ctx, friend.id, {
      toClientId: other.id,
      kind: 'guarantor',
      amount: { minor: 10_000_000, currency: 'CNY' },
    });
    const ended = await createRelationship(ctx, other.id, {
      toClientId: borrowerId,
      kind: 'guarantor',
      amount: { minor: 10_000_000, currency: 'CNY' },
      startsOn: '2020-01-01',
      endsOn: '2024-12-31',
    });
    const before = [await count('loan_guarantees'), await count('audit_log')];
    for (const relationshipId of [999_999, spouse.id, elsewhere.id, ended.id]) {
      const res = await post(`/api/accounts/${loanId}/guarantees`, { relationshipId });
      expect(res.statusCode, res.body).toBe(400);
      expect(errorOf(res).field).toBe('relationshipId');
    }
    const missing = await post(`/api/accounts/${loanId}/guarantees`, {});
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing).field).toBe('relationshipId');
    expect([await count('loan_guarantees'), await count('audit_log')]).toEqual(before);
  });

  it('a linked guarantee shows its amount and period; a guarantor outside the viewer’s scope is masked', async () => {
    const mine = await makeIndividual(t.deps, rm, { name: '李四', idNumber: residentId(++n, '19800101') });
    const theirs = await makeCorporate(t.deps, stranger, { name: '深圳远方担保有限公司' });
    const own = await createRelationship(ctxFor(t.deps, rm), mine.id, {
      toClientId: borrowerId,
      kind: 'guarantor',
      amount: { minor: 30_000_000, currency: 'CNY' },
      startsOn: '2025-12-20',
      endsOn: '2027-12-31',
    });
    const hidden = await createRelationship(ctxFor(t.deps, stranger), theirs.id, {
      toClientId: borrowerId,
      kind: 'guarantor',
      amount: { minor: 80_000_000, currency: 'CNY' },
    });
    expect((await post(`/api/accounts/${loanId}/guarantees`, { relationshipId: own.id })).statusCode).toBe(
      201,
    );
    const res = await post(`/api/accounts/${loanId}/guarantees`, { relationshipId: hidden.id });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json() as AccountDetail;
    expect(d.guarantees).toEqual([
      {
        relationshipId: own.id,
        guarantor: { id: mine.id, name: '李四', kind: 'individual', visible: true },
        amount: { minor: 30_000_000, currency: 'CNY' },
        startsOn: '2025-12-20',
        endsOn: '2027-12-31',
        linkedAt: expect.any(String),
      },
      {
        relationshipId: hidden.id,
        guarantor: { id: null, name: expect.stringMatching(/^深圳.*\*/), kind: 'corporate', visible: false },
        amount: { minor: 80_000_000, currency: 'CNY' },
        startsOn: null,
        endsOn: null,
        linkedAt: expect.any(String),
      },
    ]);
    expect(res.body).not.toContain('远方担保');
    // A risk officer sees the whole bank: no mask.
    const central = (await get(`/api/accounts/${loanId}`, riskCookie)).json() as AccountDetail;
    expect(central.guarantees[1]!.guarantor).toEqual({
      id: theirs.id,
      name: '深圳远方担保有限公司',
      kind: 'corporate',
      visible: true,
    });
    const again = await post(`/api/accounts/${loanId}/guarantees`, { relationshipId: own.id });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).field).toBe('relationshipId');
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['client_id', 'target_id', 'after'])
      .where('action', '=', 'loan.guarantee_link')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [Number(a.client_id), a.target_id])).toEqual([
      [borrowerId, String(loanId)],
      [borrowerId, String(loanId)],
    ]);
  });

  it('outside the viewer’s book an account is not found, to read or to change', async () => {
    for (const res of [
      await get(`/api/accounts/${loanId}`, strangerCookie),
      await post(
        `/api/accounts/${loanId}/collateral`,
        { kind: 'vehicle', description: '车辆', appraisedValueMinor: 100, appraisedOn: '2026-01-01' },
        strangerCookie,
      ),
      await get('/api/accounts/987654'),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
      expect(errorOf(res).code).toBe('account.not_found');
    }
    // A risk officer reads every book but changes none.
    const res = await post(
      `/api/accounts/${loanId}/collateral`,
      { kind: 'vehicle', description: '车辆', appraisedValueMinor: 100, appraisedOn: '2026-01-01' },
      riskCookie,
    );
    expect(res.statusCode).toBe(403);
  });
});
