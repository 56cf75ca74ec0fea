import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { DIALECTS, countRows } from './support/db.ts';
import { makeAccount } from './support/accounts.ts';
import { makeIndividual, makeUser, residentId } from './support/factories.ts';
import { type TestApp, errorOf, openTestApp } from './support/http.ts';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const EUR_IBAN = 'DE89370400440532013000';
const CNY_NO = '6222021234567890123';
const CSV_NO = '6222029999999999999';

describe.each(DIALECTS)('importing transaction files (%s)', (dialect) => {
  let t: TestApp;
  let rm: Actor;
  let feed: Actor;
  let feedCookie: string;
  let clientId: number;
  const accountIds: Record<string, number> = {};

  const upload = (body: string | Buffer, query: string, type = 'application/xml', cookie = feedCookie) =>
    t.app.inject({
      method: 'POST',
      url: `/api/imports/transactions?${query}`,
      payload: body,
      headers: { cookie, 'content-type': type },
    });
  const count = () => countRows(t.deps.db, 'transactions');
  const balance = async (no: string) =>
    Number(
      (
        await t.deps.db
          .selectFrom('accounts')
          .select('balance_minor')
          .where('id', '=', accountIds[no]!)
          .executeTakeFirstOrThrow()
      ).balance_minor,
    );

  beforeAll(async () => {
    t = await openTestApp(dialect);
    rm = await makeUser(t.deps, 'rm');
    feed = await makeUser(t.deps, 'integration');
    feedCookie = await t.login(feed.username);
    clientId = (await makeIndividual(t.deps, rm, { idNumber: residentId(4401, '19790101') })).id;
    for (const [no, currency] of [
      [EUR_IBAN, 'EUR'],
      [CNY_NO, 'CNY'],
      [CSV_NO, 'CNY'],
    ] as const)
      accountIds[no] = (
        await makeAccount(t.deps, rm, clientId, { accountNo: no, currency, openedOn: '2026-01-01' })
      ).id;
  });
  afterAll(() => t.close());

  it('a camt.053 dry run reports what would be stored and stores nothing', async () => {
    const res = await upload(fixture('camt053-two-statements.xml'), 'format=camt053');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      format: 'camt053',
      source: 'camt053',
      dryRun: true,
      committed: false,
      statements: 2,
      entries: 5,
      inserted: 5,
      duplicates: 0,
      accounts: 2,
      problems: [],
    });
    expect(await count()).toBe(0);
  });

  it('imports several statements; the closing balance is the ledger’s word; a second import adds nothing', async () => {
    const res = await upload(fixture('camt053-two-statements.xml'), 'format=camt053&dryRun=false');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ committed: true, inserted: 5, duplicates: 0, accounts: 2 });
    expect(await count()).toBe(5);
    expect(await balance(EUR_IBAN)).toBe(337455);
    expect(await balance(CNY_NO)).toBe(8800000);
    const rmCookie = await t.login(rm.username);
    const page = await t.app.inject({
      method: 'GET',
      url: `/api/clients/${clientId}/transactions?accountId=${accountIds[EUR_IBAN]}`,
      headers: { cookie: rmCookie },
    });
    const items = page.json().items as { category: string; counterparty: { name: string | null } | null }[];
    expect(items.map((i) => i.category).sort()).toEqual(['consumption', 'salary', 'transfer_out']);
    expect(items.every((i) => i.counterparty === null || i.counterparty.name !== 'Müller & Söhne GmbH')).toBe(
      true,
    );

    const again = await upload(fixture('camt053-two-statements.xml'), 'format=camt053&dryRun=false');
    expect(again.json()).toMatchObject({ committed: true, inserted: 0, duplicates: 5 });
    expect(await count()).toBe(5);
    expect(await balance(EUR_IBAN)).toBe(337455);
  });

  it('refuses a statement of an unknown account with its number and reason, storing nothing of the file', async () => {
    const xml = fixture('camt053-two-statements.xml')
      .replaceAll('EUR-20261102', 'EUR-20261103')
      .replaceAll('N-000', 'M-000')
      .replaceAll('E2E-RENT-11', 'E2E-RENT-12')
      .replace('<Othr><Id>6222021234567890123</Id></Othr>', '<Othr><Id>6222020000000000001</Id></Othr>');
    const res = await upload(xml, 'format=camt053&dryRun=false');
    expect(res.statusCode).toBe(422);
    const err = errorOf(res);
    expect(err.code).toBe('import.rejected');
    expect(err.message).toMatch(
      /^entry 4 \[Stmt\[2\]\/Acct\/Id\]: statement STMT-CNY-1102: account \S+ is not registered: register it first/,
    );
    expect(err.message).not.toContain('6222020000000000001');
    expect(await count()).toBe(5);
  });

  it('refuses a bad entry, and a changed entry sent again, naming the entry; nothing is stored', async () => {
    const bad = fixture('camt053-two-statements.xml')
      .replaceAll('CNY-20261102', 'CNY-20261104')
      .replace('<Amt Ccy="EUR">45.45</Amt>', '<Amt Ccy="EUR">45.455</Amt>');
    const res = await upload(bad, 'format=camt053&dryRun=false');
    expect(res.statusCode).toBe(422);
    expect(errorOf(res).message).toContain(
      'entry 2 [Stmt[1]/Ntry[2]/Amt]: statement STMT-EUR-1102 #101, entry 2: "45.455"',
    );
    // The dry run answers 200 with the same problems.
    const dry = await upload(bad, 'format=camt053');
    expect(dry.statusCode).toBe(200);
    expect(dry.json().problems).toHaveLength(1);

    const changed = fixture('camt053-two-statements.xml')
      .replaceAll('CNY-20261102', 'CNY-20261105')
      .replace('<Amt Ccy="EUR">2500.00</Amt>', '<Amt Ccy="EUR">2600.00</Amt>');
    const conflict = await upload(changed, 'format=camt053&dryRun=false');
    expect(conflict.statusCode).toBe(422);
    expect(errorOf(conflict).message).toMatch(
      /^entry 1 \[Stmt\[1\]\/Ntry\[1\]\/AcctSvcrRef\]: statement STMT-EUR-1102 #101: was stored before from camt053 with different content/,
    );
    expect(await count()).toBe(5);
  });

  it('imports a CSV table with the names banks use, and an XLSX workbook', async () => {
    const csv = fixture('transactions.csv')
      .replaceAll(CNY_NO, CSV_NO)
      .replace('6222 0212 3456 7890 123', CSV_NO);
    const res = await upload(csv, 'format=csv&dryRun=false&source=branch_export', 'text/csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ source: 'branch_export', statements: null, entries: 3, inserted: 3 });
    expect(res.json().columns[3]).toEqual({ column: '借贷标志', field: 'direction' });
    // The newest stated balance (88,000.00 at 10:15), then the unstated 56.80 at noon.
    expect(await balance(CSV_NO)).toBe(8800000 - 5680);
    expect(
      (await upload(csv, 'format=csv&dryRun=false&source=branch_export', 'text/csv')).json(),
    ).toMatchObject({
      inserted: 0,
      duplicates: 3,
    });

    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('流水');
    sheet.addRow(['流水号', '账号', '记账日期', '借方发生额', '贷方发生额', '摘要']);
    sheet.addRow(['X-1', CSV_NO, '2026-11-03', '', '20.00', '退款']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const x = await upload(xlsx, 'format=xlsx&dryRun=false&source=branch_export', 'application/octet-stream');
    expect(x.statusCode, x.body).toBe(200);
    expect(x.json()).toMatchObject({ inserted: 1, entries: 1 });
    expect(await balance(CSV_NO)).toBe(8800000 - 5680 + 2000);
  });

  it('applies a saved column mapping, and refuses a bad row by row and column', async () => {
    const odd = `Ref,Konto,Wann,Betrag\nK-1,${CSV_NO},2026-11-04,-7.00\nK-2,${CSV_NO},gestern,-8.00\n`;
    const unmapped = await upload(odd, 'format=csv&source=de_bank', 'text/csv');
    // "Ref" is a name people use for the reference; the German ones are not known.
    expect(unmapped.json().problems.map((p: { field: string }) => p.field)).toEqual([
      'accountNo',
      'bookedAt',
      'amount',
    ]);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/imports/transaction-mappings/de_bank',
      payload: { columns: { Ref: 'externalId', Konto: 'accountNo', Wann: 'bookedAt', Betrag: 'amount' } },
      headers: { cookie: feedCookie },
    });
    expect(put.statusCode, put.body).toBe(200);
    const mapped = await upload(odd, 'format=csv&source=de_bank&dryRun=false', 'text/csv');
    expect(mapped.statusCode).toBe(422);
    expect(errorOf(mapped).message).toBe(
      'row 3 [Wann]: "gestern" is not a date or time such as 2026-11-02 09:30. Nothing was imported: correct the file and import it again.',
    );
    const fixed = await upload(
      odd.replace('gestern', '2026-11-04'),
      'format=csv&source=de_bank&dryRun=false',
      'text/csv',
    );
    expect(fixed.json()).toMatchObject({ inserted: 2 });
    const wrong = await t.app.inject({
      method: 'PUT',
      url: '/api/imports/transaction-mappings/de_bank',
      payload: { columns: { Ref: 'name' } },
      headers: { cookie: feedCookie },
    });
    expect(wrong.statusCode).toBe(400);
  });

  it('reads a statement in the encoding its declaration names', async () => {
    const latin1 = Buffer.from(
      fixture('camt053-two-statements.xml')
        .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
        .replaceAll('EUR-20261102', 'EUR-20261106')
        .replaceAll('N-000', 'L-000')
        .replaceAll('E2E-RENT-11', 'E2E-RENT-13')
        .replaceAll('CNY-20261102', 'CNY-20261106')
        .replace('北京华信科技有限公司', 'Huaxin')
        .replace('货款', 'Zahlung'),
      'latin1',
    );
    const res = await upload(latin1, 'format=camt053&dryRun=false&source=latin1_bank');
    expect(res.statusCode, res.body).toBe(200);
    const names = await t.deps.db
      .selectFrom('transactions')
      .select('counterparty_name_enc')
      .where('source', '=', 'latin1_bank')
      .where('external_id', '=', 'EUR-20261106-0001')
      .executeTakeFirstOrThrow();
    expect(t.deps.vault.decrypt(names.counterparty_name_enc!)).toBe('Müller & Söhne GmbH');
  });

  it('is for those who may ingest transactions', async () => {
    const res = await upload(
      fixture('camt053-v08-prefixed.xml'),
      'format=camt053',
      'application/xml',
      await t.login(rm.username),
    );
    expect(res.statusCode).toBe(403);
    const missing = await upload(fixture('camt053-v08-prefixed.xml'), 'dryRun=true');
    expect(missing.statusCode).toBe(400);
  });
});
