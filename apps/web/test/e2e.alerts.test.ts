import type {
  Account,
  Alert,
  AlertPage,
  ClientDetail,
  Rule,
  RuleList,
  TransactionBatchResult,
  TransactionItem,
} from '@dossier/contract';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bankDatePlus, newClient } from './fixtures.ts';
import { type ApiSession, journeys, pickOption, screenshot } from './browser.ts';

/** Waits on the page's state, not a clock: generous, because two cores are shared with other suites. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });

const badgeCount = async (page: Page) =>
  Number(await page.getByTestId('alert-badge').getAttribute('data-count'));

/**
 * The runs of Chinese characters in the element `root` of the page, leaving out the elements of
 * `data` (what people and clients are called, which stays as written in any language).
 */
const chineseIn = (page: Page, root: string, data: readonly string[] = []) =>
  page.evaluate(
    ([root, data]) => {
      const copy = document.querySelector(root)?.cloneNode(true);
      if (!(copy instanceof Element)) return [`no ${root} in the page`];
      for (const selector of data) for (const node of copy.querySelectorAll(selector)) node.remove();
      return copy.textContent?.match(/[\u3400-\u9fff]+/g) ?? [];
    },
    [root, data] as const,
  );

/**
 * ¥1,000,000 arrives on a new current account two days ago; ¥300,000 leaves yesterday and ¥300,000
 * a minute ago: the balance is 60% below its peak of the two days before, which the default rule
 * 存款余额骤降 (balance_drain) catches.
 */
async function drainBalance(rm: ApiSession, admin: ApiSession, client: ClientDetail): Promise<void> {
  const accountNo = `6222${String(client.id).padStart(6, '0')}90000001`;
  const opened = await rm.send<Account>('POST', `/api/clients/${client.id}/accounts`, {
    kind: 'demand_deposit',
    productName: '个人活期储蓄',
    accountNo,
    currency: 'CNY',
    openedOn: bankDatePlus(-400),
    rateBp: 15,
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const now = Date.now();
  const item = (
    n: number,
    msAgo: number,
    direction: 'credit' | 'debit',
    amountMinor: number,
    balanceAfterMinor: number,
  ): TransactionItem => ({
    externalId: `alert-e2e-${client.id}-${n}`,
    accountNo,
    bookedAt: new Date(now - msAgo).toISOString(),
    amountMinor,
    direction,
    currency: 'CNY',
    channel: 'transfer',
    category: direction === 'credit' ? 'transfer_in' : 'transfer_out',
    balanceAfterMinor,
    description: direction === 'credit' ? '转入' : '转出',
  });
  const items = [
    item(1, 48 * 3600_000, 'credit', 100_000_000, 100_000_000),
    item(2, 24 * 3600_000, 'debit', 30_000_000, 70_000_000),
    item(3, 60_000, 'debit', 30_000_000, 40_000_000),
  ];
  const sent = await admin.send<TransactionBatchResult>('POST', '/api/transactions/batch', {
    source: 'core_banking',
    transactions: items,
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  expect(sent.body.inserted).toBe(items.length);
}

describe('early warnings: the live inbox, an alert worked to its end, the rules', () => {
  const j = journeys();

  it('an RM sees a new alert arrive without a reload, reads why it fired and resolves it', async () => {
    const rm = await j.apiLogin('rm01');
    const admin = await j.apiLogin('admin');

    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.getByTestId('nav-alerts').click();
    await page.waitForURL('**/alerts');
    // The stream is connected before anything is sent: what follows must arrive through it.
    await page.getByTestId('alerts-live').waitFor();
    await poll(() => page.getByTestId('alert-badge').getAttribute('data-count')).not.toBeNull();
    const before = await badgeCount(page);
    const apiBefore = await rm.getOk<AlertPage>('/api/alerts?pageSize=1');
    expect(before).toBe(Object.values(apiBefore.openBySeverity).reduce((a, b) => a + b, 0));
    // The severity cards load after the badge: wait until the high card shows what the API counts.
    await poll(() => page.getByTestId('alert-count-high-value').textContent()).toBe(
      String(apiBefore.openBySeverity.high),
    );
    const highBefore = apiBefore.openBySeverity.high;
    await screenshot(page, 'alerts-01-inbox');

    const name = '余骤降';
    const client = await newClient(rm, name, '19820317');
    // A marker that survives a reload would show one happened; a live update keeps it.
    await page.evaluate(() => {
      (window as unknown as { noReload: boolean }).noReload = true;
    });
    await drainBalance(rm, admin, client);

    const row = page.getByTestId('alert-row').filter({ hasText: name }).filter({ hasText: '存款余额骤降' });
    await poll(() => row.count()).toBe(1);
    await expect(row.getByTestId('alert-fresh').count()).resolves.toBe(1);
    await expect(row.getByTestId('severity-tag').textContent()).resolves.toBe('高');
    await expect(row.getByTestId('alert-status').textContent()).resolves.toContain('待处理');
    // Newest first: the new alert is the top row.
    await expect(page.getByTestId('alert-row').first().textContent()).resolves.toContain(name);
    await poll(() => badgeCount(page)).toBe(before + 1);
    await poll(() => page.getByTestId('alert-count-high-value').textContent()).toBe(String(highBefore + 1));
    await expect(page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).resolves.toBe(
      true,
    );
    await screenshot(page, 'alerts-02-inbox-live');

    const listed = await rm.getOk<AlertPage>(`/api/alerts?clientId=${client.id}`);
    expect(listed.items.map((a) => a.rule.code)).toContain('balance_drain');
    const alertId = listed.items.find((a) => a.rule.code === 'balance_drain')?.id;

    // The alert page: the rule, the client, the balance line, the evidence and why.
    await row.getByTestId('alert-rule').click();
    await page.waitForURL(`**/alerts/${alertId}`);
    await poll(() => page.getByTestId('alert-title').textContent()).toBe('存款余额骤降');
    await expect(page.getByTestId('alert-client-link').textContent()).resolves.toContain(name);
    await expect(page.getByTestId('alert-page-status').textContent()).resolves.toBe('待处理');
    await poll(() => page.getByTestId('evidence-row').count()).toBeGreaterThanOrEqual(1);
    const traces = await page.getByTestId('evidence-trace').allTextContents();
    expect(traces.some((text) => text.includes('余额较基准下降幅度') && text.includes('60%'))).toBe(true);
    await expect(page.getByTestId('evidence-amount').first().textContent()).resolves.toBe('-30.00万元');
    const canvas = page.getByTestId('alert-balance-chart').locator('canvas').first();
    await canvas.waitFor();
    const size = await canvas.evaluate((c: HTMLCanvasElement) => ({ width: c.width, height: c.height }));
    expect(size.width).toBeGreaterThan(100);
    expect(size.height).toBeGreaterThan(100);
    await expect(page.getByTestId('alert-event').first().textContent()).resolves.toContain('触发预警');
    await screenshot(page, 'alerts-03-alert-page');

    // Acknowledge, then resolve as a confirmed risk with a note.
    await page.getByTestId('alert-acknowledge').click();
    await poll(() => page.getByTestId('alert-page-status').textContent()).toBe('已确认');
    await pickOption(page, 'alert-resolution', '确认风险');
    await page.getByTestId('alert-resolve-comment').fill('已电话联系客户：资金转往他行偿还经营贷款');
    await page.getByTestId('alert-resolve').click();
    await poll(() => page.getByTestId('alert-page-status').textContent()).toBe('已办结');
    await poll(() => page.getByTestId('alert-resolved-note').textContent()).toContain('确认风险');
    const events = await page.getByTestId('alert-event').allTextContents();
    expect(events.some((text) => text.includes('已确认'))).toBe(true);
    expect(events.some((text) => text.includes('已办结') && text.includes('确认风险'))).toBe(true);
    expect(events.some((text) => text.includes('资金转往他行偿还经营贷款'))).toBe(true);
    await screenshot(page, 'alerts-04-alert-resolved');

    const stored = await rm.getOk<Alert>(`/api/alerts/${alertId}`);
    expect(stored.status).toBe('resolved');
    expect(stored.resolution).toBe('confirmed_risk');
    // Resolved: no longer counted on the badge.
    await poll(() => badgeCount(page)).toBe(before);
  });

  it('a risk officer reads the rules and cannot approve a change of their own', async () => {
    const risk = await j.apiLogin('risk01');
    const rules = await risk.getOk<RuleList>('/api/rules');
    expect(rules.items.length).toBeGreaterThanOrEqual(11);
    const base = rules.items.find((r) => r.code === 'balance_drain');
    if (!base) throw new Error('the default rule balance_drain is missing');
    const proposed = await risk.send<Rule>('POST', '/api/rules', {
      definition: {
        ...base.definition,
        code: 'balance_drain_strict',
        name: { zh: '存款余额骤降（严格）', en: 'Sudden balance drain (strict)' },
        severity: 'critical',
        conditions: [{ ...base.definition.conditions[0], value: 80 }],
      },
      enable: true,
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);

    const page = await j.newPage();
    await j.login(page, 'risk01');
    await page.getByTestId('nav-rules').click();
    await page.waitForURL('**/rules');
    await poll(() => page.getByTestId('rule-row').count()).toBeGreaterThanOrEqual(12);
    const names = await page.getByTestId('rule-name').allTextContents();
    expect(names).toContain('存款余额骤降');
    const row = page.locator('[data-rule-code="balance_drain_strict"]');
    await expect(row.getByTestId('rule-pending').textContent()).resolves.toContain('v1');

    // The definition, readably: the condition with its threshold and the minimum base in 万元.
    const drain = page.locator('[data-rule-code="balance_drain"]');
    await drain.locator('.ant-table-row-expand-icon').click();
    const condition = page.getByTestId('rule-condition').first();
    await condition.waitFor();
    await expect(condition.textContent()).resolves.toContain('余额较基准下降幅度 ≥ 60%');
    await expect(condition.textContent()).resolves.toContain('基准不低于 5.00万元');

    // Maker-checker: the proposer cannot decide their own change; the page says why.
    await expect(row.getByTestId('rule-approve').isDisabled()).resolves.toBe(true);
    await expect(row.getByTestId('rule-reject').isDisabled()).resolves.toBe(true);
    await row.getByTestId('rule-own-proposal').hover();
    await poll(() =>
      page.locator('.ant-tooltip').filter({ hasText: '须由另一位有权限的人员审批' }).count(),
    ).toBe(1);
    await screenshot(page, 'alerts-05-rules');

    // Someone else (admin holds rule.approve) rejects it, saying why.
    const adminPage = await j.newPage();
    await j.login(adminPage, 'admin');
    await adminPage.goto('/rules');
    const adminRow = adminPage.locator('[data-rule-code="balance_drain_strict"]');
    await adminRow.getByTestId('rule-reject').click();
    await adminPage.getByTestId('rule-decision-note').fill('阈值过严，先观察一个月');
    await adminPage.locator('.ant-popconfirm .ant-btn-primary').click();
    await poll(async () => {
      const now = await risk.getOk<RuleList>('/api/rules');
      return now.items.find((r) => r.code === 'balance_drain_strict')?.pending ?? null;
    }).toBeNull();
    await poll(() => adminRow.getByTestId('rule-pending').count()).toBe(0);
  });

  it('an RM takes playbook actions from an alert and another risk officer decides the requests', async () => {
    const rm = await j.apiLogin('rm01');
    const admin = await j.apiLogin('admin');
    const name = '冻结测';
    const client = await newClient(rm, name, '19820317');
    await drainBalance(rm, admin, client);
    const drainAlert = async () =>
      (await rm.getOk<AlertPage>(`/api/alerts?clientId=${client.id}`)).items.find(
        (a) => a.rule.code === 'balance_drain',
      );
    await poll(drainAlert).toBeDefined();
    const id = (await drainAlert())?.id;
    if (!id) throw new Error('no balance_drain alert for the new client');

    // The RM: a contact task for themselves, at once.
    const page = await j.newPage();
    await j.login(page, 'rm01');
    await page.goto(`/alerts/${id}`);
    const playbook = page.getByTestId('alert-playbook');
    await playbook.getByTestId('playbook-form').waitFor();
    await expect(playbook.getByTestId('playbook-submit').textContent()).resolves.toContain('创建任务');
    // A note is required: the form says so before anything is sent.
    await playbook.getByTestId('playbook-submit').click();
    await poll(() => playbook.getByText('请填写说明，至少 2 个字').count()).toBe(1);
    await playbook.getByTestId('playbook-note').fill('请致电客户核实大额资金转出用途');
    await playbook.getByTestId('playbook-submit').click();
    const contact = playbook.locator('[data-testid="playbook-action"][data-action-kind="contact_task"]');
    await poll(() => contact.getByTestId('playbook-action-status').textContent()).toBe('已创建任务');
    await poll(() => page.getByTestId('alert-page-status').textContent()).toBe('处理中');
    // The history tells both: the action, and the move to in progress it made.
    await poll(() => page.getByTestId('alert-event').filter({ hasText: '创建联系客户任务' }).count()).toBe(1);
    await poll(() =>
      page.getByTestId('alert-event').filter({ hasText: '处理中' }).count(),
    ).toBeGreaterThanOrEqual(1);

    // The task is on the RM's list.
    await contact.getByTestId('playbook-task-link').click();
    await page.waitForURL('**/tasks');
    await poll(() =>
      page.getByTestId('task-row').filter({ hasText: '预警跟进：联系客户（存款余额骤降）' }).count(),
    ).toBe(1);

    // Back on the alert: a freeze request, which waits for a risk officer.
    await page.goto(`/alerts/${id}`);
    await playbook.getByTestId('playbook-form').waitFor();
    await playbook.getByTestId('playbook-kind').getByText('冻结/止付').click();
    await poll(() => playbook.getByTestId('playbook-submit').textContent()).toContain('提交冻结申请');
    await playbook.getByTestId('playbook-note').fill('疑似电信诈骗，客户同意临时止付');
    await playbook.getByTestId('playbook-submit').click();
    const freeze = playbook.locator('[data-testid="playbook-action"][data-action-kind="freeze"]');
    await poll(() => freeze.getByTestId('playbook-action-status').textContent()).toBe('待审批');
    await expect(freeze.getByTestId('playbook-awaiting').textContent()).resolves.toBe('等待风险经理审批');
    await expect(freeze.getByTestId('playbook-approve').count()).resolves.toBe(0);
    await poll(() => page.getByTestId('alert-event').first().textContent()).toContain('提出冻结/止付申请');
    await screenshot(page, 'alerts-06-playbook-requested');

    // The risk officer approves the freeze, with a note.
    const riskPage = await j.newPage();
    await j.login(riskPage, 'risk01');
    await riskPage.goto(`/alerts/${id}`);
    const riskPlaybook = riskPage.getByTestId('alert-playbook');
    const riskFreeze = riskPlaybook.locator('[data-testid="playbook-action"][data-action-kind="freeze"]');
    await riskFreeze.getByTestId('playbook-decision-note').fill('已核实，同意临时止付');
    await riskFreeze.getByTestId('playbook-approve').click();
    await riskPage.locator('.ant-popconfirm .ant-btn-primary').click();
    await poll(() => riskFreeze.getByTestId('playbook-action-status').textContent()).toBe('已批准');
    await expect(riskFreeze.getByTestId('playbook-decision').textContent()).resolves.toContain(
      '已核实，同意临时止付',
    );
    await expect(riskFreeze.getByTestId('playbook-decision-box').count()).resolves.toBe(0);
    await poll(() => riskPage.getByTestId('alert-event').first().textContent()).toContain(
      '批准冻结/止付申请',
    );

    // The risk officer's own limit review: they cannot decide it themselves.
    await riskPlaybook.getByTestId('playbook-kind').getByText('额度复核').click();
    // antd puts the test id on the input itself, or on its wrapper.
    await riskPlaybook
      .locator('input[data-testid="playbook-limit"], [data-testid="playbook-limit"] input')
      .fill('3000000');
    await poll(() => riskPlaybook.getByTestId('playbook-limit-preview').textContent()).toBe('300.00万元');
    await riskPlaybook.getByTestId('playbook-note').fill('资金异常流出，建议压降授信额度');
    await riskPlaybook.getByTestId('playbook-submit').click();
    const review = riskPlaybook.locator('[data-testid="playbook-action"][data-action-kind="limit_review"]');
    await poll(() => review.getByTestId('playbook-action-status').textContent()).toBe('待审批');
    await expect(review.getByTestId('playbook-action-limit').textContent()).resolves.toContain('300.00万元');
    await expect(review.getByTestId('playbook-own-request').textContent()).resolves.toContain(
      '须由另一位风险经理审批',
    );
    await expect(review.getByTestId('playbook-approve').count()).resolves.toBe(0);

    // A second risk officer, created by the admin, rejects it.
    const created = await admin.send('POST', '/api/users', {
      username: 'risk02',
      displayName: '风控复核员',
      role: 'risk_officer',
      password: j.demoPassword,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const secondPage = await j.newPage();
    await j.login(secondPage, 'risk02');
    await secondPage.goto(`/alerts/${id}`);
    const secondReview = secondPage
      .getByTestId('alert-playbook')
      .locator('[data-testid="playbook-action"][data-action-kind="limit_review"]');
    await secondReview.getByTestId('playbook-decision-note').fill('额度暂不调整，先观察一个月');
    await secondReview.getByTestId('playbook-reject').click();
    await poll(() => secondReview.getByTestId('playbook-action-status').textContent()).toBe('已驳回');
    await expect(secondReview.getByTestId('playbook-decision').textContent()).resolves.toContain(
      '风控复核员',
    );
    await poll(() => secondPage.getByTestId('alert-event').first().textContent()).toContain(
      '驳回额度复核申请',
    );
    await screenshot(secondPage, 'alerts-07-playbook-decided');

    const stored = await rm.getOk<Alert>(`/api/alerts/${id}`);
    expect(stored.status).toBe('in_progress');
    expect(stored.actions.map((a) => [a.kind, a.status])).toEqual([
      ['contact_task', 'done'],
      ['freeze', 'approved'],
      ['limit_review', 'rejected'],
    ]);
    expect(stored.actions[0]?.taskId).not.toBeNull();
    expect(stored.actions[1]?.decisionNote).toBe('已核实，同意临时止付');
    expect(stored.actions[2]?.proposedLimitMinor).toBe(300_000_000);

    // The RM's page follows: the freeze shows as approved.
    await page.reload();
    await poll(() => freeze.getByTestId('playbook-action-status').textContent()).toBe('已批准');
  });

  it('a risk officer works in English: the inbox, an alert and why it fired, the rules and the editor', async () => {
    const risk = await j.apiLogin('risk01');
    const rm = await j.apiLogin('rm01');
    const admin = await j.apiLogin('admin');
    // A client of rm01's whose balance drains: the risk officer sees the bank's alerts. The name is data.
    const client = await newClient(rm, '英文版', '19790612');
    await drainBalance(rm, admin, client);
    const drainAlert = async () =>
      (await risk.getOk<AlertPage>(`/api/alerts?clientId=${client.id}`)).items.find(
        (a) => a.rule.code === 'balance_drain',
      );
    await poll(drainAlert).toBeDefined();
    const drain = await drainAlert();
    if (!drain) throw new Error('no balance_drain alert for the new client');

    const page = await j.newPage();
    await j.login(page, 'risk01');
    await page.getByTestId('lang-switch').getByText('EN', { exact: true }).click();
    await page.getByTestId('nav-alerts').click();
    await page.waitForURL('**/alerts');

    // The inbox: title, live mark, counts by severity, filters and columns, all in English.
    await poll(() => page.getByTestId('alerts-live').textContent()).toBe('Live');
    await expect(page.locator('main h3').first().textContent()).resolves.toContain('Alerts');
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Early warnings on the clients in your book',
    );
    // The counts load after the page: wait for each card to show what the API counts.
    for (const [severity, label] of [
      ['critical', 'Unresolved · Critical'],
      ['high', 'Unresolved · High'],
      ['medium', 'Unresolved · Medium'],
      ['low', 'Unresolved · Low'],
    ] as const) {
      await poll(async () => {
        const counts = (await risk.getOk<AlertPage>('/api/alerts?pageSize=1')).openBySeverity;
        const shown = await page.getByTestId(`alert-count-${severity}`).textContent();
        return shown === `${label}${counts[severity]}` ? 'matches' : `${shown} (API ${counts[severity]})`;
      }).toBe('matches');
    }
    await expect(page.getByTestId('alert-badge').getAttribute('aria-label')).resolves.toMatch(
      /^Alerts, \d+ not resolved$/,
    );
    await expect(
      page.getByTestId('alert-filter-status').locator('.ant-segmented-item-label').allTextContents(),
    ).resolves.toEqual(['All', 'Open', 'Acknowledged', 'In progress', 'Resolved']);
    await expect(page.getByTestId('alert-filter-severity').textContent()).resolves.toBe('All severities');
    // A severity card filters the list to it.
    await page.getByTestId('alert-count-high').click();
    await poll(() => page.getByTestId('alert-filter-severity').textContent()).toBe('High');
    const row = page.locator(`[data-testid="alert-row"][data-alert-id="${drain.id}"]`);
    await poll(() => row.getByTestId('alert-rule').textContent()).toBe('Sudden balance drain');
    await expect(page.locator('main .ant-table-thead th').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['Severity', 'Rule', 'Client', 'Status', 'Raised', 'Due', 'Owner', 'Hits']),
    );
    await expect(row.getByTestId('severity-tag').textContent()).resolves.toBe('High');
    await expect(row.getByTestId('alert-status').textContent()).resolves.toBe('Open');
    expect(
      await chineseIn(page, 'main', ['[data-testid="alert-client"]', '[data-testid="alert-owner"]']),
    ).toEqual([]);
    await screenshot(page, 'alerts-08-inbox-en');

    // The alert: what fired and why, the balance, what can be done, what happened.
    await row.getByTestId('alert-rule').click();
    await page.waitForURL(`**/alerts/${drain.id}`);
    await poll(() => page.getByTestId('alert-title').textContent()).toBe('Sudden balance drain');
    await expect(page.getByTestId('alert-page-status').textContent()).resolves.toBe('Open');
    await expect(page.getByText('Back to alerts').count()).resolves.toBe(1);
    await poll(() => page.getByTestId('evidence-row').count()).toBeGreaterThanOrEqual(1);
    // ¥1,000,000 two days ago, ¥400,000 now: 60% below the peak, the threshold.
    await expect(page.getByTestId('evidence-trace').allTextContents()).resolves.toEqual([
      'Balance drop from baseline: 60% ≥ 60%',
    ]);
    await expect(page.getByTestId('evidence-row').first().locator('.ant-tag').textContent()).resolves.toBe(
      'holds',
    );
    await expect(page.getByTestId('evidence-amount').first().textContent()).resolves.toBe('-¥300,000.00');
    await expect(page.locator('.ant-card-head-title').allTextContents()).resolves.toEqual(
      expect.arrayContaining([
        'BalanceRed lines mark when the rule fired',
        'EvidenceEach condition as the engine judged it at every hit',
        'Playbook',
        'Work the alert',
        'History',
      ]),
    );
    await expect(page.getByTestId('alert-event').first().textContent()).resolves.toMatch(
      /^Alert raised.* · System$/,
    );
    await expect(page.getByTestId('alert-acknowledge').textContent()).resolves.toBe('Acknowledge');
    await expect(page.getByTestId('alert-start').textContent()).resolves.toBe('Start work');
    await expect(page.getByTestId('alert-resolve').textContent()).resolves.toBe('Resolve');
    await expect(page.getByTestId('playbook-submit').textContent()).resolves.toBe('Create task');
    await page.getByTestId('alert-balance-chart').locator('canvas').first().waitFor();
    expect(
      await chineseIn(page, 'main', ['[data-testid="alert-client-link"]', '[data-testid="alert-owner"]']),
    ).toEqual([]);
    await screenshot(page, 'alerts-09-alert-page-en');

    // A further debit the same day adds to the open alert: its history says it was hit again.
    const more = await admin.send<TransactionBatchResult>('POST', '/api/transactions/batch', {
      source: 'core_banking',
      transactions: [
        {
          externalId: `alert-e2e-${client.id}-4`,
          accountNo: `6222${String(client.id).padStart(6, '0')}90000001`,
          bookedAt: new Date().toISOString(),
          amountMinor: 1_000_000,
          direction: 'debit',
          currency: 'CNY',
          channel: 'transfer',
          category: 'transfer_out',
          balanceAfterMinor: 39_000_000,
        },
      ],
    });
    expect(more.status, JSON.stringify(more.body)).toBe(200);
    await poll(async () => (await risk.getOk<Alert>(`/api/alerts/${drain.id}`)).hits).toBe(2);
    await page.reload();
    await poll(() => page.getByTestId('alert-event').first().textContent()).toMatch(
      /^Hit again1 more hit.* · System$/,
    );
    await expect(page.getByTestId('alert-event').last().textContent()).resolves.toMatch(/^Alert raised/);
    await page.getByTestId('alert-event').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'alerts-10-hit-again-en');

    // The rules, a definition read out, and the editor.
    await page.getByTestId('nav-rules').click();
    await page.waitForURL('**/rules');
    const drainRule = page.locator('[data-testid="rule-row"][data-rule-code="balance_drain"]');
    await poll(() => drainRule.getByTestId('rule-name').textContent()).toBe('Sudden balance drain');
    await expect(page.locator('main h3').first().textContent()).resolves.toBe('Warning rules');
    await expect(page.getByTestId('rule-new').textContent()).resolves.toBe('New rule');
    await expect(page.getByTestId('rule-import').textContent()).resolves.toBe('Import rule file');
    await expect(page.locator('main .ant-table-thead th').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['Code', 'Name', 'Severity', 'Status', 'Version', 'Change waiting', 'Actions']),
    );
    await drainRule.locator('.ant-table-row-expand-icon').click();
    const definition = page.getByTestId('rule-definition').first();
    await expect(definition.locator('.ant-card-head-title').textContent()).resolves.toBe(
      'Version v1, in effect',
    );
    await expect(definition.getByTestId('rule-condition').textContent()).resolves.toBe(
      '1. Balance drop from baseline ≥ 60%vs. the peak of the last 2 days; baseline at least ¥50,000.00',
    );
    await expect(definition.textContent()).resolves.toContain('Fires when all of these hold');
    // The proposer of a waiting change is data: their name stays as written.
    expect(await chineseIn(page, 'main', ['[data-testid="rule-pending"]'])).toEqual([]);
    await screenshot(page, 'alerts-10-rules-en');

    await drainRule.getByTestId('rule-edit').click();
    const editor = page.getByTestId('rule-editor');
    await editor.getByTestId('rule-editor-json').waitFor();
    await expect(editor.locator('.ant-drawer-title').textContent()).resolves.toBe(
      'Edit rule: Sudden balance drain (balance_drain)',
    );
    await expect(editor.getByTestId('rule-editor-submit').textContent()).resolves.toBe('Submit for approval');
    await expect(editor.getByTestId('backtest-run').textContent()).resolves.toBe('Run backtest');
    await expect(editor.textContent()).resolves.toContain('Based on v1, in effect');
    // The JSON holds the rule's names in both languages; everything around it is English.
    expect(await chineseIn(page, '[data-testid="rule-editor"]', ['textarea'])).toEqual([]);
    await screenshot(page, 'alerts-11-rule-editor-en');
  });

  it('answers within the contract', () => expect(j.contractDrift).toEqual([]));
});
