import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { myTasks } from '../src/features/tasks/tasks.service.ts';
import { runDailyJobs } from '../src/jobs/daily.ts';
import { DIALECTS, type TestDb, openTestDb } from './support/db.ts';
import { makeDocument } from './support/documents.ts';
import { ctxFor, makeIndividual, makeUser } from './support/factories.ts';

describe.each(DIALECTS)('document expiry reminders become tasks (%s)', (dialect) => {
  let t: TestDb;
  let rm: Actor;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    rm = await makeUser(t.deps, 'rm');
  });
  afterAll(() => t.close());

  it('at upload when already due, then at 7 days before expiry, once each, for the owner', async () => {
    const client = await makeIndividual(t.deps, rm, { name: '到期测试' });
    t.now.value = new Date('2026-11-29T02:00:00Z');
    await makeDocument(t.deps, rm, client.id, { kind: 'id_card', expiresOn: '2026-12-19' }); // 20 days left
    const documentTasks = async () =>
      (await myTasks(ctxFor(t.deps, rm), { page: 1, pageSize: 50 })).items.filter(
        (x) => x.source === 'document_expiry',
      );
    // Stored already inside the 30-day mark: the reminder is raised on upload, not a day later.
    expect(await documentTasks()).toHaveLength(1);
    await runDailyJobs(t.deps, t.now.value);
    await runDailyJobs(t.deps, t.now.value);
    const first = await documentTasks();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ priority: 'medium', dueOn: '2026-12-19', client: { id: client.id } });
    expect(first[0]!.title).toContain('20天后到期');
    t.now.value = new Date('2026-12-14T02:00:00Z'); // 5 days left
    await runDailyJobs(t.deps, t.now.value);
    const second = await documentTasks();
    expect(second).toHaveLength(2);
    expect(second.map((x) => x.priority).sort()).toEqual(['high', 'medium']);
    t.now.value = new Date('2026-11-29T02:00:00Z');
  });
});
