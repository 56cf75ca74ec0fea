import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import {
  createClient,
  getClient,
  listClients,
  revealField,
  suggestClients,
  transferClient,
  updateClient,
} from '../src/features/clients/clients.service.ts';
import { failure } from './support/failure.ts';
import { DIALECTS, type TestDb, openTestDb } from './support/db.ts';
import {
  creditCode,
  ctxFor,
  makeCorporate,
  makeIndividual,
  makeUser,
  residentId,
} from './support/factories.ts';

describe.each(DIALECTS)('client profiles on %s', (dialect) => {
  let t: TestDb;
  let rm: Actor;
  let rmSameTeam: Actor;
  let rmOtherTeam: Actor;
  let lead: Actor;
  let analyst: Actor;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    rm = await makeUser(t.deps, 'rm');
    rmSameTeam = await makeUser(t.deps, 'rm', { teamId: rm.teamId!, branchId: rm.branchId! });
    rmOtherTeam = await makeUser(t.deps, 'rm', { branchId: rm.branchId! });
    lead = await makeUser(t.deps, 'team_lead', { teamId: rm.teamId!, branchId: rm.branchId! });
    analyst = await makeUser(t.deps, 'analyst');
  });
  afterAll(() => t.close());

  it('creates an individual: derives birth date and gender from the ID, masks sensitive fields, records provenance', async () => {
    const idNumber = residentId(501, '19900307');
    const c = await makeIndividual(t.deps, rm, {
      name: '李四',
      idNumber,
      mobile: '13912345678',
      email: 'Li.Si@example.com',
      address: '北京市朝阳区建国路88号',
      annualIncomeBand: '1m_5m',
      source: 'kyc',
      asOf: '2026-11-01',
    });
    expect(c.birthDate).toBe('1990-03-07');
    expect(c.gender).toBe(idNumber[16]! === '1' || Number(idNumber[16]) % 2 === 1 ? 'male' : 'female');
    expect(c.idNumber).toBe(`${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}`);
    expect(c.mobile).toBe('139****5678');
    expect(c.email).toBe('L***@example.com');
    expect(c.address).toBe('北京市朝阳区****');
    expect(c.annualIncomeBand).toBe('***');
    expect(c.maskedFields.sort()).toEqual(['address', 'annualIncomeBand', 'email', 'idNumber', 'mobile']);
    expect(c.provenance.idNumber).toEqual({ source: 'kyc', asOf: '2026-11-01' });
    expect(c.provenance.birthDate).toEqual({ source: 'kyc', asOf: '2026-11-01' });
    expect(c.owner.id).toBe(rm.id);
    expect(c.version).toBe(1);
    expect(c.code).toBe(`C${String(c.id).padStart(8, '0')}`);
  });

  it('stores sensitive fields encrypted: the clear value appears nowhere in the row', async () => {
    const idNumber = residentId(502);
    const c = await makeIndividual(t.deps, rm, { idNumber, mobile: '13700001111', email: 'x@example.com' });
    const row = await sql<Record<string, unknown>>`select * from clients where id = ${c.id}`.execute(
      t.deps.db,
    );
    const text = JSON.stringify(row.rows[0]);
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain('13700001111');
    expect(text).not.toContain('x@example.com');
    expect(String(row.rows[0]!.id_number_enc)).toMatch(/^v1\./);
  });

  it('refuses invalid identifiers with the field named', async () => {
    const bad = await failure(makeIndividual(t.deps, rm, { idNumber: '110105194912310021' }));
    expect(bad.code).toBe('request.invalid');
    expect(bad.field).toBe('idNumber');
    expect(bad.message).toContain('check digit');
    const mismatch = await failure(
      makeIndividual(t.deps, rm, { idNumber: residentId(503, '19800101'), birthDate: '1981-01-01' }),
    );
    expect(mismatch.field).toBe('birthDate');
    const corp = await failure(makeCorporate(t.deps, rm, { creditCode: '91350100M000100Y44' }));
    expect(corp.field).toBe('creditCode');
  });

  it('refuses a duplicate ID number, naming the existing client only to those who may see it', async () => {
    const idNumber = residentId(504);
    const first = await makeIndividual(t.deps, rm, { name: '王五', idNumber });
    const own = await failure(makeIndividual(t.deps, rm, { idNumber }));
    expect(own.code).toBe('client.duplicate_id_number');
    expect(own.message).toContain('王五');
    expect(own.details?.existingClientId).toBe(first.id);
    const other = await failure(makeIndividual(t.deps, rmOtherTeam, { idNumber }));
    expect(other.code).toBe('client.duplicate_id_number');
    expect(other.message).not.toContain('王五');
    expect(other.details).toBeUndefined();
    const corp = await makeCorporate(t.deps, rm, { creditCode: creditCode(9001) });
    const dup = await failure(makeCorporate(t.deps, rm, { creditCode: corp.creditCode! }));
    expect(dup.code).toBe('client.duplicate_credit_code');
  });

  it('scopes reads: another team answers not found; a co-servicer and the team lead see it', async () => {
    const c = await makeIndividual(t.deps, rm, { coServicingIds: [rmSameTeam.id] });
    expect((await getClient(ctxFor(t.deps, rmSameTeam), c.id)).id).toBe(c.id);
    expect((await getClient(ctxFor(t.deps, lead), c.id)).id).toBe(c.id);
    const e = await failure(getClient(ctxFor(t.deps, rmOtherTeam), c.id));
    expect(e.code).toBe('client.not_found');
    const list = await listClients(ctxFor(t.deps, rmOtherTeam), { page: 1, pageSize: 100 });
    expect(list.items.map((i) => i.id)).not.toContain(c.id);
  });

  it('edits with optimistic concurrency and audits before → after with masked values', async () => {
    const c = await makeIndividual(t.deps, rm, { occupation: '教师' });
    const edited = await updateClient(ctxFor(t.deps, rm), c.id, 1, {
      occupation: '律师',
      mobile: '13600002222',
    });
    expect(edited.occupation).toBe('律师');
    expect(edited.version).toBe(2);
    expect(edited.provenance.occupation?.source).toBe('manual');
    const stale = await failure(updateClient(ctxFor(t.deps, lead), c.id, 1, { occupation: '医生' }));
    expect(stale.code).toBe('request.precondition_failed');
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('client_id', '=', c.id)
      .where('action', '=', 'client.update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.before!)).toMatchObject({ occupation: '教师' });
    expect(JSON.parse(audit[0]!.after!)).toEqual({ occupation: '律师', mobile: '136****2222' });
    expect(audit[0]!.after).not.toContain('13600002222');
  });

  it('edits contacts by id: a masked phone left out is kept, null clears, unnamed contacts go', async () => {
    const c = await makeCorporate(t.deps, rm, {
      contacts: [
        { name: '财务甲', role: '财务总监', phone: '13811112222', email: 'cfo@example.com' },
        { name: '出纳乙', phone: '13833334444' },
      ],
    });
    const [first, second] = c.contacts;
    expect(first!.phone).toBe('138****2222');
    const edited = await updateClient(ctxFor(t.deps, rm), c.id, 1, {
      contacts: [
        { id: first!.id, name: '财务甲（新）', role: '财务总监', email: null },
        { name: '董秘丙', phone: '010-66668888' },
      ],
    });
    expect(edited.contacts.map((x) => x.name)).toEqual(['财务甲（新）', '董秘丙']);
    expect(edited.contacts[0]!.id).toBe(first!.id);
    expect(edited.contacts[0]!.email).toBeNull();
    expect(edited.contacts.map((x) => x.id)).not.toContain(second!.id);
    const phone = await revealField(ctxFor(t.deps, rm), c.id, {
      field: 'contactPhone',
      contactId: first!.id,
      purpose: '联系财务',
    });
    expect(phone.value).toBe('13811112222');
    const unknown = await failure(
      updateClient(ctxFor(t.deps, rm), c.id, 2, { contacts: [{ id: second!.id, name: '出纳乙' }] }),
    );
    expect(unknown.field).toBe('contacts.0.id');
  });

  it('refuses fields of the other kind of client', async () => {
    const c = await makeIndividual(t.deps, rm);
    const e = await failure(updateClient(ctxFor(t.deps, rm), c.id, 1, { creditCode: creditCode(77) }));
    expect(e.code).toBe('client.kind_mismatch');
    expect(e.field).toBe('creditCode');
  });

  it('reveals a clear value to permitted roles with a stated purpose, audited; analysts cannot', async () => {
    const idNumber = residentId(505);
    const c = await makeIndividual(t.deps, rm, { idNumber });
    const r = await revealField(ctxFor(t.deps, rm), c.id, { field: 'idNumber', purpose: '办理开户核验' });
    expect(r.value).toBe(idNumber);
    const entry = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('client_id', '=', c.id)
      .where('action', '=', 'client.reveal')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.details!)).toEqual({ field: 'idNumber', purpose: '办理开户核验' });
    expect(entry.actor_id).toBe(rm.id);
    const denied = await failure(
      revealField(ctxFor(t.deps, analyst), c.id, { field: 'idNumber', purpose: '统计分析' }),
    );
    expect(denied.code).toBe('auth.forbidden');
    const analystView = await getClient(ctxFor(t.deps, analyst), c.id);
    expect(analystView.idNumber).not.toBe(idNumber);
    expect(analystView.canReveal).toBe(false);
  });

  it('transfers ownership as its own audited action; the old owner loses sight of the client', async () => {
    const c = await makeIndividual(t.deps, rm);
    const forbidden = await failure(
      transferClient(ctxFor(t.deps, rm), c.id, { toOwnerId: rmSameTeam.id, reason: '客户经理调岗' }),
    );
    expect(forbidden.code).toBe('auth.forbidden');
    const moved = await transferClient(ctxFor(t.deps, lead), c.id, {
      toOwnerId: rmSameTeam.id,
      reason: '客户经理调岗',
    });
    expect(moved.owner.id).toBe(rmSameTeam.id);
    expect((await failure(getClient(ctxFor(t.deps, rm), c.id))).code).toBe('client.not_found');
    const outside = await failure(
      transferClient(ctxFor(t.deps, lead), c.id, { toOwnerId: rmOtherTeam.id, reason: '跨团队调整' }),
    );
    expect(outside.code).toBe('client.invalid_owner');
    const entry = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('client_id', '=', c.id)
      .where('action', '=', 'client.transfer')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.before!).ownerId).toBe(rm.id);
    expect(JSON.parse(entry.after!).ownerId).toBe(rmSameTeam.id);
  });

  it('finds clients by name, full pinyin, initials, code, exact ID number, mobile and credit code — within scope', async () => {
    const owner = await makeUser(t.deps, 'rm');
    const idNumber = residentId(506);
    const a = await makeIndividual(t.deps, owner, {
      name: '欧阳明月',
      idNumber,
      mobile: '18612340000',
      email: 'OuYang.MY@Example.com',
    });
    const b = await makeCorporate(t.deps, owner, {
      name: '深圳恒达科技有限公司',
      creditCode: creditCode(8801),
    });
    const ctx = ctxFor(t.deps, owner);
    const ids = async (q: string) => (await suggestClients(ctx, q, 10)).map((s) => s.id);
    expect(await ids('欧阳')).toEqual([a.id]);
    expect(await ids('ouyang')).toEqual([a.id]);
    expect(await ids('oymy')).toEqual([a.id]);
    expect(await ids('OYM')).toEqual([a.id]);
    expect(await ids('szhd')).toEqual([b.id]);
    expect(await ids(a.code)).toEqual([a.id]);
    expect(await ids(idNumber)).toEqual([a.id]);
    expect(await ids('18612340000')).toEqual([a.id]);
    expect(await ids('ouyang.my@example.com')).toEqual([a.id]);
    expect(await ids(b.creditCode!)).toEqual([b.id]);
    expect(await ids('18612340001')).toEqual([]);
    expect((await suggestClients(ctxFor(t.deps, rm), 'oymy', 10)).map((s) => s.id)).not.toContain(a.id);
    const page = await listClients(ctx, { q: 'oymy', page: 1, pageSize: 20 });
    expect(page.items.map((i) => i.id)).toEqual([a.id]);
    expect(page.total).toBe(1);
  });

  it('a branch manager must name an owner in their branch; RMs create only in their own book', async () => {
    const bm = await makeUser(t.deps, 'branch_manager', { branchId: rm.branchId! });
    const noOwner = await failure(
      createClient(ctxFor(t.deps, bm), {
        kind: 'individual',
        name: '赵六',
        idType: 'passport',
        idNumber: 'E12345678',
      }),
    );
    expect(noOwner.code).toBe('client.invalid_owner');
    const ok = await createClient(ctxFor(t.deps, bm), {
      kind: 'individual',
      name: '赵六',
      idType: 'passport',
      idNumber: 'E12345678',
      ownerId: rmOtherTeam.id,
    });
    expect(ok.owner.id).toBe(rmOtherTeam.id);
    const rmForOther = await failure(makeIndividual(t.deps, rm, { ownerId: rmSameTeam.id }));
    expect(rmForOther.code).toBe('client.invalid_owner');
  });
});
