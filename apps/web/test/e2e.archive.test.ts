import type {
  ClientDetail,
  ClientDocuments,
  ConsentLedger,
  RelationshipGraph,
  TaskPage,
} from '@dossier/contract';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { journeys, pickOption, screenshot } from './browser.ts';
import { bankDatePlus, editableIndividuals, smallPdf } from './fixtures.ts';

/** Types a date into an antd DatePicker (the test id may sit on the input or around it). */
async function fillDate(page: Page, testId: string, date: string): Promise<void> {
  const marked = page.getByTestId(testId);
  const input = (await marked.evaluate((el) => el.tagName)) === 'INPUT' ? marked : marked.locator('input');
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

async function openTab(page: Page, label: string): Promise<void> {
  await page.getByTestId('profile-tabs').getByRole('tab', { name: label, exact: true }).click();
}

describe('client archive: relationships, documents, consents, quality', () => {
  const j = journeys();

  it('an RM uploads an ID card expiring in 20 days and sees it, the requirements and the expiry task', async () => {
    const rm = await j.apiLogin('rm01');
    // A client whose identity requirement is not yet met, so the upload visibly changes it.
    let client: ClientDetail | undefined;
    for (const candidate of await editableIndividuals(rm, 12)) {
      const docs = await rm.getOk<ClientDocuments>(`/api/clients/${candidate.id}/documents`);
      const identity = docs.requirements.items.find((item) => item.kinds.includes('id_card'));
      if (identity && identity.state !== 'met' && identity.state !== 'pending_verification') {
        client = candidate;
        break;
      }
    }
    if (!client) throw new Error('none of rm01’s first clients lacks an identity document');
    const before = await rm.getOk<TaskPage>(`/api/tasks?clientId=${client.id}&status=open`);
    expect(before.items.some((task) => task.source === 'document_expiry')).toBe(false);

    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.goto(`/clients/${client.id}?tab=documents`);
    await page.getByTestId('documents-table').waitFor();
    const identityRow = page.getByTestId('requirement').filter({ hasText: '居民身份证' });
    await expect.poll(() => identityRow.getAttribute('data-state')).toMatch(/missing|expired/);

    const expiresOn = bankDatePlus(20);
    await page.getByTestId('document-upload').click();
    const form = page.getByTestId('document-form');
    await form.locator('input[type=file]').setInputFiles({
      name: '身份证正反面.pdf',
      mimeType: 'application/pdf',
      buffer: smallPdf(),
    });
    await pickOption(page, 'document-kind', '居民身份证');
    await page.getByTestId('document-number').fill('110101199003071234');
    await fillDate(page, 'document-issued-on', bankDatePlus(-3630));
    await fillDate(page, 'document-expires-on', expiresOn);
    await screenshot(page, '30-document-upload');
    await page.getByTestId('document-submit').click();
    await form.waitFor({ state: 'hidden' });

    const row = page.getByTestId('documents-table').locator('tbody tr').filter({ hasText: '居民身份证' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(expiresOn);
    await expect(row.textContent()).resolves.toContain('待审核');
    // The number is stored encrypted and shown masked.
    await expect(row.textContent()).resolves.not.toContain('110101199003071234');
    await expect.poll(() => identityRow.getAttribute('data-state')).toBe('pending_verification');
    await screenshot(page, '31-documents-tab');

    const docs = await rm.getOk<ClientDocuments>(`/api/clients/${client.id}/documents`);
    const stored = docs.items.find((doc) => doc.kind === 'id_card');
    expect(stored?.latest.expiresOn).toBe(expiresOn);
    expect(stored?.latest.contentType).toBe('application/pdf');

    await openTab(page, '资料质量');
    const tasks = page.getByTestId('client-open-tasks');
    await tasks.locator('tbody tr').filter({ hasText: '到期' }).first().waitFor();
    await page.getByTestId('quality-completeness').waitFor();
    await screenshot(page, '32-quality-tab');
    const after = await rm.getOk<TaskPage>(`/api/tasks?clientId=${client.id}&status=open`);
    const reminder = after.items.find((task) => task.source === 'document_expiry');
    expect(reminder?.title).toContain('到期');
    expect(reminder?.dueOn).toBe(expiresOn);
  });

  it('an RM links two of their clients and sees the link in the graph and the list', async () => {
    const rm = await j.apiLogin('rm01');
    const clients = await editableIndividuals(rm, 8);
    // Two clients not yet linked to anyone as household members.
    let pair: [ClientDetail, ClientDetail] | undefined;
    for (const a of clients) {
      const graph = await rm.getOk<RelationshipGraph>(`/api/clients/${a.id}/relationships`);
      const linked = new Set(graph.nodes.map((node) => node.id));
      const b = clients.find((other) => other.id !== a.id && !linked.has(other.id));
      if (b) {
        pair = [a, b];
        break;
      }
    }
    if (!pair) throw new Error('no two unlinked clients among rm01’s first ones');
    const [from, to] = pair;

    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.goto(`/clients/${from.id}?tab=relationships`);
    await page.getByTestId('guarantee-circle-verdict').waitFor();
    await page.getByTestId('relationship-add').click();
    await pickOption(page, 'relationship-client-picker', to.code, { search: to.code });
    await pickOption(page, 'relationship-kind', '家庭成员');
    await page.getByTestId('relationship-form').getByLabel('备注').fill('同住，e2e 登记');
    await screenshot(page, '33-relationship-add');
    await page.getByTestId('relationship-submit').click();
    await page.getByTestId('relationship-form').waitFor({ state: 'hidden' });

    const row = page.getByTestId('relationship-table').locator('tbody tr').filter({ hasText: to.name });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('家庭成员');
    // The graph is SVG: the new party's name is drawn as a label.
    await page.getByTestId('relationship-graph').locator('text', { hasText: to.name }).first().waitFor();
    await page.getByTestId('household-panel').getByText(to.name).waitFor();
    await screenshot(page, '34-relationships-tab');

    const graph = await rm.getOk<RelationshipGraph>(`/api/clients/${from.id}/relationships`);
    expect(
      graph.relationships.some(
        (r) =>
          r.kind === 'household_member' &&
          [r.from.id, r.to.id].sort().join() === [from.id, to.id].sort().join(),
      ),
    ).toBe(true);
  });

  it('an RM records a withdrawal of marketing consent and sees it in force at once', async () => {
    const rm = await j.apiLogin('rm01');
    let client: ClientDetail | undefined;
    for (const candidate of await editableIndividuals(rm, 10)) {
      const ledger = await rm.getOk<ConsentLedger>(`/api/clients/${candidate.id}/consents`);
      const marketing = ledger.current.find((entry) => entry.purpose === 'marketing_contact');
      if (marketing?.status !== 'withdrawn') {
        client = candidate;
        break;
      }
    }
    if (!client) throw new Error('every one of rm01’s first clients has already withdrawn marketing consent');

    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.goto(`/clients/${client.id}`);
    await openTab(page, '授权');
    const card = page.getByTestId('consent-marketing_contact');
    await card.waitFor();
    await expect(card.getByTestId('consent-status').textContent()).resolves.not.toBe('已撤回');
    await screenshot(page, '35-consents-before');

    await page.getByTestId('consent-withdraw-marketing_contact').click();
    await pickOption(page, 'consent-channel', '柜面');
    await page.getByTestId('consent-evidence').fill('撤回书 WD-2026-0042');
    await screenshot(page, '36-consent-withdraw');
    await page.getByTestId('consent-submit').click();
    await page.getByTestId('consent-form').waitFor({ state: 'hidden' });

    await expect.poll(() => card.getByTestId('consent-status').textContent()).toBe('已撤回');
    await card.getByText('已于').waitFor();
    await page.getByTestId('consent-history').getByText('WD-2026-0042').waitFor();
    await screenshot(page, '37-consents-after');

    // The same tabs read in English once the user switches language.
    await page.evaluate(() => localStorage.setItem('dossier.lang', 'en'));
    await page.goto(`/clients/${client.id}?tab=consents`);
    await expect.poll(() => card.getByTestId('consent-status').textContent()).toBe('Withdrawn');
    await screenshot(page, '38-consents-en');
    await openTab(page, 'Documents');
    await page.getByTestId('document-requirements').waitFor();
    await screenshot(page, '39-documents-en');

    const ledger = await rm.getOk<ConsentLedger>(`/api/clients/${client.id}/consents`);
    expect(ledger.current.find((entry) => entry.purpose === 'marketing_contact')?.status).toBe('withdrawn');
    expect(
      ledger.history.some(
        (event) => event.evidence === '撤回书 WD-2026-0042' && event.status === 'withdrawn',
      ),
    ).toBe(true);
  });

  it('answers within the contract on every page it showed', () => {
    expect(j.contractDrift).toEqual([]);
  });
});
