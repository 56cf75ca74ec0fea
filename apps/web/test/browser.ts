import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from './server.ts';

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
