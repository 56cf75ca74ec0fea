import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { consentLedger, recordConsent } from '../src/features/consents/consents.service.ts';
import { DIALECTS, type TestDb, openTestDb } from './support/db.ts';
import { ctxFor, makeIndividual, makeUser } from './support/factories.ts';

describe.each(DIALECTS)('the consent ledger (%s)', (dialect) => {
  let t: TestDb;
  let rm: Actor;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    rm = await makeUser(t.deps, 'rm');
  });
  afterAll(() => t.close());

  it('starts unasked for every purpose', async () => {
    const c = await makeIndividual(t.deps, rm);
    const ledger = await consentLedger(ctxFor(t.deps, rm), c.id);
    expect(ledger.current).toEqual([
      { purpose: 'marketing_contact', status: null, since: null },
      { purpose: 'group_sharing', status: null, since: null },
      { purpose: 'credit_reporting', status: null, since: null },
      { purpose: 'profiling', status: null, since: null },
    ]);
    expect(ledger.history).toEqual([]);
  });

  it('a withdrawal takes effect at once and the grant stays in history, audited', async () => {
    const c = await makeIndividual(t.deps, rm);
    const ctx = () => ctxFor(t.deps, rm);
    t.now.value = new Date('2026-11-01T02:00:00Z');
    await recordConsent(ctx(), c.id, {
      purpose: 'marketing_contact',
      status: 'granted',
      channel: 'paper_form',
      evidence: '授权书 F-001',
    });
    t.now.value = new Date('2026-11-20T02:00:00Z');
    const after = await recordConsent(ctx(), c.id, {
      purpose: 'marketing_contact',
      status: 'withdrawn',
      channel: 'phone',
      evidence: '录音 R-778',
    });
    expect(after.current.find((x) => x.purpose === 'marketing_contact')).toEqual({
      purpose: 'marketing_contact',
      status: 'withdrawn',
      since: '2026-11-20T02:00:00.000Z',
    });
    expect(after.history.map((h) => [h.status, h.channel, h.evidence])).toEqual([
      ['withdrawn', 'phone', '录音 R-778'],
      ['granted', 'paper_form', '授权书 F-001'],
    ]);
    expect(after.history[0]!.recordedBy.id).toBe(rm.id);
    const audited = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('client_id', '=', c.id)
      .where('action', '=', 'consent.record')
      .execute();
    expect(audited).toHaveLength(2);
  });

  it('the ledger cannot be rewritten in the database', async () => {
    const c = await makeIndividual(t.deps, rm);
    await recordConsent(ctxFor(t.deps, rm), c.id, {
      purpose: 'profiling',
      status: 'granted',
      channel: 'mobile_app',
      evidence: 'APP-9',
    });
    await expect(sql`update client_consents set status = 'withdrawn'`.execute(t.deps.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from client_consents`.execute(t.deps.db)).rejects.toThrow(/append-only/);
  });

  it('another team cannot read or record', async () => {
    const c = await makeIndividual(t.deps, rm);
    const outsider = await makeUser(t.deps, 'rm');
    await expect(consentLedger(ctxFor(t.deps, outsider), c.id)).rejects.toMatchObject({
      code: 'client.not_found',
    });
    await expect(
      recordConsent(ctxFor(t.deps, outsider), c.id, {
        purpose: 'profiling',
        status: 'granted',
        channel: 'phone',
        evidence: 'x1',
      }),
    ).rejects.toMatchObject({ code: 'client.not_found' });
  });
});
