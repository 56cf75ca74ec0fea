import type { BacktestResult, Rule, RuleDefinition, RuleList } from '@dossier/contract';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { journeys, screenshot } from './browser.ts';

/** Waits on the page's state, not a clock: generous, because two cores are shared with other suites. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });

/** The editor's JSON box (antd puts the test id on the textarea itself, or on its wrapper). */
const jsonBox = (page: Page) =>
  page.locator('textarea[data-testid="rule-editor-json"], [data-testid="rule-editor-json"] textarea');

describe('rules as data: edited as JSON, backtested, approved by a second person, imported from a file', () => {
  const j = journeys();

  it('a risk officer edits balance_drain in the editor, backtests it, and the admin approves version 2', async () => {
    const risk = await j.apiLogin('risk01');
    const page = await j.newPage();
    page.setDefaultTimeout(20_000);
    await j.login(page, 'risk01');
    await page.goto('/rules');
    const row = page.locator('[data-testid="rule-row"][data-rule-code="balance_drain"]');
    await row.getByTestId('rule-edit').click();
    const editor = page.getByTestId('rule-editor');
    const box = jsonBox(page);
    await box.waitFor();
    // Pre-filled with the definition in force.
    const shown = JSON.parse(await box.inputValue()) as RuleDefinition;
    expect(shown.code).toBe('balance_drain');
    expect(shown.conditions[0]).toMatchObject({ metric: 'balance_drop_pct', op: '>=', value: 60 });

    // Broken JSON is caught before anything is sent, with the place of the fault.
    await box.fill('{\n  "code": "balance_drain",\n  "severity": high\n}');
    await editor.getByTestId('rule-editor-submit').click();
    await poll(() => editor.getByTestId('rule-editor-syntax-at').textContent()).toContain('第 3 行');
    // "Show in the text" selects the character where the JSON breaks (the h of high).
    const selection = () =>
      box.evaluate((el: HTMLTextAreaElement) => [
        el.selectionStart,
        el.selectionEnd,
        el === document.activeElement,
      ]);
    await editor.getByTestId('rule-editor-syntax-show').click();
    const broken = (await box.inputValue()).indexOf('high');
    await expect(selection()).resolves.toEqual([broken, broken + 1, true]);

    // A window beyond 90 days: the server refuses it, and the editor names the field.
    const draft = (windowDays: number) => ({
      ...shown,
      conditions: [{ ...shown.conditions[0], windowDays, value: 55 }],
    });
    await box.fill(JSON.stringify(draft(400), null, 2));
    await editor.getByTestId('rule-editor-submit').click();
    const issue = editor.getByTestId('rule-editor-issue').first();
    await poll(() => issue.textContent()).toContain('definition.conditions.0.windowDays');
    await expect(issue.textContent()).resolves.toContain('最多 90 天');
    // …and selects the faulty value in the text.
    await issue.getByTestId('rule-editor-issue-show').click();
    const [from, to] = (await selection()) as [number, number, boolean];
    expect((await box.inputValue()).slice(from, to)).toBe('400');
    expect((await box.inputValue()).slice(0, from)).toMatch(/"windowDays": $/);
    await expect(editor.getByTestId('rule-editor-syntax').count()).resolves.toBe(0);
    await screenshot(page, 'rules-01-editor-invalid');
    const stillOne = await risk.getOk<RuleList>('/api/rules');
    expect(stillOne.items.find((r) => r.code === 'balance_drain')?.pending).toBeNull();

    // The corrected draft, backtested before it is proposed.
    await box.fill(JSON.stringify(draft(2), null, 2));
    await editor.getByTestId('backtest-run').click();
    const result = editor.getByTestId('backtest-result');
    await result.waitFor({ timeout: 30_000 });
    const alerts = Number(
      (
        await result.getByTestId('backtest-alerts').locator('.ant-statistic-content-value').textContent()
      )?.replace(/,/g, ''),
    );
    expect(Number.isInteger(alerts)).toBe(true);
    // The page shows what the server computes for the same draft.
    const today = new Date(Date.now() + 8 * 3600_000);
    const day = (offset: number) =>
      new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const api = await risk.send<BacktestResult>('POST', '/api/rules/backtest', {
      definition: draft(2),
      from: day(-90),
      to: day(0),
    });
    expect(api.status, JSON.stringify(api.body)).toBe(200);
    expect(alerts).toBe(api.body.rules[0]?.alerts);
    if (alerts > 0) await result.getByTestId('backtest-chart').locator('canvas').first().waitFor();
    await screenshot(page, 'rules-02-editor-backtest');

    await editor.getByTestId('rule-editor-submit').click();
    await editor.waitFor({ state: 'hidden' });
    await poll(() => row.getByTestId('rule-pending').textContent()).toContain('v2');
    const proposed = (await risk.getOk<RuleList>('/api/rules')).items.find((r) => r.code === 'balance_drain');
    expect(proposed?.pending?.definition.conditions[0]).toMatchObject({ windowDays: 2, value: 55 });
    // One change waits at a time: the rule cannot be edited again until it is decided.
    await expect(row.getByTestId('rule-edit').isDisabled()).resolves.toBe(true);

    // The stored rule, backtested from the list.
    await row.getByTestId('rule-backtest').click();
    const modal = page.getByTestId('rule-backtest-modal');
    await modal.getByTestId('backtest-run').click();
    await modal.getByTestId('backtest-result').waitFor({ timeout: 30_000 });
    await screenshot(page, 'rules-03-list-backtest');
    await page.keyboard.press('Escape');
    await modal.waitFor({ state: 'hidden' });

    // The admin (who holds rule.approve) approves it.
    const adminPage = await j.newPage();
    adminPage.setDefaultTimeout(20_000);
    await j.login(adminPage, 'admin');
    await adminPage.goto('/rules');
    const adminRow = adminPage.locator('[data-testid="rule-row"][data-rule-code="balance_drain"]');
    await adminRow.getByTestId('rule-approve').click();
    await adminPage.locator('.ant-popconfirm .ant-btn-primary').click();
    await poll(() => adminRow.getByTestId('rule-pending').count()).toBe(0);
    await poll(() => adminRow.getByTestId('rule-version').textContent()).toBe('v2');
    await adminRow.locator('.ant-table-row-expand-icon').click();
    await poll(() => adminPage.getByTestId('rule-condition').first().textContent()).toContain('≥ 55%');

    const approved = await risk.getOk<Rule>(`/api/rules/${proposed?.id}`);
    expect(approved.version).toBe(2);
    expect(approved.definition.conditions[0]).toMatchObject({ value: 55 });
    // The proposer's page follows.
    await page.reload();
    await poll(() => row.getByTestId('rule-version').textContent()).toBe('v2');
  });

  it('a risk officer imports a rule file: each rule is proposed or refused with the reason', async () => {
    const risk = await j.apiLogin('risk01');
    const base = (await risk.getOk<RuleList>('/api/rules')).items.find(
      (r) => r.code === 'large_outflow_week',
    );
    if (!base) throw new Error('the default rule large_outflow_week is missing');
    const file = [
      {
        definition: {
          ...base.definition,
          code: 'outflow_fortnight',
          name: { zh: '两周内大额流出', en: 'Large outflows within a fortnight' },
          conditions: [{ metric: 'outflow_sum', windowDays: 14, op: '>=', value: 200_000_000 }],
        },
        enable: true,
      },
      { ...base.definition, code: 'broken_rule', cooldownHours: -1 },
      'not a rule',
    ];

    const page = await j.newPage();
    page.setDefaultTimeout(20_000);
    await j.login(page, 'risk01');
    await page.goto('/rules');
    await page.getByTestId('rule-row').first().waitFor();

    // 新建规则 starts from a template the server would take.
    await page.getByTestId('rule-new').click();
    const template = JSON.parse(await jsonBox(page).inputValue()) as RuleDefinition;
    expect(template.code).toBe('new_rule');
    expect(template.conditions.length).toBeGreaterThan(0);
    await page.getByTestId('rule-editor').getByRole('button', { name: '取 消' }).click();
    await page.getByTestId('rule-editor').waitFor({ state: 'detached' });

    await page.locator('input[type=file]').setInputFiles({
      name: 'rules.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file, null, 2)),
    });
    const report = page.getByTestId('rule-import-report');
    await poll(() => report.getByTestId('rule-import-outcome').count()).toBe(3);
    await expect(report.textContent()).resolves.toContain('3 条规则中 1 条已提交审批');
    const outcome = (code: string) =>
      report.locator(`[data-testid="rule-import-outcome"][data-rule-code="${code}"]`);
    await expect(outcome('outflow_fortnight').getAttribute('data-status')).resolves.toBe('proposed');
    await expect(outcome('outflow_fortnight').textContent()).resolves.toContain('新规则，待审批');
    await expect(outcome('broken_rule').getAttribute('data-status')).resolves.toBe('refused');
    await expect(outcome('broken_rule').textContent()).resolves.toContain('definition.cooldownHours');
    await expect(report.locator('[data-status="unreadable"]').textContent()).resolves.toContain(
      '不是规则定义',
    );

    const imported = page.locator('[data-testid="rule-row"][data-rule-code="outflow_fortnight"]');
    await poll(() => imported.getByTestId('rule-pending').textContent()).toContain('v1');
    await expect(imported.textContent()).resolves.toContain('两周内大额流出');
    await screenshot(page, 'rules-04-imported');

    const stored = (await risk.getOk<RuleList>('/api/rules')).items;
    expect(
      stored.find((r) => r.code === 'outflow_fortnight')?.pending?.definition.conditions[0],
    ).toMatchObject({
      windowDays: 14,
    });
    expect(stored.some((r) => r.code === 'broken_rule')).toBe(false);

    // The same file again: the rule now exists, so it is a change, refused while v1 waits.
    await page.locator('input[type=file]').setInputFiles({
      name: 'rules-again.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file[0])),
    });
    await poll(() => report.textContent()).toContain('rules-again.json');
    await expect(outcome('outflow_fortnight').getAttribute('data-status')).resolves.toBe('refused');
    await expect(outcome('outflow_fortnight').textContent()).resolves.toContain('已有待审批的变更');
  });

  it('answers within the contract', () => expect(j.contractDrift).toEqual([]));
});
