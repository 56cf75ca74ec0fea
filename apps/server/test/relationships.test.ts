import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import {
  createRelationship,
  deleteRelationship,
  groupView,
  guaranteeCircleView,
  householdView,
  listGuaranteeCircles,
  relationshipGraph,
} from '../src/features/relationships/relationships.service.ts';
import { failure } from './support/failure.ts';
import { DIALECTS, type TestDb, openTestDb } from './support/db.ts';
import { ctxFor, makeCorporate, makeIndividual, makeUser } from './support/factories.ts';

const CNY = (yuan: number) => ({ minor: yuan * 100, currency: 'CNY' });

describe.each(DIALECTS)('relationships between clients (%s)', (dialect) => {
  let t: TestDb;
  let rm: Actor;
  let otherRm: Actor;
  let risk: Actor;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    rm = await makeUser(t.deps, 'rm');
    otherRm = await makeUser(t.deps, 'rm');
    risk = await makeUser(t.deps, 'risk_officer');
  });
  afterAll(() => t.close());
  const link = (from: number, body: Parameters<typeof createRelationship>[2], actor = rm) =>
    createRelationship(ctxFor(t.deps, actor), from, body);

  it('refuses nonsense with the field named', async () => {
    const a = await makeIndividual(t.deps, rm);
    const b = await makeIndividual(t.deps, rm);
    const co = await makeCorporate(t.deps, rm);
    const self = await failure(link(a.id, { toClientId: a.id, kind: 'related_party' }));
    expect([self.code, self.field]).toEqual(['relationship.invalid', 'toClientId']);
    const companySpouse = await failure(link(a.id, { toClientId: co.id, kind: 'spouse' }));
    expect([companySpouse.code, companySpouse.field]).toEqual(['relationship.invalid', 'toClientId']);
    expect(companySpouse.message).toContain('individual');
    const noShare = await failure(link(a.id, { toClientId: co.id, kind: 'shareholder' }));
    expect(noShare.field).toBe('sharePct');
    const shareOnSpouse = await failure(link(a.id, { toClientId: b.id, kind: 'spouse', sharePct: 10 }));
    expect(shareOnSpouse.field).toBe('sharePct');
    const backwards = await failure(
      link(a.id, {
        toClientId: b.id,
        kind: 'guarantor',
        amount: CNY(1000),
        startsOn: '2026-12-01',
        endsOn: '2026-01-01',
      }),
    );
    expect(backwards.field).toBe('endsOn');
    const missing = await failure(link(a.id, { toClientId: 999_999, kind: 'related_party' }));
    expect(missing.code).toBe('client.not_found');
  });

  it('keeps shareholdings in a company at or under 100 %', async () => {
    const co = await makeCorporate(t.deps, rm);
    const [p1, p2, p3] = [
      await makeIndividual(t.deps, rm),
      await makeIndividual(t.deps, rm),
      await makeIndividual(t.deps, rm),
    ];
    await link(p1.id, { toClientId: co.id, kind: 'shareholder', sharePct: 60 });
    await link(p2.id, { toClientId: co.id, kind: 'shareholder', sharePct: 39.99 });
    const over = await failure(link(p3.id, { toClientId: co.id, kind: 'shareholder', sharePct: 0.02 }));
    expect(over.field).toBe('sharePct');
    expect(over.message).toContain('100.01 %');
    const exact = await link(p3.id, { toClientId: co.id, kind: 'shareholder', sharePct: 0.01 });
    expect(exact.sharePct).toBe(0.01);
  });

  it('stores a symmetric link once: the mirror image and a second spouse are refused', async () => {
    const a = await makeIndividual(t.deps, rm);
    const b = await makeIndividual(t.deps, rm);
    const c = await makeIndividual(t.deps, rm);
    await link(a.id, { toClientId: b.id, kind: 'spouse' });
    const mirror = await failure(link(b.id, { toClientId: a.id, kind: 'spouse' }));
    expect(mirror.code).toBe('relationship.invalid');
    const dupRelated = await link(a.id, { toClientId: c.id, kind: 'related_party' });
    expect((await failure(link(c.id, { toClientId: a.id, kind: 'related_party' }))).code).toBe(
      'relationship.duplicate',
    );
    const second = await failure(link(c.id, { toClientId: a.id, kind: 'spouse' }));
    expect(second.message).toContain('already has a spouse');
    await deleteRelationship(ctxFor(t.deps, rm), c.id, dupRelated.id);
    expect((await relationshipGraph(ctxFor(t.deps, rm), c.id)).edges).toHaveLength(0);
  });

  it('shows clients outside the viewer’s scope only as masked placeholders without ids', async () => {
    const mine = await makeIndividual(t.deps, rm, { name: '林小明' });
    const theirs = await makeIndividual(t.deps, otherRm, { name: '欧阳娜娜' });
    await link(mine.id, { toClientId: theirs.id, kind: 'household_member' });
    const g = await relationshipGraph(ctxFor(t.deps, rm), mine.id);
    const hidden = g.nodes.find((n) => !n.center)!;
    expect(hidden).toMatchObject({ id: null, code: null, visible: false, name: '欧***' });
    expect(hidden.key).not.toContain(String(theirs.id));
    expect(JSON.stringify(g)).not.toContain('欧阳娜娜');
    expect(g.edges[0]).toMatchObject({ kind: 'household_member' });
    const seenByRisk = await relationshipGraph(ctxFor(t.deps, risk), mine.id);
    expect(seenByRisk.nodes.find((n) => !n.center)).toMatchObject({
      id: theirs.id,
      name: '欧阳娜娜',
      visible: true,
    });
    expect((await failure(relationshipGraph(ctxFor(t.deps, rm), theirs.id))).code).toBe('client.not_found');
  });

  it('household view walks spouse, parent and household links with roles', async () => {
    const dad = await makeIndividual(t.deps, rm);
    const mum = await makeIndividual(t.deps, rm);
    const kid = await makeIndividual(t.deps, rm);
    const gran = await makeIndividual(t.deps, rm);
    await link(dad.id, { toClientId: mum.id, kind: 'spouse' });
    await link(dad.id, { toClientId: kid.id, kind: 'parent' });
    await link(gran.id, { toClientId: dad.id, kind: 'parent' });
    const h = await householdView(ctxFor(t.deps, rm), mum.id);
    expect(h.totals).toEqual({ members: 4, visibleMembers: 4 });
    const roles = Object.fromEntries(h.members.map((m) => [m.id, m.roles.sort()]));
    expect(roles[mum.id]).toEqual(['self', 'spouse']);
    expect(roles[kid.id]).toEqual(['child']);
    expect(roles[dad.id]).toEqual(['child', 'parent', 'spouse']);
  });

  it('group view finds the apex, depths and totals', async () => {
    const holding = await makeCorporate(t.deps, rm, {
      name: '华信控股集团有限公司',
      registeredCapital: CNY(100_000_000),
      employees: 50,
    });
    const sub1 = await makeCorporate(t.deps, rm, {
      name: '华信科技有限公司',
      registeredCapital: CNY(20_000_000),
      employees: 300,
    });
    const sub2 = await makeCorporate(t.deps, rm, {
      name: '华信贸易有限公司',
      registeredCapital: CNY(5_000_000),
      employees: 40,
    });
    const boss = await makeIndividual(t.deps, rm, { name: '王董' });
    await link(boss.id, { toClientId: holding.id, kind: 'actual_controller' });
    await link(holding.id, { toClientId: sub1.id, kind: 'parent_company' });
    await link(sub1.id, { toClientId: sub2.id, kind: 'shareholder', sharePct: 70 });
    const g = await groupView(ctxFor(t.deps, rm), sub2.id);
    expect(g.apex?.id).toBe(boss.id);
    const depth = Object.fromEntries(g.members.map((m) => [m.id, m.depth]));
    expect(depth).toEqual({ [boss.id]: 0, [holding.id]: 1, [sub1.id]: 2, [sub2.id]: 3 });
    expect(g.totals).toEqual({
      companies: 3,
      registeredCapital: CNY(125_000_000),
      annualRevenue: null,
      employees: 390,
    });
    const reverse = await failure(link(sub1.id, { toClientId: holding.id, kind: 'parent_company' }));
    expect(reverse.code).toBe('relationship.invalid');
  });

  it('guarantee circles: the circle, the exposed guarantors, the chain guaranteed, and the watch list', async () => {
    const [a, b, c, d, e] = await Promise.all([1, 2, 3, 4, 5].map(() => makeCorporate(t.deps, rm)));
    const g = (from: number, to: number, yuan: number) =>
      link(from, { toClientId: to, kind: 'guarantor', amount: CNY(yuan) });
    await g(a!.id, b!.id, 100);
    await g(b!.id, c!.id, 200);
    await g(c!.id, a!.id, 300); // a → b → c → a
    await g(d!.id, a!.id, 50); // d guarantees a: exposed if the circle defaults
    await g(c!.id, e!.id, 70); // the circle guarantees e
    const v = await guaranteeCircleView(ctxFor(t.deps, rm), b!.id);
    const key = (id: number) => `c${id}`;
    expect(v.circle.sort()).toEqual([a!.id, b!.id, c!.id].map(key).sort());
    expect(v.exposedGuarantors).toEqual([key(d!.id)]);
    expect(v.guaranteedChain).toEqual([key(e!.id)]);
    expect(v.totalGuaranteed).toEqual(CNY(720));
    const list = await listGuaranteeCircles(ctxFor(t.deps, risk), 10);
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ size: 3, totalGuaranteed: CNY(600) });
    expect((await failure(listGuaranteeCircles(ctxFor(t.deps, rm), 10))).code).toBe('auth.forbidden');
  });

  it('writes and deletions are audited with the client', async () => {
    const a = await makeIndividual(t.deps, rm);
    const b = await makeIndividual(t.deps, rm);
    const r = await link(a.id, { toClientId: b.id, kind: 'related_party', note: '同一实际控制人' });
    await deleteRelationship(ctxFor(t.deps, rm), a.id, r.id);
    const entries = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'client_id'])
      .where('target_type', '=', 'relationship')
      .where('target_id', '=', String(r.id))
      .execute();
    expect(entries.map((e) => e.action).sort()).toEqual(['relationship.create', 'relationship.delete']);
    expect(entries.every((e) => Number(e.client_id) === a.id)).toBe(true);
    expect((await failure(deleteRelationship(ctxFor(t.deps, rm), a.id, r.id))).code).toBe(
      'relationship.not_found',
    );
  });
});
