import type {
  ClientDetail,
  ClientDocuments,
  DocumentSummary,
  RequiredDocumentsSettings,
} from '@dossier/contract';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type ApiSession, journeys, pickOption, screenshot } from './browser.ts';
import { bankDatePlus, editableIndividuals, smallPdf } from './fixtures.ts';

async function openTab(page: Page, label: string): Promise<void> {
  await page.getByTestId('profile-tabs').getByRole('tab', { name: label, exact: true }).click();
}

/** Uploads an ID card for the client over the API, as the RM would from the documents tab. */
async function uploadIdCard(rm: ApiSession, clientId: number, expiresOn: string): Promise<DocumentSummary> {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(smallPdf())], { type: 'application/pdf' }), '身份证.pdf');
  form.set('kind', 'id_card');
  form.set('number', '110101199003071234');
  form.set('issuedOn', bankDatePlus(-3000));
  form.set('expiresOn', expiresOn);
  const answer = await rm.sendForm<DocumentSummary>(`/api/clients/${clientId}/documents`, form);
  if (answer.status !== 201)
    throw new Error(`upload answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

describe('second pair of eyes, periodic review, history and the documents matrix', () => {
  const j = journeys();

  it('a team lead verifies the ID card an RM uploaded, and the requirement is met', async () => {
    const rm = await j.apiLogin('rm01');
    const lead = await j.apiLogin('lead01');
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
    // The lead serves rm01's team, so the file is in their scope.
    expect((await lead.get(`/api/clients/${client.id}`)).status).toBe(200);
    await uploadIdCard(rm, client.id, bankDatePlus(400));

    const page = await j.newPage();
    await j.login(page, 'lead01');
    await page.goto(`/clients/${client.id}?tab=documents`);
    const identityRow = page.getByTestId('requirement').filter({ hasText: '居民身份证' });
    await expect.poll(() => identityRow.getAttribute('data-state')).toBe('pending_verification');
    const row = page.getByTestId('documents-table').locator('tbody tr').filter({ hasText: '居民身份证' });
    await row.getByTestId('document-review').click();
    await page.getByTestId('review-submit').waitFor();
    await screenshot(page, '40-document-verify');
    await page.getByTestId('review-submit').click();
    await expect.poll(() => row.textContent()).toContain('已审核');
    await expect.poll(() => identityRow.getAttribute('data-state')).toBe('met');

    // The uploader sees it verified too, and by whom.
    const docs = await rm.getOk<ClientDocuments>(`/api/clients/${client.id}/documents`);
    const card = docs.items.find((doc) => doc.kind === 'id_card');
    expect(card?.latest.status).toBe('verified');
    expect(card?.latest.review?.by.id).toBe(lead.me.id);
  });

  it('an RM records a periodic KYC review; the next due date and the history show it, in English too', async () => {
    const rm = await j.apiLogin('rm01');
    const [client] = await editableIndividuals(rm, 1);
    if (!client) throw new Error('rm01 has no editable client');
    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.goto(`/clients/${client.id}`);
    await page.getByTestId('review-client').click();
    const dialog = page.getByTestId('kyc-review-modal');
    await pickOption(page, 'review-rating', '低风险');
    await page.getByTestId('review-select-all').click();
    await dialog.getByPlaceholder('例如：已电话核实').fill('面谈核实，信息无变化');
    await screenshot(page, '41-kyc-review');
    await dialog.getByRole('button', { name: '记录复核' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const reviewed = await rm.getOk<ClientDetail>(`/api/clients/${client.id}`);
    const today = bankDatePlus(0);
    expect(reviewed.kycRiskRating).toBe('low');
    expect(reviewed.kycReviewedOn).toBe(today);
    // Low risk: reviewed again in three years.
    expect(reviewed.kycReviewDueOn?.slice(0, 4)).toBe(String(Number(today.slice(0, 4)) + 3));
    await expect.poll(() => page.getByTestId('kyc-due').textContent()).toContain(reviewed.kycReviewDueOn!);
    await expect.poll(() => page.getByTestId('kyc-rating').textContent()).toBe('低风险');
    // Every fact on file was confirmed as of today.
    expect(reviewed.provenance.name).toEqual({ source: 'kyc', asOf: today });

    await openTab(page, '变更记录');
    const ratingChange = page
      .getByTestId('history-table')
      .locator('tbody tr')
      .filter({ hasText: '反洗钱风险等级' });
    await expect.poll(() => ratingChange.first().textContent()).toContain('定期复核');
    await expect(ratingChange.first().textContent()).resolves.toContain('低风险');
    await screenshot(page, '42-field-history');

    await page.getByTestId('lang-switch').getByText('EN', { exact: true }).click();
    await page
      .getByTestId('profile-tabs')
      .getByRole('tab', { name: 'Change history', exact: true })
      .waitFor();
    const english = page
      .getByTestId('history-table')
      .locator('tbody tr')
      .filter({ hasText: 'AML risk rating' });
    await expect.poll(() => english.first().textContent()).toContain('KYC review');
    await expect(english.first().textContent()).resolves.toContain('Low');
    await screenshot(page, '43-field-history-en');
  });

  it('an administrator requires a credit report of C5 clients; an empty line is refused first', async () => {
    const admin = await j.apiLogin('admin');
    const page = await j.newPage();
    await j.login(page, 'admin');
    await page.getByTestId('nav-requiredDocuments').click();
    await page.getByTestId('matrix-individual').waitFor();
    await expect(page.getByTestId('matrix-source').textContent()).resolves.toContain('系统默认');
    const c5 = page.getByTestId('individual-C5');
    const linesBefore = await c5.locator('.ant-select').count();
    await page.getByTestId('individual-C5-add').click();

    // A line with no kind in it cannot be saved: the error sits beside it and nothing is stored.
    await page.getByTestId('save-matrix').click();
    await c5.getByText('请至少选择一种材料，或删除此项').waitFor();
    const unchanged = await admin.getOk<RequiredDocumentsSettings>('/api/settings/required-documents');
    expect(unchanged.source).toBe('default');

    const line = page.getByTestId(`individual-C5-line-${linesBefore}`);
    const input = line.locator('input');
    await input.focus();
    await input.fill('征信');
    await input.press('Enter');
    await input.press('Escape');
    await expect.poll(() => line.textContent()).toContain('征信报告');
    await page.getByTestId('save-matrix').click();
    await expect.poll(() => page.getByTestId('matrix-source').textContent()).toContain('本行自定义设置');
    await screenshot(page, '44-required-documents');
    const saved = await admin.getOk<RequiredDocumentsSettings>('/api/settings/required-documents');
    expect(saved.source).toBe('custom');
    expect(saved.matrix.individual.byRiskTolerance.C5).toContainEqual(['credit_report']);

    // An RM's C5 client now lacks a credit report.
    const rm = await j.apiLogin('rm01');
    const [client] = await editableIndividuals(rm, 1);
    if (!client) throw new Error('rm01 has no editable client');
    if (client.riskTolerance !== 'C5') {
      const patched = await rm.send(
        'PATCH',
        `/api/clients/${client.id}`,
        { riskTolerance: 'C5' },
        {
          'If-Match': `"${client.version}"`,
        },
      );
      expect(patched.status).toBe(200);
    }
    const rmPage = await j.newPage();
    await j.login(rmPage, 'rm01');
    await rmPage.goto(`/clients/${client.id}?tab=documents`);
    const creditReport = rmPage.getByTestId('requirement').filter({ hasText: '征信报告' });
    await expect.poll(() => creditReport.getAttribute('data-state')).toBe('missing');
  });

  it('answers within the contract on every page it showed', () => {
    expect(j.contractDrift).toEqual([]);
  });
});
