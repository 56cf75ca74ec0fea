import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Me } from '@dossier/contract';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { REPO_ROOT, type RunningServer, startServer } from './server.ts';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-artifacts/screenshots');

/** The system's Chromium (Debian: `apt-get install -y chromium`), or CHROMIUM_PATH. Never downloads one. */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH points at ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const binary = found.stdout.trim();
    if (found.status === 0 && binary) return binary;
  }
  throw new Error(
    'No Chromium found for the browser tests. Install it (Debian/Ubuntu: `apt-get install -y chromium`) ' +
      'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  try {
    execFileSync(executablePath, ['--version'], { stdio: 'ignore', timeout: 15_000 });
  } catch (cause) {
    throw new Error(`Chromium at ${executablePath} does not start: ${String(cause)}`);
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // Let antd's motion (drawers, dropdowns) settle so the picture shows the resting state.
  await page.waitForTimeout(350);
  // A full-page picture is taken from the top, so the sticky menu sits where a person first sees it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Builds apps/web into apps/web/dist, which the server serves; the browser tests then see the current code. */
export function buildWeb(): void {
  const vite = path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: path.join(REPO_ROOT, 'apps/web'),
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

/** What the server answered: the status and the parsed JSON body (`null` for an empty one). */
export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** A signed-in HTTP client for arranging data and checking what the browser did. */
export interface ApiSession {
  me: Me;
  /** GET `path`, whatever the status. */
  get: <T>(path: string) => Promise<ApiAnswer<T>>;
  /** GET `path`, which must answer 200: the body. */
  getOk: <T>(path: string) => Promise<T>;
  send: <T>(
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ) => Promise<ApiAnswer<T>>;
  /** POST a multipart form (an upload), as the browser's FormData sends it. */
  sendForm: <T>(path: string, form: FormData) => Promise<ApiAnswer<T>>;
}

export interface Journeys {
  /** The running server's origin, e.g. `http://127.0.0.1:40123`; read it inside tests and hooks. */
  readonly baseUrl: string;
  /** The demo password, which `login` and `apiLogin` sign in with: give it to users a test creates. */
  readonly demoPassword: string;
  /**
   * A page in a fresh browser context (its own cookies), 1440×900, zh-CN, whose relative URLs resolve
   * against the server: `page.goto('/clients/7')`.
   */
  newPage: () => Promise<Page>;
  /** Signs `username` in through the login page, with the demo password. */
  login: (page: Page, username: string) => Promise<void>;
  /** Signs `username` in over HTTP, for arranging data and checking what the browser did. */
  apiLogin: (username: string) => Promise<ApiSession>;
  /**
   * What the app reported as answers outside the contract (`[dossier] …` console errors) on every page
   * opened so far; a journey file ends by expecting it to be empty.
   */
  readonly contractDrift: readonly string[];
}

/**
 * The harness of a browser journey file. Call it once in the `describe` body: it registers the
 * `beforeAll` that builds the web app (unless the global setup did), launches Chromium and starts a
 * server on a freshly seeded demo bank, and the `afterAll` that closes them again.
 *
 *     describe('…', () => {
 *       const j = journeys();
 *       it('…', async () => {
 *         const rm01 = await j.apiLogin('rm01');
 *         const page = await j.newPage();
 *         await j.login(page, 'rm01');
 *         await page.goto('/clients');
 *       });
 *       it('answers within the contract', () => expect(j.contractDrift).toEqual([]));
 *     });
 */
export function journeys(
  options: { locale?: string; viewport?: { width: number; height: number } } = {},
): Journeys {
  const { locale = 'zh-CN', viewport = { width: 1440, height: 900 } } = options;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const contractDrift: string[] = [];

  beforeAll(async () => {
    if (process.env.DOSSIER_E2E_SKIP_BUILD !== '1') buildWeb();
    browser = await launchChromium();
    server = await startServer();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  const running = (): { server: RunningServer; browser: Browser } => {
    if (!server || !browser) throw new Error('the browser journeys have not started: use them inside tests');
    return { server, browser };
  };

  const harness: Journeys = {
    get baseUrl() {
      return running().server.baseUrl;
    },
    get demoPassword() {
      return running().server.demoPassword;
    },
    get contractDrift() {
      return contractDrift;
    },
    async newPage() {
      const { server, browser } = running();
      const context = await browser.newContext({ viewport, locale, baseURL: server.baseUrl });
      contexts.push(context);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error' && message.text().includes('[dossier]'))
          contractDrift.push(message.text());
      });
      return page;
    },
    async login(page, username) {
      const { server } = running();
      await page.goto(`${server.baseUrl}/login`);
      try {
        await page.getByTestId('login-username').waitFor();
      } catch (error) {
        await screenshot(page, `login-failed-${username}`);
        throw error;
      }
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(server.demoPassword);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('current-user').waitFor();
    },
    apiLogin: (username) => apiLogin(running().server, username),
  };
  return harness;
}

async function apiLogin(server: RunningServer, username: string): Promise<ApiSession> {
  const response = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: server.demoPassword }),
  });
  if (response.status !== 200) throw new Error(`API login as ${username} answered ${response.status}`);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  const me = (await response.json()) as Me;
  return {
    me,
    get: async <T>(path: string) => {
      const answer = await fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
      return { status: answer.status, body: (await answer.json()) as T };
    },
    getOk: async <T>(path: string) => {
      const answer = await fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
      if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}`);
      return (await answer.json()) as T;
    },
    send: async <T>(
      method: 'POST' | 'PATCH',
      path: string,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      const answer = await fetch(`${server.baseUrl}${path}`, {
        method,
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      const text = await answer.text();
      return { status: answer.status, body: (text ? JSON.parse(text) : null) as T };
    },
    sendForm: async <T>(path: string, form: FormData) => {
      const answer = await fetch(`${server.baseUrl}${path}`, {
        method: 'POST',
        headers: { cookie },
        body: form,
      });
      const text = await answer.text();
      return { status: answer.status, body: (text ? JSON.parse(text) : null) as T };
    },
  };
}

/**
 * Chooses an option of the antd Select marked `testId` with the keyboard, as a person using it would:
 * focus it, type `search` if given (for selects that look options up as one types), open it, move
 * down to the first option whose text contains `label` (or take the one already active when no label
 * is given) and press Enter. Then the select must show that option and its popup must close.
 *
 * The keyboard does not depend on where the popup is drawn: under load antd's popup can still be
 * sliding in, or parked off screen before it is aligned, when a mouse click would land. A choice that
 * did not take is tried again, three times in all.
 */
export async function pickOption(
  page: Page,
  testId: string,
  label?: string,
  options: { search?: string } = {},
): Promise<void> {
  const select = page.getByTestId(testId);
  const input = select.locator('input');
  for (let attempt = 1; ; attempt++) {
    try {
      const { chosen, popup } = await chooseByKeyboard(page, input, label, options.search);
      await expect.poll(() => select.textContent(), { timeout: 5000 }).toContain(chosen);
      await popup.waitFor({ state: 'hidden', timeout: 5000 });
      return;
    } catch (error) {
      if (attempt >= 3)
        throw new Error(`could not choose ${label ?? 'an option'} in ${testId}: ${String(error)}`, {
          cause: error,
        });
    }
  }
}

/** One keyboard pass over an antd Select: the text it chose, and the select's popup. */
async function chooseByKeyboard(
  page: Page,
  input: Locator,
  label: string | undefined,
  search: string | undefined,
): Promise<{ chosen: string; popup: Locator }> {
  await expect.poll(() => input.isEnabled(), { timeout: 10_000 }).toBe(true);
  await input.focus();
  if (search !== undefined) await input.fill(search);
  if ((await input.getAttribute('aria-expanded')) !== 'true') await input.press('Enter');
  await expect.poll(() => input.getAttribute('aria-expanded'), { timeout: 5000 }).toBe('true');
  const listId = await input.getAttribute('aria-controls');
  if (!listId) throw new Error('the select opened without naming its list');
  // This select's own popup: a closing one of another select may still be in the page.
  const popup = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listId}"]`) });
  await popup.locator('.ant-select-item-option').first().waitFor({ state: 'attached', timeout: 10_000 });
  const active = popup.locator('.ant-select-item-option-active');
  let first: string | undefined;
  for (let step = 0; step < 200; step++) {
    const text = (await active.textContent({ timeout: 5000 })) ?? '';
    if (label === undefined || text.includes(label)) {
      await input.press('Enter');
      return { chosen: label ?? text, popup };
    }
    // The list wraps around: back at the first option means the label is not among them.
    if (text === first) break;
    first ??= text;
    await input.press('ArrowDown');
  }
  throw new Error(`no option ${label} in the list`);
}
