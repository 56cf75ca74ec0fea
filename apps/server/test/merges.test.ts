import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { getClient, listClients, suggestClients } from '../src/features/clients/clients.service.ts';
import { consentLedger, recordConsent } from '../src/features/consents/consents.service.ts';
import { likelyDuplicates, mergeClients } from '../src/features/merges/merges.service.ts';
import {
  createRelationship,
  relationshipGraph,
} from '../src/features/relationships/relationships.service.ts';
import { createTask, myTasks } from '../src/features/tasks/tasks.service.ts';
import { DIALECTS, type TestDb, openTestDb } from './support/db.ts';
import { ctxFor, makeCorporate, makeIndividual, makeUser, residentId } from './support/factories.ts';

describe.each(DIALECTS)('duplicates and merging (%s)', (dialect) => {
  let t: TestDb;
  let rm: Actor;
  let lead: Actor;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    rm = await makeUser(t.deps, 'rm');
    lead = await makeUser(t.deps, 'team_lead', { teamId: rm.teamId!, branchId: rm.branchId! });
  });
  afterAll(() => t.close());

  it('finds likely duplicates by name and birth date, name and mobile, and company name', async () => {
    const a = await makeIndividual(t.deps, rm, { name: '周杰', idNumber: residentId(801, '19790118') });
    const b = await makeIndividual(t.deps, rm, {
      name: '周杰',
      idType: 'passport',
      idNumber: 'E99887766',
      birthDate: '1979-01-18',
    });
    const c = await makeIndividual(t.deps, rm, {
      name: '吴凡',
      idNumber: residentId(802),
      mobile: '13712345678',
    });
    const d = await makeIndividual(t.deps, rm, {
      name: '吴凡',
      idType: 'passport',
      idNumber: 'G12312312',
      mobile: '13712345678',
    });
    const e = await makeCorporate(t.deps, rm, { name: '重复测试有限公司' });
    const f = await makeCorporate(t.deps, rm, { name: '重复测试有限公司' });
    await makeIndividual(t.deps, rm, { name: '周杰', idNumber: residentId(803, '19800101') }); // same name, different person
    const found = await likelyDuplicates(ctxFor(t.deps, rm), 50);
    const pairs = found.items.map((p) => [p.a.id, p.b.id, p.reasons]);
    expect(pairs).toContainEqual([a.id, b.id, ['name_birth_date']]);
    expect(pairs).toContainEqual([c.id, d.id, ['name_mobile']]);
    expect(pairs).toContainEqual([e.id, f.id, ['company_name']]);
    expect(found.total).toBe(3);
  });

  it('pairs only files both in the viewer’s scope; a co-serviced file counts as the RM’s own', async () => {
    const other = await makeUser(t.deps, 'rm'); // another team's RM
    const mine = await makeIndividual(t.deps, rm, { name: '欧阳澜', idNumber: residentId(811, '19850505') });
    const theirs = await makeIndividual(t.deps, other, {
      name: '欧阳澜',
      idType: 'passport',
      idNumber: 'E11223344',
      birthDate: '1985-05-05',
    });
    const pair = (found: Awaited<ReturnType<typeof likelyDuplicates>>) =>
      found.items.some((p) => p.a.id === mine.id && p.b.id === theirs.id);
    expect(pair(await likelyDuplicates(ctxFor(t.deps, rm), 50))).toBe(false);
    expect(pair(await likelyDuplicates(ctxFor(t.deps, other), 50))).toBe(false);
    const compliance = await makeUser(t.deps, 'compliance');
    expect(pair(await likelyDuplicates(ctxFor(t.deps, compliance), 50))).toBe(true);
    // Once rm co-serves the other file, both are rm's to see, and so is the pair.
    await t.deps.db
      .insertInto('client_co_servicers')
      .values({ client_id: theirs.id, user_id: rm.id })
      .execute();
    expect(pair(await likelyDuplicates(ctxFor(t.deps, rm), 50))).toBe(true);
  });

  it('merges field by field, keeps the absorbed file as history and moves what belongs to the client', async () => {
    const survivor = await makeIndividual(t.deps, rm, {
      name: '郑和',
      idType: 'passport',
      idNumber: 'P1234567',
      occupation: '航海家',
      mobile: '13600000001',
    });
    const realId = residentId(804, '19710808');
    const other = await makeIndividual(t.deps, rm, {
      name: '郑和',
      idNumber: realId,
      birthDate: '1971-08-08',
      mobile: '13600000002',
      email: 'zh@example.com',
    });
    const friend = await makeIndividual(t.deps, rm, { name: '王景弘' });
    await createRelationship(ctxFor(t.deps, rm), other.id, { toClientId: friend.id, kind: 'related_party' });
    await createRelationship(ctxFor(t.deps, rm), other.id, {
      toClientId: survivor.id,
      kind: 'household_member',
    });
    await createTask(ctxFor(t.deps, rm), {
      title: '核实身份',
      clientId: other.id,
      dueOn: '2026-12-10',
      priority: 'medium',
    });
    await recordConsent(ctxFor(t.deps, rm), other.id, {
      purpose: 'marketing_contact',
      status: 'granted',
      channel: 'paper_form',
      evidence: 'F-9',
    });

    await expect(
      mergeClients(ctxFor(t.deps, rm), survivor.id, {
        otherId: other.id,
        survivorVersion: 1,
        otherVersion: 1,
        take: {},
        reason: '同一客户',
      }),
    ).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(
      mergeClients(ctxFor(t.deps, lead), survivor.id, {
        otherId: other.id,
        survivorVersion: 1,
        otherVersion: 9,
        take: {},
        reason: '同一客户',
      }),
    ).rejects.toMatchObject({ code: 'request.precondition_failed' });
    const merged = await mergeClients(ctxFor(t.deps, lead), survivor.id, {
      otherId: other.id,
      survivorVersion: 1,
      otherVersion: 1,
      take: {
        idType: 'other',
        idNumber: 'other',
        birthDate: 'other',
        email: 'other',
        occupation: 'survivor',
      },
      reason: '护照与身份证为同一客户',
    });
    expect(merged).toMatchObject({
      idType: 'resident_id',
      birthDate: '1971-08-08',
      occupation: '航海家',
      version: 2,
    });
    expect(merged.mobile).toBe('136****0001');
    expect(merged.email).toBe('z***@example.com');

    const ctx = ctxFor(t.deps, rm);
    await expect(getClient(ctx, other.id)).rejects.toMatchObject({ code: 'client.not_found' });
    expect((await suggestClients(ctx, realId, 10)).map((s) => s.id)).toEqual([survivor.id]);
    expect((await listClients(ctx, { q: '郑和', page: 1, pageSize: 20 })).items.map((i) => i.id)).toEqual([
      survivor.id,
    ]);
    const graph = await relationshipGraph(ctx, survivor.id);
    expect(graph.edges.map((e) => e.kind)).toEqual(['related_party']); // the household link to itself is dropped
    const tasks = await myTasks(ctx, { page: 1, pageSize: 50 });
    expect(tasks.items.find((x) => x.title === '核实身份')?.client?.id).toBe(survivor.id);
    expect(
      (await consentLedger(ctx, survivor.id)).current.find((c) => c.purpose === 'marketing_contact')?.status,
    ).toBe('granted');
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['client_id', 'after'])
      .where('action', '=', 'client.merge')
      .execute();
    expect(audit.map((a) => Number(a.client_id)).sort()).toEqual([survivor.id, other.id].sort());
    expect(JSON.stringify(audit)).not.toContain(realId);
  });

  it('refuses to merge a person with a company, or a client with itself', async () => {
    const p = await makeIndividual(t.deps, rm);
    const c = await makeCorporate(t.deps, rm);
    await expect(
      mergeClients(ctxFor(t.deps, lead), p.id, {
        otherId: c.id,
        survivorVersion: 1,
        otherVersion: 1,
        take: {},
        reason: '误操作测试',
      }),
    ).rejects.toMatchObject({ code: 'client.merge_invalid' });
    await expect(
      mergeClients(ctxFor(t.deps, lead), p.id, {
        otherId: p.id,
        survivorVersion: 1,
        otherVersion: 1,
        take: {},
        reason: '误操作测试',
      }),
    ).rejects.toMatchObject({ code: 'client.merge_invalid' });
  });
});
