import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { DIALECTS } from './support/db.ts';
import { makeCorporate, makeIndividual, makeUser, residentId } from './support/factories.ts';
import { type TestApp, openTestApp } from './support/http.ts';

async function sheetRows(body: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

describe.each(DIALECTS)('exporting the client list (%s)', (dialect) => {
  let t: TestApp;
  let rm: Actor;
  let other: Actor;
  const ids: string[] = [];
  beforeAll(async () => {
    t = await openTestApp(dialect);
    rm = await makeUser(t.deps, 'rm');
    other = await makeUser(t.deps, 'rm');
    for (let i = 0; i < 5; i++) {
      const id = residentId(600 + i, '19880808');
      ids.push(id);
      await makeIndividual(t.deps, rm, {
        name: `导出客户${i}`,
        idNumber: id,
        tier: i < 2 ? 'diamond' : 'gold',
      });
    }
    await makeCorporate(t.deps, rm, { name: '导出测试有限公司' });
    await makeIndividual(t.deps, other, { name: '别人的客户', idNumber: residentId(700, '19880808') });
  });
  afterAll(() => t.close());

  it('streams an XLSX of the caller’s scope, masked, stamped and audited', async () => {
    const cookie = await t.login(rm.username);
    const res = await t.app.inject({ method: 'GET', url: '/api/clients/export', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="clients-\d{4}-\d{2}-\d{2}\.xlsx"/,
    );
    const rows = await sheetRows(res.rawPayload);
    const data = rows.slice(1).filter((r) => /^C\d{8}$/.test(r[0]!));
    expect(data).toHaveLength(6);
    expect(data.map((r) => r[1])).not.toContain('别人的客户');
    const text = JSON.stringify(rows);
    for (const id of ids) expect(text).not.toContain(id);
    expect(text).toContain(`${ids[0]!.slice(0, 3)}***********${ids[0]!.slice(-4)}`);
    expect(rows.at(-1)![0]).toContain(`Exported by ${rm.displayName} (${rm.username})`);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['actor_id', 'details'])
      .where('action', '=', 'client.export')
      .execute();
    expect(audit).toHaveLength(1);
    expect(Number(audit[0]!.actor_id)).toBe(rm.id);
    expect(JSON.parse(audit[0]!.details!)).toMatchObject({ rows: 6 });
  });

  it('follows the list filters', async () => {
    const cookie = await t.login(rm.username);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/clients/export?tier=diamond',
      headers: { cookie },
    });
    const data = (await sheetRows(res.rawPayload)).filter((r) => /^C\d{8}$/.test(r[0]!));
    expect(data.map((r) => r[3])).toEqual(['钻石', '钻石']);
  });
});
