import type { AccountDetail, ClientDetail, Relationship } from '@dossier/contract';
import { describe, expect, it } from 'vitest';
import { type ApiSession, journeys, pickOption, screenshot } from './browser.ts';
import { bankDatePlus, freshName, freshResidentId } from './fixtures.ts';

async function newIndividual(rm: ApiSession, name: string, birth: string): Promise<ClientDetail> {
  for (;;) {
    const answer = await rm.send<ClientDetail>('POST', '/api/clients', {
      kind: 'individual',
      name,
      idType: 'resident_id',
      idNumber: freshResidentId(birth),
    });
    if (answer.status === 201) return answer.body;
    if (answer.status !== 409) throw new Error(`creating a client answered ${answer.status}`);
  }
}

/** Waits on the page's state, not a clock: generous, because two cores are shared with other suites. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });

describe('a loan opens its schedule, collateral and guarantees', () => {
  const j = journeys();

  it('from the liabilities card: the schedule with the next instalment, collateral added, a masked guarantor', async () => {
    const rm = await j.apiLogin('rm01');
    const other = await j.apiLogin('rm02');
    const borrower = await newIndividual(rm, freshName(), '1982-04-18');
    // 1,000,000.00 at 4.9 % over 12 months, 等额本息: ¥85,561.66 a month; about half of it repaid.
    const opened = await rm.send<{ id: number }>('POST', `/api/clients/${borrower.id}/accounts`, {
      kind: 'loan',
      productName: '个人经营贷款',
      accountNo: `6228${String(borrower.id).padStart(8, '0')}0001`,
      currency: 'CNY',
      openedOn: bankDatePlus(-200),
      balanceMinor: 50_000_000,
      principalMinor: 100_000_000,
      rateBp: 490,
      termMonths: 12,
      repaymentMethod: 'equal_instalment',
      firstDueOn: bankDatePlus(-170),
      daysPastDue: 0,
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const loanId = opened.body.id;
    // A guarantor from another team's book: linkable, but shown masked to rm01.
    const guarantor = await newIndividual(other, '欧阳担保', '1970-09-09');
    const link = await other.send<Relationship>('POST', `/api/clients/${guarantor.id}/relationships`, {
      toClientId: borrower.id,
      kind: 'guarantor',
      amount: { minor: 40_000_000, currency: 'CNY' },
    });
    expect(link.status, JSON.stringify(link.body)).toBe(201);

    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.goto(`/clients/${borrower.id}?tab=finance`);
    await page.getByTestId('liabilities-card').waitFor();
    await page.locator('[data-testid="liability-row"][role="button"]').first().click();
    const schedule = page.getByTestId('loan-schedule');
    await schedule.waitFor();
    await poll(() => schedule.locator('tbody tr.ant-table-row').count()).toBe(12);
    expect((await schedule.locator('tbody tr.ant-table-row').first().textContent()) ?? '').toContain(
      '85,561.66',
    );
    await poll(() => page.getByTestId('next-instalment').count()).toBe(1);

    await page.getByTestId('collateral-add').click();
    await pickOption(page, 'collateral-kind', '房产');
    const form = page.getByTestId('collateral-form');
    await form.locator('input[inputmode="decimal"]').fill('2000000');
    await form.locator('.ant-picker input').fill(bankDatePlus(-30));
    await form.locator('.ant-picker input').press('Enter');
    await form.locator('input[maxlength="300"]').fill('上海市徐汇区漕溪北路 88 号 2001 室');
    await page.getByTestId('collateral-submit').click();
    await page.getByTestId('loan-collateral').waitFor();
    // Owed 500,000.00 over 2,000,000.00.
    await poll(async () => (await page.getByTestId('loan-ltv').textContent()) ?? '').toContain('25.0%');

    await pickOption(page, 'guarantee-select', '欧');
    await page.getByTestId('guarantee-link').click();
    await page.getByTestId('loan-guarantees').waitFor();
    const name = (await page.getByTestId('guarantor-name').textContent()) ?? '';
    expect(name).toMatch(/^欧\*+$/);

    const detail = await rm.getOk<AccountDetail>(`/api/accounts/${loanId}`);
    expect(detail.collateral.map((c) => [c.kind, c.appraisedValue.minor, c.ltvBp])).toEqual([
      ['real_estate', 200_000_000, 2_500],
    ]);
    expect(detail.guarantees.map((g) => [g.relationshipId, g.guarantor.visible])).toEqual([
      [link.body.id, false],
    ]);
    await screenshot(page, 'loan-drawer');
  });

  it('answers within the contract', () => expect(j.contractDrift).toEqual([]));
});
