import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { checkAuditChain, listAudit, verifyAuditChain } from '../src/features/audit/audit.service.ts';
import { updateClient } from '../src/features/clients/clients.service.ts';
import { DIALECTS, type TestDb, dropAuditProtection, openTestDb } from './support/db.ts';
import { ctxFor, makeIndividual, makeUser } from './support/factories.ts';

describe.each(DIALECTS)('the audit chain (%s)', (dialect) => {
  let t: TestDb;
  let rm: Actor;
  beforeEach(async () => {
    t = await openTestDb(dialect);
    rm = await makeUser(t.deps, 'rm');
    for (let i = 0; i < 5; i++) await makeIndividual(t.deps, rm, { name: `客户${i}` });
  });
  afterEach(() => t.close());

  const entries = () => t.deps.db.selectFrom('audit_log').selectAll().orderBy('id').execute();

  it('is intact after ordinary work', async () => {
    const all = await entries();
    expect(all.length).toBe(6); // one user, five clients
    expect(await verifyAuditChain(t.deps)).toEqual({ ok: true, checked: 6 });
    expect(all[1]!.prev_hash).toBe(all[0]!.hash);
  });

  it('refuses updates and deletes at the database itself', async () => {
    await expect(
      sql`update audit_log set action = 'auth.logout' where id = 2`.execute(t.deps.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where id = 2`.execute(t.deps.db)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(t.deps)).toEqual({ ok: true, checked: 6 });
  });

  describe('when someone removes that protection', () => {
    beforeEach(() => dropAuditProtection(t));

    it('catches an altered entry', async () => {
      await sql`update audit_log set after = ${'{"name":"篡改"}'} where id = 4`.execute(t.deps.db);
      const r = await verifyAuditChain(t.deps);
      expect(r).toMatchObject({ ok: false, checked: 3, broken: { id: 4 } });
      if (!r.ok) expect(r.broken.reason).toContain('altered');
    });

    it('compliance sees the chain status; others may not ask', async () => {
      const compliance = await makeUser(t.deps, 'compliance');
      expect(await checkAuditChain(ctxFor(t.deps, compliance))).toMatchObject({
        ok: true,
        checked: 7,
        broken: null,
      });
      await sql`update audit_log set action = 'auth.logout' where id = 2`.execute(t.deps.db);
      expect(await checkAuditChain(ctxFor(t.deps, compliance))).toMatchObject({
        ok: false,
        checked: 1,
        broken: { id: 2 },
      });
      await expect(checkAuditChain(ctxFor(t.deps, rm))).rejects.toThrow(/role/);
    });

    it('catches an altered actor or time, not only the payload', async () => {
      await sql`update audit_log set actor_id = null where id = 5`.execute(t.deps.db);
      expect(await verifyAuditChain(t.deps)).toMatchObject({ ok: false, broken: { id: 5 } });
    });

    it('catches a deleted entry', async () => {
      await sql`delete from audit_log where id = 3`.execute(t.deps.db);
      const r = await verifyAuditChain(t.deps);
      expect(r).toMatchObject({ ok: false, broken: { id: 4 } });
      if (!r.ok) expect(r.broken.reason).toContain('deleted or reordered');
    });

    it('catches the last entry deleted and a new one forged after it', async () => {
      // Forged with a self-consistent hash but linked to the wrong predecessor.
      const last = (await entries()).at(-1)!;
      await sql`delete from audit_log where id = ${last.id}`.execute(t.deps.db);
      await sql`insert into audit_log (id, at, action, prev_hash, hash) values (${last.id}, ${last.at}, 'auth.login', ${last.prev_hash.replace(/^./, 'f')}, ${last.hash})`.execute(
        t.deps.db,
      );
      expect(await verifyAuditChain(t.deps)).toMatchObject({ ok: false, broken: { id: last.id } });
    });

    it('catches reordered entries (two entries swapped)', async () => {
      const all = await entries();
      const [a, b] = [all[2]!, all[3]!];
      await t.deps.db.transaction().execute(async (tx) => {
        await sql`delete from audit_log where id in (${a.id}, ${b.id})`.execute(tx);
        await tx
          .insertInto('audit_log')
          .values({ ...b, id: a.id })
          .execute();
        await tx
          .insertInto('audit_log')
          .values({ ...a, id: b.id })
          .execute();
      });
      expect(await verifyAuditChain(t.deps)).toMatchObject({ ok: false, broken: { id: a.id } });
    });
  });

  it('writes the entry in the same transaction as the change: a refused change leaves no entry', async () => {
    const c = await makeIndividual(t.deps, rm);
    const before = (await entries()).length;
    await expect(updateClient(ctxFor(t.deps, rm), c.id, 99, { occupation: '厨师' })).rejects.toThrow();
    expect((await entries()).length).toBe(before);
  });

  it('compliance filters by user, client, action and date', async () => {
    const compliance = await makeUser(t.deps, 'compliance');
    const c = await makeIndividual(t.deps, rm, { name: '过滤测试' });
    await updateClient(ctxFor(t.deps, rm), c.id, 1, { occupation: '会计' });
    const ctx = ctxFor(t.deps, compliance);
    const byClient = await listAudit(ctx, { clientId: c.id, page: 1, pageSize: 50 });
    expect(byClient.items.map((i) => i.action)).toEqual(['client.update', 'client.create']);
    const byAction = await listAudit(ctx, { action: 'client.update', page: 1, pageSize: 50 });
    expect(byAction.total).toBe(1);
    const byUser = await listAudit(ctx, { userId: rm.id, page: 1, pageSize: 50 });
    expect(byUser.total).toBe(7);
    expect(byUser.items[0]!.actor?.username).toBe(rm.username);
    const today = t.now.value.toISOString().slice(0, 10);
    expect((await listAudit(ctx, { from: today, to: today, page: 1, pageSize: 1 })).total).toBeGreaterThan(8);
    expect((await listAudit(ctx, { to: '2020-01-01', page: 1, pageSize: 1 })).total).toBe(0);
  });
});
