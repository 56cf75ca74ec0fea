import type {
  Account,
  ClientDetail,
  FinanceSummary,
  TransactionBatchResult,
  TransactionItem,
  TransactionPage,
} from '@dossier/contract';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../src/lib/money.ts';
import { formatInstant } from '../src/lib/time.ts';
import { bankDatePlus, newClient } from './fixtures.ts';
import { type ApiSession, journeys, pickOption, screenshot } from './browser.ts';

/** Waits on the page's state, not a clock: generous, because two cores are shared with other suites. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });

const EMPLOYER = '上海星河科技有限公司';
const LANDLORD = '王建国';

/**
 * A current account with a year of salary, rent and card spending, a time deposit maturing in 30
 * days, a fund and a credit card: 12 salaries, 12 rents and 24 card payments, 48 transactions.
 */
async function arrangeFinances(rm: ApiSession, admin: ApiSession, client: ClientDetail) {
  const no = (kind: number) => `6222${String(client.id).padStart(6, '0')}${kind}0000001`;
  const open = async (body: Record<string, unknown>) => {
    const answer = await rm.send<Account>('POST', `/api/clients/${client.id}/accounts`, {
      currency: 'CNY',
      openedOn: bankDatePlus(-400),
      ...body,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body;
  };
  const current = await open({
    kind: 'demand_deposit',
    productName: '个人活期储蓄',
    accountNo: no(1),
    rateBp: 15,
  });
  await open({
    kind: 'time_deposit',
    productName: '一年期整存整取',
    accountNo: no(2),
    balanceMinor: 50_000_000,
    rateBp: 165,
    principalMinor: 50_000_000,
    termMonths: 12,
    maturityOn: bankDatePlus(30),
  });
  await open({
    kind: 'investment',
    productName: '沪深300指数基金',
    accountNo: no(3),
    balanceMinor: 12_000_000,
    assetClass: 'fund',
    riskLevel: 'R3',
  });
  const card = await open({
    kind: 'credit_card',
    productName: '白金信用卡',
    accountNo: no(4),
    limitMinor: 5_000_000,
  });

  const items: TransactionItem[] = [];
  const at = (days: number, hour: number) =>
    `${bankDatePlus(days)}T${String(hour).padStart(2, '0')}:00:00+08:00`;
  for (let m = 0; m < 12; m++) {
    const base = -(m * 30 + 3);
    items.push({
      externalId: `fin-e2e-${client.id}-salary-${m}`,
      accountNo: no(1),
      bookedAt: at(base, 9),
      amountMinor: 3_500_000,
      direction: 'credit',
      currency: 'CNY',
      channel: 'transfer',
      category: 'salary',
      counterpartyName: EMPLOYER,
      counterpartyAccount: '31001234567890123456',
      description: '工资',
    });
    items.push({
      externalId: `fin-e2e-${client.id}-rent-${m}`,
      accountNo: no(1),
      bookedAt: at(base - 1, 10),
      amountMinor: 800_000,
      direction: 'debit',
      currency: 'CNY',
      channel: 'mobile',
      category: 'transfer_out',
      counterpartyName: LANDLORD,
      counterpartyAccount: '6217000012345678901',
      description: '房租',
    });
    for (const week of [0, 1]) {
      items.push({
        externalId: `fin-e2e-${client.id}-card-${m}-${week}`,
        accountNo: no(4),
        bookedAt: at(base - 5 - week * 7, 19),
        amountMinor: 120_000 + week * 35_000,
        direction: 'debit',
        currency: 'CNY',
        channel: 'pos',
        category: 'consumption',
        description: '刷卡消费',
      });
    }
  }
  const sent = await admin.send<TransactionBatchResult>('POST', '/api/transactions/batch', {
    source: 'core_banking',
    transactions: items,
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  expect(sent.body.inserted).toBe(items.length);
  return { current, card, count: items.length };
}

async function openFinanceTab(page: Page, clientId: number): Promise<void> {
  await page.goto(`/clients/${clientId}?tab=finance`);
  await page.getByTestId('finance-tab').waitFor();
}

describe('the client’s finances: holdings, flows and transactions', () => {
  const j = journeys();

  it('an RM sees the client’s AUM, charts, masked counterparties, and filters and pages the transactions', async () => {
    const rm = await j.apiLogin('rm01');
    const admin = await j.apiLogin('admin');
    const client = await newClient(rm, '钱多多', '19790615');
    const { count } = await arrangeFinances(rm, admin, client);
    const finance = await rm.getOk<FinanceSummary>(`/api/clients/${client.id}/finance`);
    const aum = finance.aum.find((m) => m.currency === 'CNY');
    if (!aum) throw new Error('the finance answer has no CNY AUM');
    // 12 salaries of 35,000 less 12 rents of 8,000, plus the time deposit and the fund.
    expect(aum.minor).toBe(12 * 3_500_000 - 12 * 800_000 + 50_000_000 + 12_000_000);

    const page = await j.newPage();
    await j.login(page, 'rm01');
    await openFinanceTab(page, client.id);

    // The headline is the API's figure, in 万元.
    await poll(() => page.getByTestId('finance-aum').textContent()).toBe(formatMoney(aum, 'zh'));
    // The tab sits second, after the overview.
    const tabs = await page.getByTestId('profile-tabs').getByRole('tab').allTextContents();
    expect(tabs.slice(0, 2)).toEqual(['概况', '资产与交易']);

    // The charts draw on a canvas of real size.
    const canvas = page.getByTestId('aum-trend-chart').locator('canvas').first();
    await canvas.waitFor();
    const size = await canvas.evaluate((c: HTMLCanvasElement) => ({ width: c.width, height: c.height }));
    expect(size.width).toBeGreaterThan(100);
    expect(size.height).toBeGreaterThan(100);
    await page.getByTestId('cashflow-chart').locator('canvas').first().waitFor();

    // Counterparties are masked: recognisable, never the whole name.
    const names = await page.getByTestId('counterparty-name').allTextContents();
    expect(names).toContain('上海****公司');
    expect(names).toContain('王**');
    await expect(page.locator('body').textContent()).resolves.not.toContain(EMPLOYER);
    await expect(page.locator('body').textContent()).resolves.not.toContain(LANDLORD);

    // The time deposit maturing in 30 days is on the calendar.
    await expect(page.getByTestId('maturity-list').textContent()).resolves.toContain('一年期整存整取');

    // All 48 transactions, 20 a page; page 2 shows the next ones.
    // The card holds the table and its pager (antd draws the pager beside the table, not in it).
    const table = page.getByTestId('transactions-card');
    const total = page.getByTestId('tx-total');
    await poll(() => total.textContent()).toBe(`共 ${count} 笔`);
    const rows = table.locator('tbody tr.ant-table-row');
    await poll(() => rows.count()).toBe(20);
    const firstOfPage1 = await rows.first().textContent();
    await table.locator('.ant-pagination-item-2').click();
    await poll(() => table.locator('.ant-pagination-item-active').textContent()).toBe('2');
    await poll(() => rows.first().textContent()).not.toBe(firstOfPage1);
    await poll(() => rows.count()).toBe(20);
    const api2 = await rm.getOk<TransactionPage>(`/api/clients/${client.id}/transactions?page=2&pageSize=20`);
    const firstOfPage2 = api2.items[0];
    if (!firstOfPage2) throw new Error('the API has no second page');
    // The 21st transaction, newest first, as the server pages them.
    await poll(() => rows.first().textContent()).toContain(formatInstant(firstOfPage2.bookedAt));
    await screenshot(page, '60-finance-tab');

    // Filtering by category asks the server: the 12 salaries, back on page 1.
    await pickOption(page, 'tx-filter-category', '工资代发');
    await poll(() => total.textContent()).toBe('共 12 笔');
    await poll(() => rows.count()).toBe(12);
    const categories = await table.getByTestId('tx-category').allTextContents();
    expect(new Set(categories)).toEqual(new Set(['工资代发']));
    await expect(table.locator('.ant-pagination-item-active').textContent()).resolves.toBe('1');
    const amounts = await table.getByTestId('tx-amount').allTextContents();
    expect(amounts.every((text) => text === '+3.50万元')).toBe(true);

    // Clearing the filter brings every transaction back.
    await page.getByTestId('tx-filter-clear').click();
    await poll(() => total.textContent()).toBe(`共 ${count} 笔`);
  });

  it('a client without accounts says so instead of drawing empty charts; in English amounts are in yuan', async () => {
    const rm = await j.apiLogin('rm01');
    const admin = await j.apiLogin('admin');
    const empty = await newClient(rm, '钱空空', '19790615');
    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.goto(`/clients/${empty.id}?tab=finance`);
    await page.getByTestId('finance-empty').waitFor();
    await expect(page.getByTestId('finance-empty').textContent()).resolves.toContain('尚无账户数据');
    await expect(page.getByTestId('aum-trend-chart').count()).resolves.toBe(0);

    const filled = await newClient(rm, '钱满满', '19790615');
    await arrangeFinances(rm, admin, filled);
    const finance = await rm.getOk<FinanceSummary>(`/api/clients/${filled.id}/finance`);
    const aum = finance.aum.find((m) => m.currency === 'CNY');
    if (!aum) throw new Error('the finance answer has no CNY AUM');
    await page.evaluate(() => localStorage.setItem('dossier.lang', 'en'));
    await openFinanceTab(page, filled.id);
    await poll(() => page.getByTestId('finance-aum').textContent()).toBe(formatMoney(aum, 'en'));
    await expect(
      page.getByTestId('profile-tabs').getByRole('tab', { name: 'Finance' }).count(),
    ).resolves.toBe(1);
    await screenshot(page, '61-finance-tab-en');
  });

  it('answers within the contract', () => expect(j.contractDrift).toEqual([]));
});
