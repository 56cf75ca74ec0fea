import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { updateClient } from '../src/features/clients/clients.service.ts';
import { myNotifications, readNotification } from '../src/features/notifications/notifications.service.ts';
import { clientQuality, profilesNeedingUpdate } from '../src/features/quality/quality.service.ts';
import { createTask, myTasks, updateTaskStatus } from '../src/features/tasks/tasks.service.ts';
import { runDailyJobs } from '../src/jobs/daily.ts';
import { addMonths, assessProfile } from '../src/scoring/profile-quality.ts';
import { DIALECTS, type TestDb, openTestDb } from './support/db.ts';
import { ctxFor, makeCorporate, makeIndividual, makeUser } from './support/factories.ts';

describe('profile quality rules', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-11-29', 12, '2026-11-29'],
    ['2025-12-15', -12, '2024-12-15'],
  ])('%s + %i months = %s', (d, m, expected) => expect(addMonths(d, m)).toBe(expected));

  it('scores completeness and freshness and lists what to fix', () => {
    const at = (asOf: string) => ({ source: 'manual' as const, asOf });
    const q = assessProfile(
      'individual',
      new Set(['name', 'idNumber', 'mobile', 'address', 'occupation', 'annualIncomeBand']),
      {
        mobile: at('2026-01-01'),
        address: at('2024-01-01'),
        occupation: at('2025-06-01'),
        annualIncomeBand: at('2025-11-28'),
      },
      '2026-11-29',
    );
    // Required: name, idNumber, mobile, address, occupation, income, risk → 6 of 7 present.
    expect(q.completeness).toBe(86);
    // Dated and present: mobile (fresh), address (24 m: stale), occupation (fresh), income (12 m: stale today).
    expect(q.freshness).toBe(50);
    expect(q.issues).toEqual([
      { field: 'address', problem: 'stale', asOf: '2024-01-01', maxAgeMonths: 24 },
      { field: 'annualIncomeBand', problem: 'stale', asOf: '2025-11-28', maxAgeMonths: 12 },
      { field: 'riskTolerance', problem: 'missing', asOf: null, maxAgeMonths: null },
    ]);
    expect(q.nextDueOn).toBe('2027-06-01');
  });
});

describe.each(DIALECTS)('tasks, notifications and the stale-profile job (%s)', (dialect) => {
  let t: TestDb;
  let rm: Actor;
  let lead: Actor;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    rm = await makeUser(t.deps, 'rm');
    lead = await makeUser(t.deps, 'team_lead', { teamId: rm.teamId!, branchId: rm.branchId! });
  });
  afterAll(() => t.close());

  it('a profile’s quality follows its facts; an edit makes a stale fact current', async () => {
    const c = await makeIndividual(t.deps, rm, {
      annualIncomeBand: '300k_1m',
      occupation: '教师',
      address: '北京市东城区1号',
      riskTolerance: 'C3',
      riskAssessedOn: '2026-10-01',
      asOf: '2025-06-01',
    });
    const before = await clientQuality(ctxFor(t.deps, rm), c.id);
    expect(before.issues.find((i) => i.field === 'annualIncomeBand')).toMatchObject({
      problem: 'stale',
      asOf: '2025-06-01',
    });
    expect(before.issues.find((i) => i.field === 'riskTolerance')).toBeUndefined();
    await updateClient(ctxFor(t.deps, rm), c.id, 1, { annualIncomeBand: '1m_5m' });
    const after = await clientQuality(ctxFor(t.deps, rm), c.id);
    expect(after.issues.find((i) => i.field === 'annualIncomeBand')).toBeUndefined();
    expect(after.freshness).toBeGreaterThan(before.freshness);
  });

  it('"needing update" lists the book, most valuable first', async () => {
    const owner = await makeUser(t.deps, 'rm');
    const gold = await makeIndividual(t.deps, owner, { tier: 'gold' });
    const priv = await makeIndividual(t.deps, owner, { tier: 'private' });
    const page = await profilesNeedingUpdate(ctxFor(t.deps, owner), 1, 20);
    expect(page.items.map((i) => i.id)).toEqual([priv.id, gold.id]);
    expect(page.items[0]!.quality.issues.some((i) => i.problem === 'missing')).toBe(true);
  });

  it('the daily job raises tasks for high tiers once, and tells the owner', async () => {
    const owner = await makeUser(t.deps, 'rm');
    const vip = await makeCorporate(t.deps, owner, { tier: 'diamond' });
    const ordinary = await makeCorporate(t.deps, owner, { tier: 'standard' });
    const first = await runDailyJobs(t.deps, t.now.value);
    expect(first[0]!.job).toBe('stale_profiles');
    expect(first[0]!.created).toBeGreaterThan(0);
    const again = await runDailyJobs(t.deps, t.now.value);
    expect(again[0]!.created).toBe(0); // idempotent
    const tasks = await myTasks(ctxFor(t.deps, owner), { page: 1, pageSize: 50 });
    expect(tasks.items.map((x) => x.client?.id)).toEqual([vip.id]);
    expect(tasks.items[0]).toMatchObject({ source: 'stale_profile', priority: 'high', status: 'open' });
    expect(tasks.items.map((x) => x.client?.id)).not.toContain(ordinary.id);
    const inbox = await myNotifications(ctxFor(t.deps, owner));
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]!.link).toBe(`/clients/${vip.id}`);
    const read = await readNotification(ctxFor(t.deps, owner), inbox.items[0]!.id);
    expect(read.unread).toBe(0);
  });

  it('my tasks: overdue first; assign within the team; complete and audit', async () => {
    const ctx = ctxFor(t.deps, lead);
    const later = await createTask(ctx, {
      title: '准备年度回顾',
      dueOn: '2026-12-20',
      priority: 'low',
      assigneeId: rm.id,
    });
    const overdue = await createTask(ctx, {
      title: '补签授权书',
      dueOn: '2026-11-01',
      priority: 'high',
      assigneeId: rm.id,
    });
    const list = await myTasks(ctxFor(t.deps, rm), { status: 'open', page: 1, pageSize: 50 });
    const ids = list.items.map((x) => x.id);
    expect(ids.indexOf(overdue.id)).toBeLessThan(ids.indexOf(later.id));
    expect(list.items.find((x) => x.id === overdue.id)!.overdue).toBe(true);
    const outsider = await makeUser(t.deps, 'rm');
    await expect(
      createTask(ctx, {
        title: '越权分派',
        dueOn: '2026-12-01',
        priority: 'medium',
        assigneeId: outsider.id,
      }),
    ).rejects.toMatchObject({ code: 'task.invalid_assignee' });
    const done = await updateTaskStatus(ctxFor(t.deps, rm), overdue.id, 'done');
    expect(done.status).toBe('done');
    expect(done.overdue).toBe(false);
    await expect(updateTaskStatus(ctxFor(t.deps, outsider), later.id, 'done')).rejects.toMatchObject({
      code: 'task.not_found',
    });
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'task')
      .where('target_id', '=', String(overdue.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['task.create', 'task.update']);
  });
});
