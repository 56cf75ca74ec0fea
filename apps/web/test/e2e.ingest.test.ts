import type { Account, AccountList, TransactionPage } from '@dossier/contract';
import { describe, expect, it } from 'vitest';
import { journeys, screenshot } from './browser.ts';
import { bankDatePlus, editableIndividuals } from './fixtures.ts';

/** A one-statement camt.053 for `accountNo`: a salary in and a card payment out, on the given day. */
function camt053(accountNo: string, day: string, refPrefix: string): string {
  const entry = (ref: string, amount: string, sign: 'CRDT' | 'DBIT', party: string, text: string) => `
      <Ntry>
        <NtryRef>${ref}</NtryRef>
        <Amt Ccy="CNY">${amount}</Amt>
        <CdtDbtInd>${sign}</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>${day}</Dt></BookgDt>
        <AcctSvcrRef>${ref}</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties>${sign === 'CRDT' ? `<Dbtr><Nm>${party}</Nm></Dbtr>` : `<Cdtr><Nm>${party}</Nm></Cdtr>`}</RltdPties>
          <RmtInf><Ustrd>${text}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>${refPrefix}-MSG</MsgId><CreDtTm>${day}T22:00:00+08:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>${refPrefix}-STMT</Id>
      <CreDtTm>${day}T22:00:00+08:00</CreDtTm>
      <Acct><Id><Othr><Id>${accountNo}</Id></Othr></Id><Ccy>CNY</Ccy></Acct>
      ${entry(`${refPrefix}-1`, '25000.00', 'CRDT', '上海华信科技有限公司', '工资')}
      ${entry(`${refPrefix}-2`, '1280.50', 'DBIT', '盒马鲜生', '消费')}
    </Stmt>
  </BkToCstmrStmt>
</Document>`;
}

describe('money arriving from core banking files', () => {
  const j = journeys();

  it('an administrator imports a camt.053 statement; the second import adds nothing; the RM sees the money', async () => {
    const rm = await j.apiLogin('rm01');
    const [client] = await editableIndividuals(rm, 1);
    if (!client) throw new Error('rm01 has no editable client');
    const accountNo = `6222${String(Date.now()).slice(-12)}`;
    const opened = await rm.send<Account>('POST', `/api/clients/${client.id}/accounts`, {
      kind: 'demand_deposit',
      productName: '个人活期储蓄',
      accountNo,
      currency: 'CNY',
      openedOn: bankDatePlus(-400),
      // No stated balance: the account's history arrives as transactions.
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const day = bankDatePlus(-1);
    const statement = {
      name: `statement-${day}.xml`,
      mimeType: 'application/xml',
      buffer: Buffer.from(camt053(accountNo, day, `E2E${accountNo.slice(-6)}`)),
    };

    const page = await j.newPage();
    await j.login(page, 'admin');
    await page.getByTestId('nav-imports').click();
    await page.waitForURL('**/imports');
    await page.locator('input[type=file]').setInputFiles(statement);
    // The file's name says what it is: a camt.053 statement.
    await expect
      .poll(() => page.getByTestId('import-format').locator('.ant-segmented-item-selected').textContent())
      .toContain('camt.053');
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('import-dry-run').textContent()).toContain('将新增 2 笔交易');
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-committed').textContent()).toContain('新增 2 笔交易');
    await screenshot(page, '70-camt053-imported');

    // The same file again: recognised, nothing booked twice.
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('import-dry-run').textContent()).toContain('将新增 0 笔交易');
    await expect(page.getByTestId('import-dry-run').textContent()).resolves.toContain('2 笔此前已导入');

    const booked = await rm.getOk<TransactionPage>(`/api/clients/${client.id}/transactions?pageSize=50`);
    const mine = booked.items.filter((tx) => tx.accountId === opened.body.id);
    expect(mine.map((tx) => [tx.direction, tx.amount.minor]).sort()).toEqual([
      ['credit', 2_500_000],
      ['debit', 128_050],
    ]);
    const accounts = await rm.getOk<AccountList>(`/api/clients/${client.id}/accounts`);
    expect(accounts.items.find((x) => x.id === opened.body.id)?.balance.minor).toBe(2_500_000 - 128_050);
  });

  it('a table with an unknown account is refused by row and column, and nothing is stored', async () => {
    const admin = await j.apiLogin('admin');
    const csv = [
      '流水号,账号,交易时间,金额,收支方向,币种',
      `BAD-1,6222000000000000001,${bankDatePlus(-2)} 10:00:00,100.00,收入,CNY`,
    ].join('\r\n');
    const page = await j.newPage();
    await j.login(page, 'admin');
    await page.goto('/imports');
    await page.locator('input[type=file]').setInputFiles({
      name: '交易明细.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByTestId('import-check').click();
    const problem = page.getByTestId('import-problem').first();
    await problem.waitFor();
    await expect(problem.textContent()).resolves.toMatch(/^2/);
    await expect(page.getByTestId('import-commit').isDisabled()).resolves.toBe(true);
    await screenshot(page, '71-transactions-refused');
    const answer = await admin.get('/api/imports/transactions?format=csv&dryRun=true');
    expect(answer.status).not.toBe(200);
  });

  it('answers within the contract on every page it showed', () => {
    expect(j.contractDrift).toEqual([]);
  });
});
