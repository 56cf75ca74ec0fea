import {
  type Account,
  type ClientDetail,
  type GroupFinance,
  type GroupFinanceFigures,
  type Relationship,
  usccCheckChar,
} from '@dossier/contract';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../src/lib/money.ts';
import { type ApiSession, journeys, screenshot } from './browser.ts';

/** A new company of the RM's: the credit code is valid (GB 32100) and new; a taken one is tried again. */
async function newCompany(rm: ApiSession, name: string): Promise<ClientDetail> {
  for (let n = Date.now() % 1e8; ; n++) {
    const first17 = `91310115${String(n).padStart(9, '0')}`;
    const answer = await rm.send<ClientDetail>('POST', '/api/clients', {
      kind: 'corporate',
      name,
      creditCode: first17 + usccCheckChar(first17),
      industryCode: 'C35',
    });
    if (answer.status === 201) return answer.body;
    if (answer.status !== 409)
      throw new Error(`creating a company answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

let accountSeq = 0;
async function open(rm: ApiSession, clientId: number, body: Record<string, unknown>): Promise<Account> {
  accountSeq += 1;
  const answer = await rm.send<Account>('POST', `/api/clients/${clientId}/accounts`, {
    accountNo: `6217${String(clientId).padStart(7, '0')}${String(accountSeq).padStart(4, '0')}`,
    currency: 'CNY',
    openedOn: '2024-03-01',
    ...body,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

const lines = (figures: GroupFinanceFigures[], field: 'assetsMinor' | 'liabilitiesMinor') =>
  figures
    .filter((f) => f[field] !== 0)
    .map((f) => formatMoney({ minor: f[field], currency: f.currency }, 'zh'))
    .join('')
    .replace(/\s+/g, '');

describe('a corporate group adds up its companies’ money', () => {
  const j = journeys();

  it('the parent’s 关系 tab shows the group’s totals and each company, as the API answers', async () => {
    const rm = await j.apiLogin('rm01');
    const parent = await newCompany(rm, '上海汇远控股集团有限公司');
    const child = await newCompany(rm, '上海汇远精密制造有限公司');
    const linked = await rm.send<Relationship>('POST', `/api/clients/${parent.id}/relationships`, {
      toClientId: child.id,
      kind: 'parent_company',
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    await open(rm, parent.id, {
      kind: 'demand_deposit',
      productName: '单位活期',
      balanceMinor: 1_250_000_000,
    });
    await open(rm, parent.id, {
      kind: 'time_deposit',
      productName: '美元定期',
      currency: 'USD',
      balanceMinor: 8_000_000,
    });
    await open(rm, parent.id, {
      kind: 'credit_facility',
      productName: '综合授信',
      limitMinor: 5_000_000_000,
      usedMinor: 3_000_000_000,
    });
    await open(rm, child.id, { kind: 'demand_deposit', productName: '单位活期', balanceMinor: 320_000_000 });
    await open(rm, child.id, {
      kind: 'loan',
      productName: '流动资金贷款',
      balanceMinor: 3_000_000_000,
      classification: 'special_mention',
      daysPastDue: 35,
    });

    const api = await rm.getOk<GroupFinance>(`/api/clients/${parent.id}/group/finance`);
    expect(api.companies).toBe(2);
    expect(api.hiddenCompanies).toBe(0);
    expect(api.watchLoans).toBe(1);
    const cny = api.totals.find((f) => f.currency === 'CNY')!;
    expect([cny.assetsMinor, cny.liabilitiesMinor, cny.utilisationBp]).toEqual([
      1_570_000_000, 3_000_000_000, 6000,
    ]);

    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.goto(`/clients/${parent.id}`);
    await page.getByRole('tab', { name: '关系', exact: true }).click();
    const panel = page.getByTestId('group-finance');
    await panel.waitFor();
    await expect
      .poll(async () => (await page.getByTestId('group-finance-assets').textContent()) ?? '', {
        timeout: 20_000,
      })
      .toMatch(/万元/);
    const text = async (id: string) => ((await page.getByTestId(id).textContent()) ?? '').replace(/\s+/g, '');
    expect(await text('group-finance-assets')).toBe(lines(api.totals, 'assetsMinor'));
    expect(await text('group-finance-assets')).toBe('1,570.00万元USD80,000.00');
    expect(await text('group-finance-liabilities')).toBe(lines(api.totals, 'liabilitiesMinor'));
    expect(await text('group-finance-facilities')).toContain(
      formatMoney({ minor: cny.facilityLimitMinor, currency: 'CNY' }, 'zh'),
    );
    expect(await text('group-finance-facilities')).toContain('60.0%');
    expect(await text('group-finance-watch-loans')).toMatch(/^1/);
    const rows = page.getByTestId('group-finance-members').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect((await rows.nth(0).textContent()) ?? '').toContain(parent.name);
    expect((await rows.nth(1).textContent()) ?? '').toContain(child.name);
    expect((await rows.nth(1).textContent()) ?? '').toContain('关注 1');
    await expect.poll(() => page.getByTestId('group-finance-hidden').count()).toBe(0);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'group-finance');
  });

  it('answers within the contract', () => expect(j.contractDrift).toEqual([]));
});
