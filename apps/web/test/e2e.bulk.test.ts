import type {
  ClientDetail,
  ClientPage,
  NotificationList,
  RelationshipGraph,
  Task,
  TaskPage,
} from '@dossier/contract';
import { describe, expect, it } from 'vitest';
import { type ApiSession, journeys, pickOption, screenshot } from './browser.ts';
import { freshName, freshResidentId } from './fixtures.ts';

/** The same number with a check character that cannot be right. */
function withWrongCheckDigit(id: string): string {
  const right = id.slice(-1);
  const wrong = right === '1' ? '2' : '1';
  return id.slice(0, 17) + wrong;
}

async function clientTotal(session: ApiSession): Promise<number> {
  const page = await session.get<ClientPage>('/api/clients?pageSize=1');
  expect(page.status).toBe(200);
  return page.body.total;
}

describe('bulk and work-list journeys', () => {
  const j = journeys();

  it('an RM imports a CSV: a bad row stores nothing, the fixed file imports', async () => {
    const rm01 = await j.apiLogin('rm01');
    const before = await clientTotal(rm01);
    const ids = [freshResidentId('1980-02-14'), freshResidentId('1975-11-03'), freshResidentId('1990-07-21')];
    const names = [freshName(), freshName(), freshName()];
    const csv = (second: string) =>
      [
        '客户类型,姓名,证件号码,手机号码,职业,客户经理',
        `个人,${names[0]},${ids[0]},13900001111,教师,rm01`,
        `个人,${names[1]},${second},13900002222,医生,rm01`,
        `个人,${names[2]},${ids[2]},13900003333,律师,rm01`,
      ].join('\r\n');
    const file = (content: string) => ({
      name: '客户导入.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(content),
    });

    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.getByTestId('nav-imports').click();
    await page.waitForURL('**/imports');
    await screenshot(page, 'bulk-01-import-empty');

    await page.locator('input[type=file]').setInputFiles(file(csv(withWrongCheckDigit(ids[1] as string))));
    await page.getByTestId('import-check').click();
    const problem = page.getByTestId('import-problem');
    await problem.first().waitFor();
    // Row 3 of the spreadsheet (the header is row 1), in the ID number column.
    await expect(problem.count()).resolves.toBe(1);
    const problemText = (await problem.first().textContent()) ?? '';
    expect(problemText).toMatch(/^3\D/);
    expect(problemText).toContain('证件号码');
    // The column was read as the ID number field, and the mapping editor shows it so.
    await expect(page.getByTestId('mapping-证件号码').textContent()).resolves.toBe('证件号码');
    await screenshot(page, 'bulk-02-import-dry-run-problem');

    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-rejected').waitFor();
    await expect(page.getByTestId('import-problem').count()).resolves.toBe(1);
    await screenshot(page, 'bulk-03-import-rejected');
    expect(await clientTotal(rm01)).toBe(before);

    await page.locator('input[type=file]').setInputFiles(file(csv(ids[1] as string)));
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-dry-run').waitFor();
    await expect(page.getByTestId('import-problem').count()).resolves.toBe(0);
    await screenshot(page, 'bulk-04-import-dry-run-ok');
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-committed').waitFor();
    await screenshot(page, 'bulk-05-import-committed');
    expect(await clientTotal(rm01)).toBe(before + 3);
    const found = await rm01.get<ClientPage>(`/api/clients?q=${encodeURIComponent(names[1] as string)}`);
    expect(found.body.items.map((c) => c.name)).toContain(names[1]);

    // The client list offers the export as a plain link carrying the current filters.
    await page.goto('/clients?tier=gold&kind=individual');
    await page.getByTestId('export-clients').waitFor();
    const href = await page.getByTestId('export-clients').getAttribute('href');
    const exportUrl = new URL(href ?? '', j.baseUrl);
    expect(exportUrl.pathname).toBe('/api/clients/export');
    expect(Object.fromEntries(exportUrl.searchParams)).toEqual({ tier: 'gold', kind: 'individual' });
    await screenshot(page, 'bulk-06-client-list-export');

    await page.getByTestId('nav-staleProfiles').click();
    await page.waitForURL('**/profiles/needing-update');
    await page.getByTestId('stale-profile-row').first().waitFor();
    await screenshot(page, 'bulk-07-profiles-needing-update');
  });

  it('an RM maps an unknown column for a source, imports the clients, then a file of their relationship', async () => {
    const rm01 = await j.apiLogin('rm01');
    const ids = [freshResidentId('1982-03-09'), freshResidentId('1984-10-30')];
    const names = [freshName(), freshName()];
    const clients = [
      '全名,客户类型,证件号码,客户经理',
      `${names[0]},个人,${ids[0]},rm01`,
      `${names[1]},个人,${ids[1]},rm01`,
    ].join('\r\n');
    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.goto('/imports');
    await page.getByTestId('import-source').fill('branch-crm');
    await page.locator('input[type=file]').setInputFiles({
      name: '网点系统导出.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(clients),
    });
    await page.getByTestId('import-check').click();
    // "全名" is not a header the server knows: the file has no name column until it is mapped.
    await page.getByTestId('import-problem').first().waitFor();
    await pickOption(page, 'mapping-全名', '客户名称', { search: '客户名称' });
    await page.getByTestId('mapping-save').click();
    await expect.poll(() => page.getByTestId('import-dry-run').textContent()).toContain('校验通过：2 行');
    await screenshot(page, 'bulk-05-mapped');
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-committed').textContent()).toContain('新建 2 位客户');
    const found = await rm01.getOk<ClientPage>(`/api/clients?q=${encodeURIComponent(ids[0] as string)}`);
    expect(found.items.map((c) => c.name)).toEqual([names[0]]);

    await page.getByTestId('import-target').getByText('客户关系').click();
    await page.locator('input[type=file]').setInputFiles({
      name: '客户关系.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['客户证件号码,关联方证件号码,关系类型', `${ids[0]},${ids[1]},配偶`].join('\r\n')),
    });
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('import-dry-run').textContent()).toContain('校验通过：1 行');
    await page.getByTestId('import-commit').click();
    await expect
      .poll(() => page.getByTestId('import-committed').textContent())
      .toContain('登记 1 条客户关系');
    const graph = await rm01.getOk<RelationshipGraph>(`/api/clients/${found.items[0]?.id}/relationships`);
    expect(graph.relationships.map((r) => [r.kind, [r.from.name, r.to.name].sort()])).toEqual([
      ['spouse', [names[0], names[1]].sort()],
    ]);
  });

  it('a team lead merges two files of one person; the absorbed file is gone from the API', async () => {
    const rm01 = await j.apiLogin('rm01');
    const lead01 = await j.apiLogin('lead01');
    expect(lead01.me.teamId).toBe(rm01.me.teamId);
    const name = freshName();
    const birthDate = '1982-03-09';
    const byPassport = await rm01.send<ClientDetail>('POST', '/api/clients', {
      kind: 'individual',
      name,
      birthDate,
      idType: 'passport',
      idNumber: `E${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      occupation: '工程师',
    });
    expect(byPassport.status).toBe(201);
    const byResidentId = await rm01.send<ClientDetail>('POST', '/api/clients', {
      kind: 'individual',
      name,
      birthDate,
      idType: 'resident_id',
      idNumber: freshResidentId(birthDate),
      mobile: '13700004444',
    });
    expect(byResidentId.status).toBe(201);

    const page = await j.newPage();
    await j.login(page, 'lead01');
    await page.getByTestId('nav-duplicates').click();
    const row = page.getByTestId('duplicate-row').filter({ hasText: name });
    await row.waitFor();
    await screenshot(page, 'bulk-08-duplicates');
    await row.getByTestId('duplicate-compare').click();
    await page.waitForURL('**/duplicates/merge?**');
    await page.getByTestId('merge-field').first().waitFor();
    // Keep the resident ID and the mobile, whichever side they are on.
    const survivorId = Number(new URL(page.url()).searchParams.get('a'));
    const otherId = Number(new URL(page.url()).searchParams.get('b'));
    expect([survivorId, otherId].sort()).toEqual([byPassport.body.id, byResidentId.body.id].sort());
    const residentSide = survivorId === byResidentId.body.id ? 'survivor' : 'other';
    await page.getByTestId(`merge-pick-idType-${residentSide}`).click();
    await page.getByTestId(`merge-pick-idNumber-${residentSide}`).click();
    await page.getByTestId('merge-reason').fill('同一客户先后以护照和居民身份证建档');
    await screenshot(page, 'bulk-09-merge');
    await page.getByTestId('merge-submit').click();
    await page.waitForURL(`**/clients/${survivorId}`);
    await page.getByTestId('client-name').waitFor();
    await screenshot(page, 'bulk-10-merged-profile');

    const absorbed = await lead01.get<unknown>(`/api/clients/${otherId}`);
    expect(absorbed.status).toBe(404);
    const survivor = await lead01.get<ClientDetail>(`/api/clients/${survivorId}`);
    expect(survivor.body.idType).toBe('resident_id');
    expect(survivor.body.mobile).not.toBeNull();
    expect(survivor.body.occupation).toBe('工程师');
  });

  it('an RM sees a task from the team lead on /tasks and in the notification bell', async () => {
    const rm01 = await j.apiLogin('rm01');
    const lead01 = await j.apiLogin('lead01');
    const clients = await rm01.get<ClientPage>('/api/clients?pageSize=1');
    const client = clients.body.items[0];
    if (!client) throw new Error('rm01 has no clients');
    const title = `回访客户确认资料 ${Date.now() % 100000}`;
    const created = await lead01.send<Task>('POST', '/api/tasks', {
      title,
      clientId: client.id,
      assigneeId: rm01.me.id,
      dueOn: '2020-01-31',
      priority: 'high',
    });
    expect(created.status).toBe(201);
    const unread = (await rm01.get<NotificationList>('/api/notifications')).body.unread;
    expect(unread).toBeGreaterThan(0);

    const page = await j.newPage();
    await j.login(page, 'rm01');
    // The badge fills in when the notifications query answers: wait for the count, then compare.
    const expected = String(Math.min(unread, 99)).concat(unread > 99 ? '+' : '');
    await page.getByTestId('notification-count').filter({ hasText: expected }).waitFor({ timeout: 15_000 });
    // biome-ignore lint/performance/useDomNodeTextContent: the count as shown; antd's badge may keep rolling digits in its DOM
    await expect(page.getByTestId('notification-count').innerText()).resolves.toBe(expected);
    await page.getByTestId('nav-tasks').click();
    await page.waitForURL('**/tasks');
    const row = page.getByTestId('task-row').filter({ hasText: title });
    await row.waitFor();
    await expect(row.getByTestId('task-overdue').isVisible()).resolves.toBe(true);
    await expect(row.textContent()).resolves.toContain(client.name);
    await screenshot(page, 'bulk-11-tasks');

    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-list').waitFor();
    await screenshot(page, 'bulk-12-notifications');

    await row.getByTestId('task-complete').click();
    await row.waitFor({ state: 'detached' });
    const open = await rm01.get<TaskPage>('/api/tasks?status=open&pageSize=100');
    expect(open.body.items.some((task) => task.id === created.body.id)).toBe(false);

    await page.getByTestId('new-task').click();
    await page.getByTestId('task-title').waitFor();
    await screenshot(page, 'bulk-13-task-create');
  });

  it('a risk officer sees guarantee circles', async () => {
    const page = await j.newPage();
    await j.login(page, 'risk01');
    await page.getByTestId('nav-guaranteeCircles').click();
    await page.waitForURL('**/guarantee-circles');
    await page.locator('.ant-table-tbody').waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'bulk-14-guarantee-circles');
    expect(j.contractDrift).toEqual([]);
  });
});
