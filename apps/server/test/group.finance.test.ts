import type { GroupFinance } from '@dossier/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { createRelationship, groupFinance } from '../src/features/relationships/relationships.service.ts';
import { makeAccount } from './support/accounts.ts';
import { DIALECTS, type TestDb, openTestDb } from './support/db.ts';
import { failure } from './support/failure.ts';
import { ctxFor, makeCorporate, makeIndividual, makeUser } from './support/factories.ts';

const Y = (yuan: number) => yuan * 100;
const counts = (g: Pick<GroupFinance, 'loans'>) =>
  Object.fromEntries(g.loans.map((l) => [l.classification, l.count]));

describe.each(DIALECTS)('a corporate group adds up its members’ money (%s)', (dialect) => {
  let t: TestDb;
  let rm: Actor;
  let otherRm: Actor;
  let risk: Actor;
  const ids = { boss: 0, holding: 0, sub1: 0, sub2: 0, sub3: 0 };
  beforeAll(async () => {
    t = await openTestDb(dialect);
    // Two RMs in different teams: the RM sees holding, sub1 and sub2; sub3 is the other RM's.
    rm = await makeUser(t.deps, 'rm');
    otherRm = await makeUser(t.deps, 'rm');
    risk = await makeUser(t.deps, 'risk_officer');
    const boss = await makeIndividual(t.deps, rm);
    const holding = await makeCorporate(t.deps, rm, { name: '华信控股集团有限公司' });
    const sub1 = await makeCorporate(t.deps, rm, { name: '华信制造有限公司' });
    const sub2 = await makeCorporate(t.deps, rm, { name: '华信贸易有限公司' });
    const sub3 = await makeCorporate(t.deps, otherRm, { name: '华信物流有限公司' });
    Object.assign(ids, { boss: boss.id, holding: holding.id, sub1: sub1.id, sub2: sub2.id, sub3: sub3.id });
    const link = (from: number, to: number, kind: 'parent_company' | 'actual_controller') =>
      createRelationship(ctxFor(t.deps, rm), from, { toClientId: to, kind });
    await link(boss.id, holding.id, 'actual_controller');
    await link(holding.id, sub1.id, 'parent_company');
    await link(holding.id, sub2.id, 'parent_company');
    await link(holding.id, sub3.id, 'parent_company');

    const acct = (owner: Actor, id: number, over: Parameters<typeof makeAccount>[3]) =>
      makeAccount(t.deps, owner, id, over);
    // The controller's own savings are not the group's.
    await acct(rm, boss.id, { balanceMinor: Y(9_999_999) });
    await acct(rm, holding.id, { balanceMinor: Y(1_000_000) });
    await acct(rm, holding.id, {
      kind: 'time_deposit',
      productName: 'USD 定期',
      currency: 'USD',
      balanceMinor: Y(50_000),
    });
    await acct(rm, holding.id, {
      kind: 'loan',
      productName: '流动资金贷款',
      balanceMinor: Y(300_000),
      classification: 'normal',
    });
    await acct(rm, sub1.id, {
      kind: 'loan',
      productName: '流动资金贷款',
      balanceMinor: Y(200_000),
      classification: 'special_mention',
    });
    await acct(rm, sub1.id, {
      kind: 'credit_facility',
      productName: '综合授信',
      limitMinor: Y(1_000_000),
      usedMinor: Y(400_000),
    });
    await acct(rm, sub1.id, {
      kind: 'credit_facility',
      productName: 'USD 授信',
      currency: 'USD',
      limitMinor: Y(100_000),
      usedMinor: Y(0),
    });
    await acct(rm, sub1.id, {
      kind: 'investment',
      productName: '结构性存款',
      balanceMinor: Y(100_000),
      assetClass: 'wealth_management',
      riskLevel: 'R2',
    });
    await acct(rm, sub2.id, {
      kind: 'loan',
      productName: '贸易融资',
      balanceMinor: Y(50_000),
      classification: 'substandard',
    });
    await acct(rm, sub2.id, {
      kind: 'credit_card',
      productName: '公务卡',
      balanceMinor: Y(2_000),
      limitMinor: Y(50_000),
    });
    // Closed: neither its balance nor its classification counts.
    await acct(rm, sub2.id, {
      kind: 'loan',
      productName: '已结清贷款',
      status: 'closed',
      closedOn: '2024-01-01',
      balanceMinor: Y(5),
      classification: 'loss',
    });
    await acct(otherRm, sub3.id, { balanceMinor: Y(777) });
    await acct(otherRm, sub3.id, {
      kind: 'loan',
      productName: '固定资产贷款',
      balanceMinor: Y(80_000),
      classification: 'doubtful',
    });
  });
  afterAll(() => t.close());

  it('adds up the visible companies per currency, never across currencies', async () => {
    const g = await groupFinance(ctxFor(t.deps, rm), ids.sub2);
    expect(g.totals).toEqual([
      {
        currency: 'CNY',
        depositsMinor: Y(1_000_000),
        investmentsMinor: Y(100_000),
        assetsMinor: Y(1_100_000),
        loansMinor: Y(550_000),
        cardsMinor: Y(2_000),
        liabilitiesMinor: Y(552_000),
        facilityLimitMinor: Y(1_000_000),
        facilityUsedMinor: Y(400_000),
        utilisationBp: 4000,
      },
      {
        currency: 'USD',
        depositsMinor: Y(50_000),
        investmentsMinor: 0,
        assetsMinor: Y(50_000),
        loansMinor: 0,
        cardsMinor: 0,
        liabilitiesMinor: 0,
        facilityLimitMinor: Y(100_000),
        facilityUsedMinor: 0,
        utilisationBp: 0,
      },
    ]);
    expect(counts(g)).toEqual({ normal: 1, special_mention: 1, substandard: 1, doubtful: 0, loss: 0 });
    expect(g.watchLoans).toBe(2);
  });

  it('shows each visible company, the apex first, and only counts those outside the scope', async () => {
    const g = await groupFinance(ctxFor(t.deps, rm), ids.holding);
    expect([g.companies, g.hiddenCompanies]).toEqual([4, 1]);
    expect(g.members.map((m) => m.id)).toEqual([ids.holding, ids.sub1, ids.sub2]);
    expect(JSON.stringify(g)).not.toContain('华信物流');
    expect(JSON.stringify(g)).not.toContain(String(Y(777)));
    const sub1 = g.members.find((m) => m.id === ids.sub1)!;
    expect(sub1.accounts).toBe(4);
    expect(sub1.watchLoans).toBe(1);
    expect(sub1.figures.find((f) => f.currency === 'CNY')?.loansMinor).toBe(Y(200_000));
    const sub2 = g.members.find((m) => m.id === ids.sub2)!;
    expect(sub2.accounts).toBe(2);
    expect(counts(sub2)).toMatchObject({ substandard: 1, loss: 0 });
  });

  it('a risk officer sees the whole group, its doubtful loan included', async () => {
    const g = await groupFinance(ctxFor(t.deps, risk), ids.sub1);
    expect([g.companies, g.hiddenCompanies, g.members.length]).toEqual([4, 0, 4]);
    const cny = g.totals.find((f) => f.currency === 'CNY')!;
    expect([cny.depositsMinor, cny.loansMinor]).toEqual([Y(1_000_777), Y(630_000)]);
    expect(counts(g)).toEqual({ normal: 1, special_mention: 1, substandard: 1, doubtful: 1, loss: 0 });
    expect(g.watchLoans).toBe(3);
  });

  it('the other RM sees only its own company and is told three are left out', async () => {
    const g = await groupFinance(ctxFor(t.deps, otherRm), ids.sub3);
    expect([g.companies, g.hiddenCompanies]).toEqual([4, 3]);
    expect(g.members.map((m) => m.id)).toEqual([ids.sub3]);
    expect(g.totals).toEqual([
      expect.objectContaining({ currency: 'CNY', depositsMinor: Y(777), loansMinor: Y(80_000) }),
    ]);
    expect(g.watchLoans).toBe(1);
    const outside = await failure(groupFinance(ctxFor(t.deps, otherRm), ids.holding));
    expect(outside.code).toBe('client.not_found');
  });

  it('a company without a group or accounts has empty figures', async () => {
    const alone = await makeCorporate(t.deps, rm);
    const g = await groupFinance(ctxFor(t.deps, rm), alone.id);
    expect(g).toMatchObject({ companies: 1, hiddenCompanies: 0, totals: [], watchLoans: 0 });
    expect(g.members).toEqual([expect.objectContaining({ id: alone.id, accounts: 0, figures: [] })]);
  });
});
