import { isMainlandMobile, residentIdFacts, residentIdProblem, usccProblem } from '@dossier/contract';
import { describe, expect, it } from 'vitest';
import { createRng, generateCorporate, generateIndividual } from '../src/features/demo/demo.generator.ts';
import { seedDemoBank } from '../src/features/demo/demo.seed.ts';
import { guaranteeCircles } from '../src/graph/guarantees.ts';
import { openTestDb } from './support/db.ts';

const NOW = new Date('2026-11-29T00:00:00Z');

describe('the demo generator', () => {
  it('makes people whose ID numbers are valid, unique and agree with birth date and gender', () => {
    const rng = createRng(3);
    const taken = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const { profile: p } = generateIndividual(rng, NOW, taken);
      expect(residentIdProblem(p.idNumber!, NOW), p.idNumber!).toBeNull();
      expect(residentIdFacts(p.idNumber!)).toEqual({ birthDate: p.birthDate, gender: p.gender });
      expect(isMainlandMobile(p.mobile!)).toBe(true);
      expect(p.name!).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    }
    expect(taken.size).toBe(3000);
  });

  it('makes companies with valid, unique credit codes and plausible names', () => {
    const rng = createRng(4);
    const taken = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const { profile: p, contacts } = generateCorporate(rng, NOW, taken);
      expect(usccProblem(p.creditCode!)).toBeNull();
      expect(p.name!).toMatch(/(有限公司|股份有限公司)$/);
      expect(contacts.length).toBeGreaterThan(0);
      expect(Number.isInteger(p.registeredCapital!.minor)).toBe(true);
    }
    expect(taken.size).toBe(2000);
  });

  it('seeds the organisation the demo logins promise, spread across tiers', async () => {
    const t = await openTestDb('sqlite');
    const r = await seedDemoBank(t.deps, {
      clients: 2000,
      seed: 11,
      password: 'Seed-Test-Password-1',
      now: NOW,
    });
    const users = await t.deps.db
      .selectFrom('users')
      .select(['username', 'role', 'team_id', 'branch_id'])
      .orderBy('username')
      .execute();
    const names = users.map((u) => u.username);
    expect(names).toEqual(
      expect.arrayContaining([
        'admin',
        'branch01',
        'branch03',
        'lead01',
        'lead06',
        'rm01',
        'rm20',
        'risk01',
        'compliance01',
        'analyst01',
      ]),
    );
    expect(users.filter((u) => u.role === 'rm')).toHaveLength(20);
    const rm01 = users.find((u) => u.username === 'rm01')!;
    const rm02 = users.find((u) => u.username === 'rm02')!;
    expect(rm01.team_id).not.toBe(rm02.team_id);
    expect(await t.deps.db.selectFrom('branches').select('id').execute()).toHaveLength(3);
    expect(await t.deps.db.selectFrom('teams').select('id').execute()).toHaveLength(6);
    const tiers = await t.deps.db
      .selectFrom('clients')
      .select(['tier', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('tier')
      .execute();
    expect(tiers.map((x) => x.tier).sort()).toEqual(['diamond', 'gold', 'platinum', 'private', 'standard']);
    const kinds = await t.deps.db
      .selectFrom('clients')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('kind')
      .execute();
    expect(kinds.find((k) => k.kind === 'corporate')!.n).toBeGreaterThan(40);
    expect(r.clients).toBe(2000);
    // Relationships a bank would recognise: households, groups, and guarantee circles to find.
    const links = await t.deps.db
      .selectFrom('client_relationships')
      .select(['kind', 'from_client_id', 'to_client_id', 'share_bp'])
      .execute();
    const linkKinds = new Set(links.map((l) => l.kind));
    for (const k of [
      'spouse',
      'parent',
      'shareholder',
      'legal_representative',
      'parent_company',
      'guarantor',
    ])
      expect(linkKinds).toContain(k);
    const spouses = links
      .filter((l) => l.kind === 'spouse')
      .flatMap((l) => [l.from_client_id, l.to_client_id]);
    expect(new Set(spouses).size).toBe(spouses.length);
    const held = new Map<number, number>();
    for (const l of links.filter((x) => x.kind === 'shareholder'))
      held.set(l.to_client_id, (held.get(l.to_client_id) ?? 0) + Number(l.share_bp));
    expect(Math.max(...held.values())).toBeLessThanOrEqual(10_000);
    const circles = guaranteeCircles(
      links
        .filter((l) => l.kind === 'guarantor')
        .map((l) => ({ guarantor: l.from_client_id, guaranteed: l.to_client_id })),
    );
    expect(circles.length).toBeGreaterThan(0);
    await t.close();
  });
});
