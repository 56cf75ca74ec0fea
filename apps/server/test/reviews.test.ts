import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { clientQuality } from '../src/features/quality/quality.service.ts';
import { fieldHistory } from '../src/features/clients/clients.history.ts';
import { reviewClient } from '../src/features/reviews/reviews.service.ts';
import { myTasks } from '../src/features/tasks/tasks.service.ts';
import { runDailyJobs } from '../src/jobs/daily.ts';
import { DIALECTS, type TestDb, openTestDb } from './support/db.ts';
import { failure } from './support/failure.ts';
import { ctxFor, makeIndividual, makeUser } from './support/factories.ts';

describe.each(DIALECTS)('periodic KYC review (%s)', (dialect) => {
  let t: TestDb;
  let rm: Actor;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    rm = await makeUser(t.deps, 'rm');
  });
  afterAll(() => t.close());

  it('the rating sets the cycle; the job raises the review ahead of time, once; the review confirms facts and closes it', async () => {
    t.now.value = new Date('2024-01-10T02:00:00Z');
    const c = await makeIndividual(t.deps, rm, {
      kycRiskRating: 'high',
      occupation: '医生',
      annualIncomeBand: '1m_5m',
      address: '上海市黄浦区1号',
    });
    expect(c.kycReviewDueOn).toBe('2025-01-10'); // high: yearly, from onboarding
    t.now.value = new Date('2024-12-01T02:00:00Z'); // 40 days before: not yet
    await runDailyJobs(t.deps, t.now.value);
    const reviewTasks = async () =>
      (await myTasks(ctxFor(t.deps, rm), { page: 1, pageSize: 50 })).items.filter(
        (x) => x.source === 'kyc_review',
      );
    expect(await reviewTasks()).toHaveLength(0);
    t.now.value = new Date('2024-12-20T02:00:00Z'); // 21 days before
    await runDailyJobs(t.deps, t.now.value);
    await runDailyJobs(t.deps, t.now.value);
    const raised = await reviewTasks();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ dueOn: '2025-01-10', priority: 'high', status: 'open' });

    t.now.value = new Date('2025-06-01T02:00:00Z');
    const staleBefore = await clientQuality(ctxFor(t.deps, rm), c.id);
    expect(staleBefore.issues.some((i) => i.field === 'annualIncomeBand' && i.problem === 'stale')).toBe(
      true,
    );
    const reviewed = await reviewClient(ctxFor(t.deps, rm), c.id, {
      riskRating: 'medium',
      confirmedFields: ['annualIncomeBand', 'occupation'],
      note: '面谈确认',
    });
    expect(reviewed).toMatchObject({
      kycRiskRating: 'medium',
      kycReviewedOn: '2025-06-01',
      kycReviewDueOn: '2027-06-01',
    });
    expect(reviewed.provenance.annualIncomeBand).toEqual({ source: 'kyc', asOf: '2025-06-01' });
    const after = await clientQuality(ctxFor(t.deps, rm), c.id);
    expect(after.issues.some((i) => i.field === 'annualIncomeBand')).toBe(false);
    expect((await reviewTasks())[0]!.status).toBe('done');
    const entry = await t.deps.db
      .selectFrom('audit_log')
      .select(['details', 'actor_id'])
      .where('action', '=', 'client.review')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.details!)).toEqual({
      confirmedFields: ['annualIncomeBand', 'occupation'],
      note: '面谈确认',
    });
    // The review shows in the client's field history, marked as a KYC review.
    const history = await fieldHistory(ctxFor(t.deps, rm), c.id, 'kycRiskRating');
    expect(history.items[0]).toMatchObject({
      action: 'client.review',
      source: 'kyc',
      before: 'high',
      after: 'medium',
    });
    t.now.value = new Date('2026-11-29T02:00:00Z');
  });

  it('only recorded facts of the client can be confirmed', async () => {
    const c = await makeIndividual(t.deps, rm);
    const e = await failure(
      reviewClient(ctxFor(t.deps, rm), c.id, { riskRating: 'low', confirmedFields: ['name', 'creditCode'] }),
    );
    expect(e.field).toBe('confirmedFields.1');
    const outsider = await makeUser(t.deps, 'rm');
    expect(
      (
        await failure(
          reviewClient(ctxFor(t.deps, outsider), c.id, { riskRating: 'low', confirmedFields: [] }),
        )
      ).code,
    ).toBe('client.not_found');
  });
});
