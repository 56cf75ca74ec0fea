import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { DIALECTS } from './support/db.ts';
import { creditCode, makeUser, residentId } from './support/factories.ts';
import { type TestApp, errorOf, openTestApp } from './support/http.ts';

const HEADER =
  '客户类型,姓名,证件号码,手机号码,职业,年收入,风险等级,客户等级,统一社会信用代码,行业代码,注册资本,联系人,联系人电话,客户经理';

describe.each(DIALECTS)('importing client files (%s)', (dialect) => {
  let t: TestApp;
  let rm: Actor;
  let otherRm: Actor;
  let cookie: string;
  let n = 100;
  const countClients = async () =>
    Number(
      (
        await t.deps.db
          .selectFrom('clients')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const upload = (body: Buffer | string, query: string, type = 'text/csv') =>
    t.app.inject({
      method: 'POST',
      url: `/api/imports/clients?${query}`,
      payload: body,
      headers: { cookie, 'content-type': type },
    });
  const person = (name: string, id: string, extra = '') =>
    `个人,${name},${id},13800001111,教师,30-100万,C3,黄金,,,,,,${extra}`;
  const company = (name: string, code: string) =>
    `企业,${name},,,,,,白金,${code},I65,500万,张会计,13911112222,`;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    rm = await makeUser(t.deps, 'rm');
    otherRm = await makeUser(t.deps, 'rm');
    cookie = await t.login(rm.username);
  });
  afterAll(() => t.close());

  it('a file without a name column: the header problem does not count against the rows; an empty cell is "required"', async () => {
    const file = [
      '客户全名,客户类型,证件号码,客户经理',
      `测试甲,个人,${residentId(++n, '19750505')},${rm.username}`,
    ].join('\n');
    const dry = await upload(file, 'dryRun=true&source=crm-x');
    expect(dry.statusCode, dry.body).toBe(200);
    const report = dry.json();
    expect(report).toMatchObject({ rows: 1, valid: 0 });
    expect(report.problems).toContainEqual(expect.objectContaining({ row: 1, field: 'name' }));
    expect(report.problems).toContainEqual({ row: 2, column: null, field: 'name', message: 'is required' });
    // Mapping the column for this source makes the same file clean.
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/imports/mappings/crm-x',
      payload: { columns: { 客户全名: 'name' } },
      headers: { cookie },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const again = await upload(file, 'dryRun=true&source=crm-x');
    expect(again.json()).toMatchObject({ rows: 1, valid: 1, problems: [] });
  });

  it('a dry run reports and stores nothing; the commit stores every row with provenance "import"', async () => {
    const before = await countClients();
    const file = [
      HEADER,
      person('司马光', residentId(++n, '19700101')),
      person('李清照', residentId(++n, '19800202')),
      company('杭州汇通科技有限公司', creditCode(++n)),
    ].join('\n');
    const dry = await upload(file, 'dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, committed: false, rows: 3, valid: 3, problems: [] });
    expect(dry.json().columns).toContainEqual({ column: '证件号码', field: 'idNumber' });
    expect(await countClients()).toBe(before);
    const done = await upload(file, 'dryRun=false');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ committed: true, created: 3 });
    expect(await countClients()).toBe(before + 3);
    const found = await t.app.inject({
      method: 'GET',
      url: '/api/clients/suggest?q=smg',
      headers: { cookie },
    });
    const c = await t.app.inject({
      method: 'GET',
      url: `/api/clients/${found.json().items[0].id}`,
      headers: { cookie },
    });
    expect(c.json()).toMatchObject({
      name: '司马光',
      occupation: '教师',
      tier: 'gold',
      riskTolerance: 'C3',
      owner: { id: rm.id },
    });
    expect(c.json().provenance.occupation.source).toBe('import');
    const corp = await t.app.inject({
      method: 'GET',
      url: '/api/clients/suggest?q=hzht',
      headers: { cookie },
    });
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/clients/${corp.json().items[0].id}`,
      headers: { cookie },
    });
    expect(detail.json().registeredCapital).toEqual({ minor: 500_000_000, currency: 'CNY' });
    expect(detail.json().contacts[0]).toMatchObject({ name: '张会计', phone: '139****2222' });
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'client.import')
      .execute();
    expect(JSON.parse(audit.at(-1)!.details!)).toMatchObject({ rows: 3, created: 3, updated: 0 });
  });

  it('one bad row rejects the whole file, reported by row and column, and nothing is stored', async () => {
    const before = await countClients();
    const file = [
      HEADER,
      person('王安石', residentId(++n)),
      person('苏轼', '110105194912310021'),
      person('欧阳修', residentId(++n), 'nobody'),
    ].join('\n');
    const res = await upload(file, 'dryRun=false');
    expect(res.statusCode).toBe(422);
    const e = errorOf(res) as ReturnType<typeof errorOf> & {
      details: { report: { problems: { row: number; column: string; message: string }[] } };
    };
    expect(e.code).toBe('import.rejected');
    const problems = res.json().error.details.report.problems as {
      row: number;
      column: string | null;
      field: string | null;
      message: string;
    }[];
    expect(problems).toContainEqual(
      expect.objectContaining({ row: 3, column: '证件号码', field: 'idNumber' }),
    );
    expect(problems).toContainEqual(expect.objectContaining({ row: 4, field: 'owner' }));
    expect(problems.some((p) => p.row === 2)).toBe(false);
    expect(await countClients()).toBe(before);
  });

  it('cells a bank writes are read; unreadable ones are named', async () => {
    const file = [HEADER, `火星人,张三,${residentId(++n)},13800001111,教师,很多,C9,黄金,,,,,,`].join('\n');
    const res = await upload(file, 'dryRun=true');
    const cols = (res.json().problems as { column: string }[]).map((p) => p.column).sort();
    expect(cols).toEqual(['客户类型', '年收入', '风险等级']);
  });

  it('duplicates: skipped by default, updated on request (audited), or refused', async () => {
    const id = residentId(++n, '19650505');
    await upload([HEADER, person('辛弃疾', id)].join('\n'), 'dryRun=false');
    const before = await countClients();
    const skip = await upload([HEADER, person('辛弃疾', id)].join('\n'), 'dryRun=false');
    expect(skip.json()).toMatchObject({
      created: 0,
      skipped: 1,
      duplicates: [expect.objectContaining({ row: 2, by: 'idNumber', action: 'skip' })],
    });
    const changed = [HEADER, person('辛弃疾', id).replace('教师', '词人')].join('\n');
    const update = await upload(changed, 'dryRun=false&onDuplicate=update');
    expect(update.json()).toMatchObject({ created: 0, updated: 1 });
    const existing = update.json().duplicates[0].existingClientId;
    const c = await t.app.inject({ method: 'GET', url: `/api/clients/${existing}`, headers: { cookie } });
    expect(c.json().occupation).toBe('词人');
    const fail = await upload(changed, 'dryRun=false&onDuplicate=fail');
    expect(fail.statusCode).toBe(422);
    expect(await countClients()).toBe(before);
    const twice = await upload(
      [HEADER, person('岳飞', residentId(++n)), person('岳云', residentId(n))].join('\n'),
      'dryRun=true',
    );
    expect(twice.json().problems).toContainEqual(
      expect.objectContaining({ row: 3, message: 'repeats the client of row 2' }),
    );
  });

  it('reads GB18030 CSV and XLSX, and applies a saved column mapping', async () => {
    const gbk = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]); // 姓名 in GB18030
    const csv = Buffer.concat([
      gbk,
      Buffer.from(`,idnumber,owner\r\n`),
      Buffer.from([0xb6, 0xc5, 0xb8, 0xa6]),
      Buffer.from(`,${residentId(++n)},${rm.username}\r\n`),
    ]);
    const g = await upload(csv, 'dryRun=true');
    expect(g.json()).toMatchObject({ rows: 1, valid: 1, problems: [] });
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('客户');
    sheet.addRow(['CUST_NM', 'CERT_NO', 'BIRTH']);
    sheet.addRow(['杜甫', residentId(++n, '19750909'), new Date(Date.UTC(1975, 8, 9))]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const unmapped = await upload(xlsx, 'dryRun=true&source=core', 'application/octet-stream');
    expect(unmapped.json().problems[0]).toMatchObject({ row: 1, field: 'name' });
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/imports/mappings/core',
      payload: { columns: { CUST_NM: 'name', CERT_NO: 'idNumber', BIRTH: 'birthDate' } },
      headers: { cookie },
    });
    expect(put.statusCode, put.body).toBe(200);
    const mapped = await upload(xlsx, 'dryRun=true&source=core', 'application/octet-stream');
    expect(mapped.json()).toMatchObject({ rows: 1, valid: 1, problems: [] });
    const badMap = await t.app.inject({
      method: 'PUT',
      url: '/api/imports/mappings/core',
      payload: { columns: { X: 'shoeSize' } },
      headers: { cookie },
    });
    expect(errorOf(badMap).field).toBe('columns.X');
  });

  it('an RM cannot import into another team’s book; empty and broken files are refused', async () => {
    const res = await upload(
      [HEADER, person('陆游', residentId(++n), otherRm.username)].join('\n'),
      'dryRun=true',
    );
    expect(res.json().problems).toContainEqual(expect.objectContaining({ row: 2, field: 'owner' }));
    expect(errorOf(await upload('', 'dryRun=true')).code).toBe('request.invalid');
    const broken = await upload(
      Buffer.from('PK\u0003\u0004garbage'),
      'dryRun=true',
      'application/octet-stream',
    );
    expect(broken.statusCode).toBe(400);
    expect(errorOf(broken).field).toBe('file');
  });
});

describe.each(DIALECTS)('importing relationships (%s)', (dialect) => {
  let t: TestApp;
  let rm: Actor;
  let cookie: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    rm = await makeUser(t.deps, 'rm');
    cookie = await t.login(rm.username);
  });
  afterAll(() => t.close());
  const upload = (csv: string, dryRun: boolean) =>
    t.app.inject({
      method: 'POST',
      url: `/api/imports/relationships?dryRun=${dryRun}`,
      payload: csv,
      headers: { cookie, 'content-type': 'text/csv' },
    });
  const links = async () =>
    Number(
      (
        await t.deps.db
          .selectFrom('client_relationships')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('links clients named by ID number or credit code; one bad row stores nothing', async () => {
    const { makeCorporate, makeIndividual } = await import('./support/factories.ts');
    const dad = await makeIndividual(t.deps, rm, { idNumber: residentId(901, '19600101') });
    const kid = await makeIndividual(t.deps, rm, { idNumber: residentId(902, '19900101') });
    const wife = await makeIndividual(t.deps, rm, { idNumber: residentId(903, '19620202') });
    const co = await makeCorporate(t.deps, rm, { creditCode: creditCode(9901) });
    const header = '客户证件号码,关联方证件号码,关系类型,持股比例,担保金额';
    const ok = [
      `${residentId(901, '19600101')},${residentId(903, '19620202')},配偶,,`,
      `${residentId(902, '19900101')},${residentId(901, '19600101')},子女,,`,
      `${residentId(901, '19600101')},${creditCode(9901)},股东,60,`,
    ];
    const bad = [
      ...ok,
      `${residentId(903, '19620202')},${creditCode(9901)},股东,50,`,
      `${residentId(903, '19620202')},110105194912310021,关联方,,`,
    ];
    const before = await links();
    const rejected = await upload([header, ...bad].join('\n'), false);
    expect(rejected.statusCode).toBe(422);
    const problems = rejected.json().error.details.report.problems as {
      row: number;
      column: string;
      field: string;
    }[];
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [5, '持股比例'],
      [6, '关联方证件号码'],
    ]);
    expect(await links()).toBe(before);
    const done = await upload([header, ...ok].join('\n'), false);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ committed: true, created: 3 });
    const h = await t.app.inject({
      method: 'GET',
      url: `/api/clients/${wife.id}/household`,
      headers: { cookie },
    });
    expect((h.json().members as { id: number }[]).map((m) => m.id).sort()).toEqual(
      [dad.id, kid.id, wife.id].sort(),
    );
    const g = await t.app.inject({
      method: 'GET',
      url: `/api/clients/${co.id}/relationships`,
      headers: { cookie },
    });
    expect(g.json().relationships[0]).toMatchObject({ kind: 'shareholder', sharePct: 60 });
  });
});
