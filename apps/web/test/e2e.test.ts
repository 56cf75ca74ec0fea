import {
  type AuditVerifyResponse,
  type ClientDetail,
  type ClientPage,
  type UserPage,
  usccCheckChar,
} from '@dossier/contract';
import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { type ApiSession, journeys, pickOption, screenshot } from './browser.ts';

/** 张三丰 → zsf: what a relationship manager types to find a client quickly. */
function initialsOf(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
}

/**
 * One of rm01's individual clients whose pinyin initials bring it up in the typeahead (a few names
 * share initials with another client or are read differently; those are skipped, not guessed).
 */
async function findClientByInitials(rm: ApiSession): Promise<{ client: ClientDetail; initials: string }> {
  const page = await rm.get<ClientPage>('/api/clients?kind=individual&pageSize=30');
  expect(page.status).toBe(200);
  for (const summary of page.body.items) {
    const initials = initialsOf(summary.name);
    if (!/^[a-z]{2,}$/.test(initials)) continue;
    const suggest = await rm.get<{ items: { id: number }[] }>(
      `/api/clients/suggest?q=${encodeURIComponent(initials)}&limit=8`,
    );
    if (suggest.body.items.some((item) => item.id === summary.id)) {
      const detail = await rm.get<ClientDetail>(`/api/clients/${summary.id}`);
      return { client: detail.body, initials };
    }
  }
  throw new Error('None of the first 30 of rm01’s clients can be found by its pinyin initials');
}

/** A unified social credit code no demo client has: random body, correct GB 32100 check character. */
function freshCreditCode(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = '91110108';
  for (let i = 0; i < 9; i++) body += alphabet[Math.floor(Math.random() * alphabet.length)];
  return body + usccCheckChar(body);
}

type Contact = ClientDetail['contacts'][number];

/**
 * One of rm01's companies with at least two contacts, one of them with both a phone and an e-mail on
 * file (to keep the phone and clear the e-mail) and another to remove.
 */
async function findCompanyWithContacts(
  rm: ApiSession,
): Promise<{ client: ClientDetail; kept: Contact; removed: Contact }> {
  const page = await rm.get<ClientPage>('/api/clients?kind=corporate&pageSize=50');
  expect(page.status).toBe(200);
  for (const summary of page.body.items) {
    const { body: client } = await rm.get<ClientDetail>(`/api/clients/${summary.id}`);
    const kept = client.contacts.find((contact) => contact.phone && contact.email);
    const removed = client.contacts.find((contact) => contact !== kept);
    if (kept && removed) return { client, kept, removed };
  }
  throw new Error('None of rm01’s first 50 companies has two contacts, one with a phone and an e-mail');
}

/** The clear value of a contact's phone, as a person with reveal rights would see it. */
async function revealContactPhone(rm: ApiSession, clientId: number, contactId: number): Promise<string> {
  const answer = await rm.send<{ value: string | null }>('POST', `/api/clients/${clientId}/reveal`, {
    field: 'contactPhone',
    contactId,
    purpose: '核对联系人电话是否保留',
  });
  expect(answer.status).toBe(200);
  if (!answer.body.value) throw new Error(`contact ${contactId} has no phone on file`);
  return answer.body.value;
}

describe('browser journeys', () => {
  const j = journeys();
  /** The client the first journey edited; the audit journey looks for that edit. */
  let editedClientId: number | undefined;

  it('an RM finds a client by pinyin initials, edits the occupation and sees it saved', async () => {
    const rm01 = await j.apiLogin('rm01');
    const { client, initials } = await findClientByInitials(rm01);
    const page = await j.newPage();

    await page.goto('/');
    await page.getByTestId('login-submit').waitFor();
    await screenshot(page, '01-login');
    await j.login(page, 'rm01');
    await page.getByTestId('client-row').first().waitFor();
    await screenshot(page, '02-client-list');

    await page.getByTestId('client-search').locator('input').fill(initials);
    const suggestion = page.getByTestId('client-suggestion').filter({ hasText: client.code });
    await suggestion.waitFor();
    await screenshot(page, '03-client-suggest');
    await suggestion.click();

    await page.waitForURL(`**/clients/${client.id}`);
    await expect(page.getByTestId('client-name').textContent()).resolves.toBe(client.name);
    await screenshot(page, '04-client-profile');

    const occupation = `理财顾问${Date.now() % 100000}`;
    await page.getByTestId('edit-client').click();
    await page.getByTestId('field-occupation').fill(occupation);
    await screenshot(page, '05-client-edit');
    await page.getByTestId('save-client').click();
    await page.getByTestId('edit-drawer').waitFor({ state: 'hidden' });
    await page.getByText(occupation, { exact: true }).waitFor();
    await screenshot(page, '06-client-saved');

    editedClientId = client.id;
    const saved = await rm01.get<ClientDetail>(`/api/clients/${client.id}`);
    expect(saved.body.occupation).toBe(occupation);
    expect(saved.body.version).toBe(client.version + 1);

    await page.reload();
    await page.getByText(occupation, { exact: true }).waitFor();
  });

  it('an RM renames, adds and removes company contacts, and a phone shown masked is kept', async () => {
    const rm01 = await j.apiLogin('rm01');
    const { client, kept, removed } = await findCompanyWithContacts(rm01);
    const keptPhone = await revealContactPhone(rm01, client.id, kept.id);
    const keptIndex = client.contacts.indexOf(kept);
    const removedIndex = client.contacts.indexOf(removed);
    const renamed = `${kept.name}新`;
    const added = { name: '陈静', role: '董事会秘书', phone: `139${String(Date.now()).slice(-8)}` };

    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.goto(`/clients/${client.id}`);
    await page.getByTestId('edit-client').click();
    const rows = page.getByTestId('contact-row');
    await rows.first().waitFor();
    await expect(rows.count()).resolves.toBe(client.contacts.length);

    // The stored phone is a hint inside an empty box, never a value that could be sent back.
    const keptRow = rows.nth(keptIndex);
    await expect(keptRow.getByTestId('contact-name').inputValue()).resolves.toBe(kept.name);
    await expect(keptRow.getByTestId('contact-phone').inputValue()).resolves.toBe('');
    await expect(keptRow.getByTestId('contact-phone').getAttribute('placeholder')).resolves.toBe(kept.phone);

    await keptRow.getByTestId('contact-name').fill(renamed);
    await keptRow.getByTestId('contact-email-clear').click();
    await keptRow.getByTestId('contact-email-undo').waitFor();

    // Two identical new contacts: the server refuses the second, and says so beside its name.
    for (let i = 0; i < 2; i++) {
      await page.getByTestId('add-contact').click();
      const row = rows.last();
      await row.getByTestId('contact-name').fill(added.name);
      await row.getByTestId('contact-role').fill(added.role);
      await row.getByTestId('contact-phone').fill(added.phone);
    }
    await page.getByTestId('save-client').click();
    const duplicateName = rows
      .last()
      .locator('.ant-form-item-has-error')
      .filter({ has: page.getByTestId('contact-name') });
    await duplicateName.waitFor();
    await expect(duplicateName.textContent()).resolves.toContain('与上方联系人重复');
    await screenshot(page, '23-contacts-duplicate');
    await rows.last().getByTestId('remove-contact').click();

    await rows.nth(removedIndex).getByTestId('remove-contact').click();
    await expect(rows.count()).resolves.toBe(client.contacts.length);
    await screenshot(page, '24-contacts-edit');
    await page.getByTestId('save-client').click();
    await page.getByTestId('edit-drawer').waitFor({ state: 'hidden' });
    await page.getByTestId('contacts-table').getByText(renamed, { exact: true }).waitFor();
    await page.getByTestId('contacts-table').getByText(added.name, { exact: true }).waitFor();
    await screenshot(page, '25-contacts-saved');

    const { body: saved } = await rm01.get<ClientDetail>(`/api/clients/${client.id}`);
    const ids = saved.contacts.map((contact) => contact.id);
    expect(ids).toContain(kept.id);
    expect(ids).not.toContain(removed.id);
    const keptNow = saved.contacts.find((contact) => contact.id === kept.id);
    expect(keptNow?.name).toBe(renamed);
    expect(keptNow?.phone).toBe(kept.phone);
    expect(keptNow?.email).toBeNull();
    const addedNow = saved.contacts.filter((contact) => contact.name === added.name);
    expect(addedNow).toHaveLength(1);
    expect(addedNow[0]?.role).toBe(added.role);
    expect(addedNow[0]?.phone?.slice(-4)).toBe(added.phone.slice(-4));
    expect(saved.contacts).toHaveLength(client.contacts.length);
    await expect(revealContactPhone(rm01, client.id, kept.id)).resolves.toBe(keptPhone);

    // The same editor in English, with the stored phone still only a hint.
    await page.getByTestId('lang-switch').getByText('EN').click();
    await page.reload();
    await page.getByTestId('edit-client').click();
    await page.getByText('leave one alone to keep it', { exact: false }).waitFor();
    const keptRowNow = rows.nth(saved.contacts.findIndex((contact) => contact.id === kept.id));
    await expect(keptRowNow.getByTestId('contact-phone').getAttribute('placeholder')).resolves.toBe(
      kept.phone,
    );
    await keptRowNow.getByTestId('contact-phone-clear').getByText('Clear').waitFor();
    await page.getByTestId('add-contact').scrollIntoViewIfNeeded();
    await screenshot(page, '26-contacts-edit-en');
  });

  it('an RM of another team gets the not-found page for that client', async () => {
    const rm01 = await j.apiLogin('rm01');
    const rm02 = await j.apiLogin('rm02');
    expect(rm02.me.teamId).not.toBe(rm01.me.teamId);
    const { body: mine } = await rm01.get<ClientPage>('/api/clients?pageSize=1');
    const client = mine.items[0];
    if (!client) throw new Error('rm01 has no clients');
    expect((await rm02.get(`/api/clients/${client.id}`)).status).toBe(404);

    const page = await j.newPage();
    await j.login(page, 'rm02');
    await page.goto(`/clients/${client.id}`);
    await page.getByTestId('client-not-found').waitFor();
    await expect(page.getByText(client.name).count()).resolves.toBe(0);
    await screenshot(page, '07-client-not-found');
  });

  it('an administrator creates a user on the users page', async () => {
    const page = await j.newPage();
    await j.login(page, 'admin');
    await page.getByTestId('nav-users').click();
    await page.waitForURL('**/users');
    await page.getByTestId('user-create').waitFor();
    await screenshot(page, '08-users');

    const username = `e2e.rm${Date.now() % 100000}`;
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-username').fill(username);
    await page.getByTestId('user-displayName').fill('测试客户经理');
    await pickOption(page, 'user-role', '客户经理');
    await pickOption(page, 'user-branch');
    await pickOption(page, 'user-team');
    await page.getByTestId('user-password').fill('Quiet-Harbour-Lantern-2026');
    await screenshot(page, '09-user-create');
    await page.getByTestId('user-create-submit').click();
    await page.getByTestId('user-create-modal').waitFor({ state: 'hidden' });
    await page.getByText(username, { exact: true }).waitFor();
    await screenshot(page, '10-user-created');

    const admin = await j.apiLogin('admin');
    const users = await admin.get<UserPage>(`/api/users?q=${encodeURIComponent(username)}`);
    const created = users.body.items.find((user) => user.username === username);
    expect(created?.role).toBe('rm');
    expect(created?.displayName).toBe('测试客户经理');
    expect(created?.team).not.toBeNull();
  });

  it('compliance reads the audit log with the before→after of the edit', async () => {
    if (editedClientId === undefined)
      throw new Error('the edit journey did not run, so there is no edit to audit');
    const page = await j.newPage();
    await j.login(page, 'compliance01');
    await page.goto(`/audit?action=client.update&clientId=${editedClientId}`);
    await page.getByTestId('audit-row').first().waitFor();
    await page.getByTestId('audit-row').first().locator('.ant-table-row-expand-icon').click();
    await page.getByTestId('audit-changes').getByText('occupation').first().waitFor();

    // The hash chain is checked when the page opens, and again on request.
    const chain = page.locator('[data-testid="audit-chain"][data-state="intact"]');
    await chain.waitFor();
    const checkedOf = async () => {
      const text = (await chain.textContent()) ?? '';
      const match = /审计链完整：已校验 ([\d,]+) 条记录（\d{4}-\d\d-\d\d \d\d:\d\d:\d\d）/.exec(text);
      if (!match?.[1]) throw new Error(`unexpected chain status: ${text}`);
      return Number(match[1].replaceAll(',', ''));
    };
    const compliance = await j.apiLogin('compliance01');
    const { body: verified } = await compliance.get<AuditVerifyResponse>('/api/audit/verify');
    expect(verified.ok).toBe(true);
    const first = await checkedOf();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(verified.checked);
    await screenshot(page, '11-audit');

    await compliance.send('POST', '/api/auth/logout', {});
    await page.getByTestId('audit-chain-recheck').click();
    await expect.poll(checkedOf, { timeout: 10_000 }).toBeGreaterThan(verified.checked);

    await page.getByTestId('lang-switch').getByText('EN').click();
    await page.getByText(/^Audit chain intact: [\d,]+ entries checked/).waitFor();
    await screenshot(page, '11b-audit-en');
  });

  it('compliance sees which entry breaks the audit chain, and the check can be run again', async () => {
    // The log is append-only in the database, so a real break cannot be made on the shared server;
    // the browser is given the answer the server sends for one (its detection is tested on the server).
    const broken: AuditVerifyResponse = {
      ok: false,
      checked: 41,
      broken: { id: 42, reason: 'content does not match its hash (entry altered)' },
      verifiedAt: new Date().toISOString(),
    };
    const page = await j.newPage();
    let checks = 0;
    await page.route('**/api/audit/verify', (route) => {
      checks++;
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(broken) });
    });
    await j.login(page, 'compliance01');
    await page.goto('/audit');
    const chain = page.locator('[data-testid="audit-chain"][data-state="broken"]');
    await chain.waitFor();
    await expect(chain.textContent()).resolves.toContain(
      '审计链断裂：第一条异常记录 #42，内容与其哈希不符（记录被改动）',
    );
    await expect(chain.textContent()).resolves.toContain('此前 41 条记录校验无误');
    await screenshot(page, '11c-audit-chain-broken');
    await page.getByTestId('audit-chain-recheck').click();
    await expect.poll(() => checks).toBe(2);
  });

  it('an RM opening a corporate file with a known credit code is pointed at the existing client', async () => {
    const rm01 = await j.apiLogin('rm01');
    const { body: corporates } = await rm01.get<ClientPage>('/api/clients?kind=corporate&pageSize=1');
    const existing = corporates.items[0];
    if (!existing?.identifier) throw new Error('rm01 has no corporate client with a credit code');
    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.getByTestId('nav-newClient').click();
    await page.getByTestId('client-kind').getByText('对公客户').click();
    await page.getByTestId('field-name').fill('北京测试精密仪器有限公司');
    await page.getByTestId('field-creditCode').fill(existing.identifier);
    await page.getByTestId('field-industryCode').fill('C40');
    await page.getByTestId('add-contact').click();
    const contact = page.getByTestId('contact-row').first();
    await contact.getByPlaceholder('姓名').fill('周立');
    await contact.getByPlaceholder('职务').fill('财务总监');
    await contact.getByPlaceholder('电话').fill('010-62345678');
    await screenshot(page, '12-client-create-corporate');
    await page.getByTestId('create-client-submit').click();

    // The refusal sits beside the credit code, and the summary links to the client already on file.
    const creditCodeItem = page
      .locator('.ant-form-item-has-error')
      .filter({ has: page.getByTestId('field-creditCode') });
    await creditCodeItem.waitFor();
    await expect(creditCodeItem.textContent()).resolves.toContain(existing.code);
    await expect(page.getByTestId('form-error').textContent()).resolves.toContain(existing.name);
    await expect(page.getByTestId('existing-client-link').getAttribute('href')).resolves.toBe(
      `/clients/${existing.id}`,
    );
    await screenshot(page, '13-client-create-duplicate');

    await page.getByTestId('field-creditCode').fill(freshCreditCode());
    await page.getByTestId('create-client-submit').click();
    await page.getByTestId('client-header').waitFor();
    await expect(page.getByTestId('client-name').textContent()).resolves.toBe('北京测试精密仪器有限公司');
    await page.getByTestId('contacts-table').getByText('周立').waitFor();
    await screenshot(page, '14-corporate-profile');
  });

  it('an RM reveals a masked mobile number after stating the purpose', async () => {
    const rm01 = await j.apiLogin('rm01');
    const { body } = await rm01.get<ClientPage>('/api/clients?kind=individual&pageSize=20');
    const client = body.items.find((item) => item.mobile?.includes('*'));
    if (!client) throw new Error('rm01 has no individual client with a masked mobile number');
    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.goto(`/clients/${client.id}`);
    await page.getByTestId('reveal-mobile').click();
    await page.getByTestId('reveal-purpose').fill('客户来电核实身份');
    await screenshot(page, '15-reveal-purpose');
    await page.getByTestId('reveal-submit').click();
    const value = page.getByTestId('revealed-value');
    await value.waitFor();
    const clear = (await value.textContent()) ?? '';
    expect(clear).toMatch(/^1[3-9]\d{9}$/);
    expect(clear.slice(-4)).toBe(client.mobile?.slice(-4));
    await screenshot(page, '16-reveal-value');
  });

  it('a save over someone else’s newer save is refused and the user can reload and save again', async () => {
    const rm01 = await j.apiLogin('rm01');
    const { body } = await rm01.get<ClientPage>('/api/clients?kind=individual&pageSize=5');
    const client = body.items[body.items.length - 1];
    if (!client) throw new Error('rm01 has no individual clients');
    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.goto(`/clients/${client.id}`);
    await page.getByTestId('edit-client').click();

    // A colleague saves first.
    const { body: current } = await rm01.get<ClientDetail>(`/api/clients/${client.id}`);
    const theirs = await rm01.send(
      'PATCH',
      `/api/clients/${client.id}`,
      { employer: '同事先保存的单位' },
      {
        'If-Match': `"${current.version}"`,
      },
    );
    expect(theirs.status).toBe(200);

    await page.getByTestId('field-occupation').fill('会计师');
    await page.getByTestId('save-client').click();
    const conflict = page.getByTestId('edit-conflict');
    await conflict.waitFor();
    await screenshot(page, '17-edit-conflict');

    await conflict.getByRole('button').click();
    await conflict.waitFor({ state: 'hidden' });
    await page.getByTestId('field-occupation').fill('会计师');
    await page.getByTestId('save-client').click();
    await page.getByTestId('edit-drawer').waitFor({ state: 'hidden' });
    const { body: saved } = await rm01.get<ClientDetail>(`/api/clients/${client.id}`);
    expect(saved.occupation).toBe('会计师');
    expect(saved.employer).toBe('同事先保存的单位');
  });

  it('a team lead transfers a client to another RM of the team', async () => {
    const lead = await j.apiLogin('lead01');
    const { body: rms } = await lead.get<{ items: { id: number; displayName: string }[] }>('/api/rms');
    const { body } = await lead.get<ClientPage>('/api/clients?pageSize=1');
    const client = body.items[0];
    const target = rms.items.find((rm) => rm.id !== client?.owner.id);
    if (!client || !target) throw new Error('lead01 needs a client and a second RM to transfer to');
    const page = await j.newPage();
    await j.login(page, 'lead01');
    await page.goto(`/clients/${client.id}`);
    await page.getByTestId('transfer-client').click();
    await pickOption(page, 'transfer-owner', target.displayName);
    await page.getByTestId('transfer-modal').getByRole('textbox').fill('客户经理岗位调整，按区域重新分配');
    await screenshot(page, '18-transfer');
    await page
      .getByTestId('transfer-modal')
      .getByRole('button', { name: /确认移交/ })
      .click();
    await expect
      .poll(async () => page.getByTestId('client-owner').textContent(), { timeout: 10_000 })
      .toBe(target.displayName);
    const { body: moved } = await lead.get<ClientDetail>(`/api/clients/${client.id}`);
    expect(moved.owner.id).toBe(target.id);
  });

  it('the list searches on Enter, explains an empty result, and speaks English after the switch', async () => {
    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.getByTestId('client-search').locator('input').fill('没有这个客户');
    await page.getByTestId('client-search').locator('input').press('Enter');
    await page.waitForURL(/q=/);
    await page.getByText('没有符合条件的客户').waitFor();
    await screenshot(page, '19-client-list-empty');

    await page.getByTestId('lang-switch').getByText('EN').click();
    await page.getByTestId('nav-clients').getByText('Clients').waitFor();
    await page.reload();
    await page.getByTestId('nav-clients').getByText('Clients').waitFor();
    await page.getByText('No client matches').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await page.getByTestId('client-row').first().waitFor();
    await screenshot(page, '20-client-list-en');
    await page.getByTestId('client-row').first().click();
    await page.getByTestId('client-header').waitFor();
    await screenshot(page, '21-client-profile-en');
  });

  it('a wrong password is refused on the login page without saying which part was wrong', async () => {
    const page = await j.newPage();
    await page.goto('/login');
    await page.getByTestId('login-username').fill('rm20');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain('用户名或密码错误');
    await expect(page.getByTestId('login-password').inputValue()).resolves.toBe('');
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, '22-login-error');
  });

  it('the client pages answer within the contract', () => {
    expect(j.contractDrift).toEqual([]);
  });
});
