import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { fieldHistory } from '../src/features/clients/clients.history.ts';
import { updateClient } from '../src/features/clients/clients.service.ts';
import { DIALECTS, type TestDb, openTestDb } from './support/db.ts';
import { failure } from './support/failure.ts';
import { ctxFor, makeIndividual, makeUser } from './support/factories.ts';

describe.each(DIALECTS)('field-level change history (%s)', (dialect) => {
  let t: TestDb;
  let rm: Actor;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    rm = await makeUser(t.deps, 'rm');
  });
  afterAll(() => t.close());

  it('who changed what, when and from which source, newest first, sensitive values masked', async () => {
    const c = await makeIndividual(t.deps, rm, { occupation: '教师', mobile: '13500001111' });
    await updateClient(ctxFor(t.deps, rm), c.id, 1, { occupation: '校长', mobile: '13500002222' });
    const h = await fieldHistory(ctxFor(t.deps, rm), c.id);
    const occupation = h.items.filter((i) => i.field === 'occupation');
    expect(occupation.map((i) => [i.action, i.before, i.after])).toEqual([
      ['client.update', '教师', '校长'],
      ['client.create', null, '教师'],
    ]);
    expect(occupation[0]!.actor).toEqual({ id: rm.id, displayName: rm.displayName });
    expect(occupation[0]!.source).toBe('manual');
    const mobile = (await fieldHistory(ctxFor(t.deps, rm), c.id, 'mobile')).items;
    expect(mobile[0]).toMatchObject({ before: '135****1111', after: '135****2222' });
    expect(JSON.stringify(h)).not.toContain('13500002222');
    const outsider = await makeUser(t.deps, 'rm');
    expect((await failure(fieldHistory(ctxFor(t.deps, outsider), c.id))).code).toBe('client.not_found');
  });
});
